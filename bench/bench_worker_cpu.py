"""A worker's CPU for a new default-width training, and what each of its levers saves.

    python -m bench.bench_worker_cpu [--rounds 9] [--shipped-only]

The worker's own job (``jobs.run_training``: build the Keras model, train it, predict, save
the ``.keras`` file, clean up) for a width this process never trained, in CPU seconds, in a
process set up as the workers are. Interleaved in one run, so the ratios hold on a shared,
noisy machine:

- as shipped;
- with Keras emptying TensorFlow's kernel cache as it seeds and resets (the
  ``kernel_cache_kept`` hook off): the program is instantiated again for every training;
- with the training program on TensorFlow's default executor (the
  ``on_single_threaded_executor`` hook off): its loops lowered to Switch/Merge frames;
- with numpy's BLAS on its own thread pool, as in a plain process (the workers keep it on
  one thread): its threads spin after each call of the predictions;
- with the Keras model and optimizer tracked by TensorFlow as they are built (the
  ``untracked_by_tensorflow`` hook off);
- with every training's first chunk a 25th of its epochs (no pace kept from the last
  training): two program calls where one does;
- and the seed's own ``model.fit`` as a user runs it (a fresh default process, before the
  rest: a Keras ``fit`` in this process would leave garbage every later job collects).

``--shipped-only``: as shipped alone, new widths one after another as a busy worker trains
them, with no other variant's training between (which leaves the caches colder).

``--against DIR --processes 5``: as shipped in this tree and in another copy of the project
(e.g. ``git archive`` of an earlier commit), each in fresh processes alternated, this tree
first: one process differs from the next by up to ~10% on the same code, so what holds is
the median of the processes' medians, and their ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent

AS_SHIPPED = "as shipped"
CACHE_EMPTIED = "kernel cache emptied by Keras"
DEFAULT_EXECUTOR = "default executor"
BLAS_POOL = "numpy's BLAS on a thread pool"
TRACKED = "built tracked by TensorFlow"
UNPACED = "first chunk a 25th of the epochs"
VARIANTS = (AS_SHIPPED, CACHE_EMPTIED, DEFAULT_EXECUTOR, BLAS_POOL, TRACKED, UNPACED)


class _NoPaces(dict):
    """A pace store that never keeps one: each training times its first chunk again."""

    def __setitem__(self, key, value) -> None:
        pass


class _NoProgress:
    def put(self, message) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--shipped-only", action="store_true")
    parser.add_argument("--against", type=Path, help="another copy of the project: A/B")
    parser.add_argument("--processes", type=int, default=5, help="with --against: per tree")
    parser.add_argument("--no-fit", action="store_true", help="skip the seed's fit")
    args = parser.parse_args()
    if args.against:
        return compare_trees(args.against.resolve(), args.processes, args.rounds)

    from bench.baselines import baseline_in_subprocess

    fit = None if args.no_fit else baseline_in_subprocess("default")
    from threadpoolctl import threadpool_limits

    from components.worker import family_program, jobs, training

    jobs.init_worker()  # TensorFlow set up and the default family traced, as in a worker

    from components.core.spec import ModelSpec
    from components.core.split import dataset_split

    split = dataset_split("iris", 0)
    caches = {variant: family_program.ProgramCache() for variant in VARIANTS}

    def variant(name: str):
        patches = contextlib.ExitStack()
        patches.enter_context(mock.patch.object(training, "PROGRAMS", caches[name]))
        if name == CACHE_EMPTIED:
            for module in (training, jobs):
                patches.enter_context(
                    mock.patch.object(module, "kernel_cache_kept", contextlib.nullcontext)
                )
        if name == DEFAULT_EXECUTOR:
            patches.enter_context(
                mock.patch.object(family_program, "on_single_threaded_executor", lambda p: p)
            )
        if name == BLAS_POOL:
            patches.enter_context(threadpool_limits(os.cpu_count(), user_api="blas"))
        if name == TRACKED:
            patches.enter_context(
                mock.patch.object(training, "untracked_by_tensorflow", contextlib.nullcontext)
            )
        if name == UNPACED:
            patches.enter_context(mock.patch.object(training, "_PACES", _NoPaces()))
        return patches

    def job_seconds(name: str, spec: ModelSpec) -> float:
        with variant(name):
            began = time.process_time()
            jobs.run_training(spec, split, 60, progress=_NoProgress(), cancel=threading.Event())
            return time.process_time() - began

    def instantiate_programs() -> None:
        """Each variant's program traced and instantiated again, untimed: Keras's own
        seeding and ``clear_session`` (the fit's, the emptying variant's) empty the cache.
        A whole training of another width, as a worker's last job was: it sets the pace."""
        for name in sorted(VARIANTS, key=lambda name: name != CACHE_EMPTIED):  # it first
            job_seconds(name, replace(ModelSpec(), widths=(3, 3)))

    variants = (AS_SHIPPED,) if args.shipped_only else VARIANTS
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    if args.shipped_only:
        job_seconds(AS_SHIPPED, replace(ModelSpec(), widths=(3, 3)))  # its pace, untimed
    for i in range(args.rounds):
        spec = replace(ModelSpec(), widths=(40 + i, 16))  # a width this process never trained
        for name in variants:
            if not args.shipped_only:
                instantiate_programs()
            seconds[name].append(job_seconds(name, spec))

    shipped = statistics.median(seconds[AS_SHIPPED])
    for name in variants:
        median = statistics.median(seconds[name])
        versus_fit = f", {median / fit:.3f}x the seed's fit" if fit else ""
        print(
            f"a new default width's training, {name}: {median:.4f} s of a worker's CPU "
            f"(median of {args.rounds}), {median / shipped:.2f}x as shipped{versus_fit}"
        )


def compare_trees(other: Path, processes: int, rounds: int) -> None:
    """As shipped here and in ``other``, in fresh processes alternated: this script, with
    each tree's ``components`` on the path."""
    medians: dict[Path, list[float]] = {ROOT: [], other: []}
    command = [sys.executable, __file__, "--shipped-only", "--no-fit"]
    for _ in range(processes):
        for root in medians:
            done = subprocess.run(
                [*command, "--rounds", str(rounds)],
                cwd=root,
                env={**os.environ, "PYTHONPATH": str(root)},
                capture_output=True,
                text=True,
                check=True,
            )
            seconds = float(done.stdout.split("training, as shipped: ")[1].split(" s ")[0])
            medians[root].append(seconds)
            print(f"{root}: {seconds:.4f} s", flush=True)
    here, there = (statistics.median(medians[root]) for root in (ROOT, other))
    print(
        f"a new default width's training as shipped, median of {processes} processes' medians "
        f"of {rounds}: this tree {here:.4f} s, {other} {there:.4f} s; this tree / against: "
        f"{here / there:.3f}x"
    )


if __name__ == "__main__":
    main()
