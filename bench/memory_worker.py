"""What one training worker holds as a user tries many kinds of model, and what a repeat
move costs.

    python -m bench.memory_worker [--rounds 2] [--programs N]

In this process, set up as a worker is (``init_worker``): the ten varied specs
(bench/varied_use.py), each trained and swept as the page asks, twice round; the worker's
USS and PSS (psutil, /proc/<pid>/smaps_rollup) after each job. Then the speed of a repeat
move in one family (a new width of the last spec's family, and of the first's, which
the others may have pushed out of the worker's programs), against the seed's ``fit``
measured here too. ``--programs``: how many family programs the worker keeps (default:
the worker's own setting). The allocator TensorFlow's oneDNN ops use follows the worker's
setting unless ``TF_ONEDNN_USE_SYSTEM_ALLOCATOR`` is set (0: oneDNN's own pool).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import psutil

from bench.varied_use import VARIED_SPECS, label
from components.core.split import dataset_split

MB = 1024 * 1024


class _Channel:
    def put(self, message) -> None:
        pass

    def is_set(self) -> bool:
        return False


def memory() -> tuple[float, float]:
    info = psutil.Process().memory_full_info()
    return info.uss / MB, info.pss / MB


def reset_peak() -> None:
    """Start VmHWM (peak RSS) again from the current RSS (Linux's clear_refs "5")."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def peak_rss() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def timed_training(spec) -> float:
    from components.worker.jobs import run_training

    began = time.perf_counter()
    run_training(
        spec, dataset_split(spec.dataset, spec.seed), 600, progress=_Channel(), cancel=_Channel()
    )
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--programs", type=int, default=None)
    args = parser.parse_args()
    from components.worker import jobs, training

    jobs.init_worker()
    if args.programs is not None:
        training.PROGRAMS._size = args.programs
    print(f"family programs kept: {training.PROGRAMS._size}")
    peaks: list[float] = []
    uss, pss = memory()
    print(f"after init_worker            : USS {uss:6.0f} MB  PSS {pss:6.0f} MB")
    for round_ in range(1, args.rounds + 1):
        for spec in VARIED_SPECS:
            reset_peak()
            seconds = timed_training(spec)
            jobs.run_sweep(spec, progress=_Channel(), cancel=_Channel())
            uss, pss = memory()
            peaks.append(peak_rss())
            print(
                f"round {round_} {label(spec)}: train {seconds:5.2f} s  "
                f"USS {uss:6.0f} MB  PSS {pss:6.0f} MB  peak RSS in the jobs {peaks[-1]:6.0f} MB"
            )
    last, first = VARIED_SPECS[-2], VARIED_SPECS[0]  # the 6 x 512 is no slider move
    for name, spec in (("last family", last), ("first family", first)):
        widths = [replace(spec, widths=(w, *spec.widths[1:])) for w in (33, 34, 35)]
        times = [timed_training(s) for s in widths]
        print(f"repeat move, {name:12s}: " + "  ".join(f"{t:.2f} s" for t in times))
    print(f"traces in all: {training.PROGRAMS.traces}")
    print(f"largest peak RSS of any job  : {max(peaks):6.0f} MB")
    uss, pss = memory()
    print(f"at the end                   : USS {uss:6.0f} MB  PSS {pss:6.0f} MB")


if __name__ == "__main__":
    main()
