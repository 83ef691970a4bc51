"""Calibrate components/core/cost.py on this host: time real trainings, fit seconds per term.

    python -m bench.calibrate_cost [--seed 0] [--cores 1] [--dry-run]

Trains a grid of specs with the real trainer (``components.worker.training.train``) in this
process, set up as the workers are (``init_worker()``, ``gc.freeze()`` after the
warm-up, models forgotten between jobs). Each model family is trained once untimed first,
so its one-off trace (~0.7 s) is not counted: a worker pays it once, not per job. The host
is shared, so each job is timed as if the worker had its cores (``measure`` removes, chunk
by chunk, the time other processes took; short jobs run three times). Then fits
``cost.cost_terms`` to those seconds by least squares on relative error (a 0.2 s job
matters as much as a 60 s one), keeping every term's seconds non-negative so the
prediction never falls when a job grows. Prints the error on specs it did not fit on and
writes the seconds per term, the command and that error to
components/core/cost_calibration.json, which cost.py reads (``--dry-run``: only prints).
Takes ~4-5 minutes.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import statistics
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from components.core import cost
from components.core.spec import ModelSpec

# Model families (depth, BatchNorm, dropout, optimizer): each traces once (this process
# keeps all of their programs, where a worker keeps its latest few); BatchNorm and Dropout
# each on without the other.
DEFAULT = (2, True, 0.2, "adam")
DEEP = (6, True, 0.2, "adam")
PLAIN = (2, False, 0.0, "adam")
DEEP_PLAIN = (6, False, 0.0, "adam")
ONE_LAYER = (1, True, 0.2, "adam")
SGD = (3, True, 0.2, "sgd")
RMSPROP = (5, False, 0.2, "rmsprop")
ADAGRAD = (4, True, 0.0, "adagrad")
FAMILIES = (DEFAULT, DEEP, PLAIN, DEEP_PLAIN, SGD, RMSPROP, ONE_LAYER, ADAGRAD)
RANDOM_SPECS = 44  # every 4th is held out
MAX_RANDOM_S = 8.0  # by a rough prior: the random grid stays cheap, slow cases are chosen
REPEAT_BELOW_S, REPEATS_BELOW_S = 1.0, 3  # short jobs run 3 times, the fastest kept
MIN_CHUNKS_FOR_PACE = 4
# Trainings run on one core by default: what a worker gets when every worker is busy (the
# default pool has one worker per core, components/engine/host.py). Given both cores of this
# host, a wide model's job runs up to ~1.5x faster (TensorFlow spreads large elementwise
# ops over them), so timing unpinned would depend on what else the host runs.
DEFAULT_CORES = 1
# Rough seconds per term, only to keep random specs short; the fit does not use it.
PRIOR = {
    "fixed": 0.2,
    "layers": 5e-3,
    "parameters": 2e-7,
    "epochs": 1e-3,
    "steps": 6e-4,
    "layer_steps": 1e-4,
    "batchnorm_steps": 0.0,
    "dropout_steps": 0.0,
    "parameter_steps": 5e-9,
    "update_ops": 0.0,
    "flops": 4e-11,
}


def family_spec(family, widths, epochs: int, batch: int) -> ModelSpec:
    depth, batchnorm, dropout, optimizer = family
    return ModelSpec(
        widths=tuple(widths[:depth]),
        batchnorm=batchnorm,
        dropout=dropout,
        optimizer=optimizer,
        epochs=epochs,
        batch_size=batch,
    )


def slow_specs() -> tuple[list[ModelSpec], list[ModelSpec]]:
    """Chosen slow jobs (batch 1-16, wide, deep), to fit and to check near the 60 s limit."""
    fit = [
        family_spec(DEEP, (256,) * 6, 30, 1),
        family_spec(DEEP, (512,) * 6, 20, 1),
        family_spec(DEEP, (512,) * 6, 30, 2),
        family_spec(DEFAULT, (512, 512), 40, 1),
        family_spec(DEEP, (512,) * 6, 80, 16),
        family_spec(DEEP_PLAIN, (384,) * 6, 20, 1),
        family_spec(SGD, (512,) * 3, 20, 1),  # SGD and RMSprop: the update's share
        family_spec(RMSPROP, (384,) * 5, 20, 1),
    ]
    held_out = [
        family_spec(DEEP, (512,) * 6, 75, 1),  # ~60 s: where refusing matters
        family_spec(RMSPROP, (512, 256, 512, 256, 512), 40, 1),
        family_spec(PLAIN, (512, 512), 150, 4),
    ]
    return fit, held_out


def random_specs(seed: int) -> list[ModelSpec]:
    """Specs across families, log-uniform widths, epochs and batch sizes, cheap by PRIOR."""
    rng = np.random.default_rng(seed)
    specs: list[ModelSpec] = []
    while len(specs) < RANDOM_SPECS:
        family = FAMILIES[rng.integers(len(FAMILIES))]
        widths = np.exp(rng.uniform(math.log(2), math.log(512), 6)).astype(int)
        epochs = int(np.exp(rng.uniform(math.log(5), math.log(300))))
        batch = int(np.exp(rng.uniform(0, math.log(256))))
        spec = family_spec(family, widths.tolist(), epochs, batch)
        if cost.predict_seconds(spec, PRIOR) <= MAX_RANDOM_S:
            specs.append(spec)
    return specs


def describe(spec: ModelSpec) -> str:
    widths = "x".join(str(w) for w in spec.widths)
    flags = ("bn " if spec.batchnorm else "") + (f"do{spec.dropout:g} " if spec.dropout else "")
    return f"{widths} {flags}{spec.optimizer} e{spec.epochs} b{spec.batch_size}"


def measure(spec: ModelSpec) -> float:
    """Seconds of ``train(spec)`` as a warm worker runs it, less what other processes took
    from it; then forget the model, untimed.

    Epochs cost the same throughout a training, so a chunk of epochs (~0.1 s, reported by
    ``on_new_rows``) slower than the usual pace lost the difference to others' jobs on
    the shared cores. The usual pace is the 25th percentile of the chunks' seconds per
    epoch; each chunk's excess over it is taken off. (CPU time is no cleaner: TensorFlow's
    threads spin while they wait for the cores, so it grows under contention too.)
    """
    import keras

    from components.private_hooks import kernel_cache_kept
    from components.worker.training import train

    marks: list[tuple[float, int]] = []
    started = time.perf_counter()
    train(spec, on_new_rows=lambda done, _: marks.append((time.perf_counter(), done)))
    seconds = time.perf_counter() - started
    with kernel_cache_kept():  # as a worker forgets its models: its programs stay instantiated
        keras.backend.clear_session()
    gc.collect()
    # The first chunk also builds the model, so only the later ones set the pace.
    chunks = [(t1 - t0, e1 - e0) for (t0, e0), (t1, e1) in itertools.pairwise(marks)]
    if len(chunks) >= MIN_CHUNKS_FOR_PACE:
        pace = np.percentile([dt / epochs for dt, epochs in chunks], 25)
        seconds -= sum(max(0.0, dt - epochs * pace) for dt, epochs in chunks)
    return seconds


def uncontended_seconds(spec: ModelSpec) -> float:
    """What ``spec`` takes when the worker has its cores: short jobs, with too few chunks
    to set a pace, run three times and keep the fastest."""
    best = measure(spec)
    for _ in range(REPEATS_BELOW_S - 1):
        if best >= REPEAT_BELOW_S:
            break
        best = min(best, measure(spec))
    return best


def fit_seconds_per_term(specs: list[ModelSpec], seconds: list[float]) -> dict[str, float]:
    """Least squares on relative error, non-negative: a term fitted negative is dropped
    (set to 0) and the rest refitted, until none is."""
    names = list(cost.SECONDS_PER_TERM)
    rows = np.array([[cost.cost_terms(s)[n] for n in names] for s in specs], dtype=float)
    target = np.array(seconds)
    weighted, ones = rows / target[:, None], np.ones(len(target))
    active = list(range(len(names)))
    while True:
        # Columns scaled to unit norm: counts span 1 to 1e12, seconds 1e-12 to 1.
        scale = np.linalg.norm(weighted[:, active], axis=0)
        solution, *_ = np.linalg.lstsq(weighted[:, active] / scale, ones, rcond=None)
        solution /= scale
        if (solution >= 0).all():
            break
        active = [i for i, value in zip(active, solution, strict=True) if value >= 0]
    fitted = dict.fromkeys(names, 0.0)
    fitted.update({names[i]: float(v) for i, v in zip(active, solution, strict=True)})
    return fitted


def report(title: str, specs, seconds, fitted) -> str:
    """Prints each spec's predicted / measured seconds; returns the summary line."""
    ratios = []
    print(f"\n{title}: predicted / measured")
    for spec, measured in sorted(zip(specs, seconds, strict=True), key=lambda p: p[1]):
        predicted = cost.predict_seconds(spec, fitted)
        ratios.append(predicted / measured)
        print(f"  {describe(spec):42s} {predicted:7.2f} s / {measured:7.2f} s = {ratios[-1]:.2f}")
    worst = max(ratios, key=lambda r: abs(math.log(r)))
    median = statistics.median(abs(math.log(r)) for r in ratios)
    summary = (
        f"{len(ratios)} specs: median |error| {math.exp(median) - 1:.0%}, ratio range "
        f"{min(ratios):.2f}-{max(ratios):.2f}, worst {worst:.2f}"
    )
    print(f"  {summary}")
    return summary


