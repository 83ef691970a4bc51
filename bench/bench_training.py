"""Speed of the app's training path against the seed's model.fit, in one run.

    python -m bench.bench_training [--rounds 5]

The machine is shared and noisy, so absolute seconds drift; the ratios, measured
interleaved in the same run, are what to compare. Every app-path training uses a
width never trained before in that worker. Two baselines: the seed's plain model.fit in
this default process, interleaved with the app path (what a user would run), and
model.fit in a fresh process set up exactly like the app's workers (bench/baselines.py:
what the trainer itself gains).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from bench.baselines import baseline_in_subprocess, seed_post_fit_seconds
from components.core.spec import ModelSpec
from components.engine.engine import Engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

    engine = Engine(workers=1)
    engine.train(ModelSpec(widths=(3, 3), epochs=2))  # wait for the worker to be up
    seed_post_fit_seconds(ModelSpec(epochs=2))  # load TensorFlow here before timing

    fit_times, app_times, inner_times, cached_times = [], [], [], []
    for i in range(args.rounds):
        spec = ModelSpec(widths=(40 + i, 20 + i))  # new widths: nothing traced for them yet
        fit_times.append(seed_post_fit_seconds(ModelSpec()))
        started = time.perf_counter()
        result = engine.train(spec)
        app_times.append(time.perf_counter() - started)
        inner_times.append(result.seconds)
        started = time.perf_counter()
        engine.train(spec)
        cached_times.append(time.perf_counter() - started)
        print(
            f"round {i + 1}: model.fit {fit_times[-1]:.2f} s | app path {app_times[-1]:.2f} s "
            f"= {fit_times[-1] / app_times[-1]:.1f}x "
            f"(worker {inner_times[-1]:.2f} s) | cached {cached_times[-1] * 1e3:.2f} ms"
        )
    engine.shutdown()

    fit, app = statistics.median(fit_times), statistics.median(app_times)
    print()
    print(f"median over {args.rounds} rounds (default spec: 2 hidden layers, BN, Adam, 100 epochs)")
    print(f"  seed's model.fit(epochs=100, batch_size=32), fresh model : {fit:6.2f} s")
    print(f"  app path, new width, end to end (worker, IPC, .keras save): {app:6.2f} s")
    print(
        f"  of which training in the worker                          : "
        f"{statistics.median(inner_times):6.2f} s"
    )
    print(
        f"  same spec again (cache)                                   : "
        f"{statistics.median(cached_times) * 1e3:6.2f} ms"
    )
    ratios = [f / a for f, a in zip(fit_times, app_times, strict=True)]
    print(f"  speed-up, ratio of the medians                            : {fit / app:6.1f}x")
    print(
        f"  speed-up, median of the per-round ratios                  : "
        f"{statistics.median(ratios):6.1f}x"
    )
    worker_fit = baseline_in_subprocess("worker")
    if worker_fit is not None:
        print(f"  seed's model.fit in a process set up like the workers    : {worker_fit:6.2f} s")
        print(
            f"  speed-up against it, ratio of the medians                 : "
            f"{worker_fit / app:6.1f}x"
        )


if __name__ == "__main__":
    main()