def write_calibration(
    fitted: dict[str, float], command: str, held_out: str, path: Path = cost.CALIBRATION_FILE
) -> None:
    """Where cost.py reads it; each constant to 3 significant figures."""
    calibration = {
        "command": command,
        "held_out": held_out,
        "seconds_per_term": {name: float(f"{value:.3g}") for name, value in fitted.items()},
    }
    path.write_text(json.dumps(calibration, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="seed of the random grid")
    parser.add_argument("--cores", type=int, default=DEFAULT_CORES, help="cores to train on")
    parser.add_argument("--dry-run", action="store_true", help="print, write no calibration")
    args = parser.parse_args()
    # Before TensorFlow loads, so it sizes its thread pools to these cores.
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[: args.cores])
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    began = time.perf_counter()

    from components.worker import training
    from components.worker.family_program import ProgramCache
    from components.worker.jobs import init_worker

    init_worker()  # TensorFlow, numpy's BLAS and the hooks as in a worker
    # Every family's program kept: an evicted one would be traced again, and timed
    training.PROGRAMS = PROGRAMS = ProgramCache(size=len(FAMILIES))
    grid = random_specs(args.seed)
    fit_specs = [s for i, s in enumerate(grid) if i % 4 != 3]
    held_out = [s for i, s in enumerate(grid) if i % 4 == 3]
    slow_fit, slow_held_out = slow_specs()
    fit_specs += slow_fit
    held_out += slow_held_out
    for family in FAMILIES:  # trace every family once, untimed, as a worker would have
        measure(family_spec(family, (4,) * 6, 1, 32))
    gc.freeze()  # as the worker does after its warm-up
    traces = PROGRAMS.traces
    print(f"warm-up {time.perf_counter() - began:.1f} s; timing {len(fit_specs + held_out)} specs")
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores: above ~1 others are busy)")

    seconds = {}
    order = np.random.default_rng(args.seed).permutation(len(fit_specs + held_out))
    for i in order:  # shuffled, so the host's drift does not line up with kinds of spec
        spec = (fit_specs + held_out)[i]
        seconds[spec] = uncontended_seconds(spec)

    print(f"traces while timing: {PROGRAMS.traces - traces} (0: no trace was timed)")
    fitted = fit_seconds_per_term(fit_specs, [seconds[s] for s in fit_specs])
    report("fitted on", fit_specs, [seconds[s] for s in fit_specs], fitted)
    held_out_error = report("held out", held_out, [seconds[s] for s in held_out], fitted)
    everything = fit_specs + held_out
    committed = "the calibration in use (cost_calibration.json), every spec"
    report(committed, everything, [seconds[s] for s in everything], cost.SECONDS_PER_TERM)
    heavy_link = ModelSpec(widths=(512,) * 6, epochs=500, batch_size=1)
    print(
        f"\nthe issue's heavy link (6 x 512, 500 epochs, batch 1): "
        f"{cost.predict_seconds(heavy_link, fitted):.0f} s predicted; the seed's model: "
        f"{cost.predict_seconds(ModelSpec(), fitted):.2f} s; "
        f"6 x 512 default: {cost.predict_seconds(replace(heavy_link, batch_size=32), fitted):.1f} s"
    )
    command = f"python -m bench.calibrate_cost --seed {args.seed} --cores {args.cores}"
    print(f"\nseconds per term, from `{command}`:")
    for name, value in fitted.items():
        print(f"  {name:16s} {value:.3g}")
    if not args.dry_run:
        write_calibration(fitted, command, f"error on {held_out_error}")
        print(f"written to {cost.CALIBRATION_FILE}")
    print(f"\ntotal {time.perf_counter() - began:.0f} s; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
