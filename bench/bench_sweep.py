"""Time the bytes sweep and the file report the way the page meets them: through the engine.

    python -m bench.bench_sweep [--rounds 3]

"Cold" is the first request for a shape in a worker that has loaded TensorFlow
(what a visitor waits for after changing depth, BatchNorm, dropout or optimizer);
"cached" is the same request again. The machine is shared, so seconds drift: each
round also trains the seed's model at a width not seen before (what every slider
move costs) and the sweeps are given as ratios to that training, from the same round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import replace

from components.core.results import SWEEP_SERIES
from components.core.spec import ModelSpec
from components.core.sweep_plan import SWEEP_BASE_WIDTHS
from components.engine.engine import Engine

SHAPES = (
    ModelSpec(),  # the seed's model: 2 hidden layers, BatchNorm, dropout, Adam
    ModelSpec(widths=(32,), optimizer="sgd"),
    ModelSpec(widths=(32, 16, 8), batchnorm=False, dropout=0.0, optimizer="rmsprop"),
    ModelSpec(widths=(32, 16, 8, 4, 2, 1)),
)


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def describe(spec: ModelSpec) -> str:
    return f"depth {len(spec.widths)}, bn={spec.batchnorm!s:5}, {spec.optimizer:8}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    engine = Engine(workers=1)
    try:
        engine.train(ModelSpec(widths=(3,), epochs=1))  # wait for the worker to be up
        print(f"sweep: {len(SWEEP_BASE_WIDTHS)} widths x {len(SWEEP_SERIES)} files per shape")
        colds: dict[ModelSpec, list[float]] = {spec: [] for spec in SHAPES}
        ratios: dict[ModelSpec, list[float]] = {spec: [] for spec in SHAPES}
        cached = []
        for round_ in range(rounds):
            training, _ = timed(lambda r=round_: engine.train(ModelSpec(widths=(41 + r, 23))))
            line = [f"round {round_ + 1}: training {training:4.2f} s"]
            for spec in SHAPES:
                # A new learning rate makes a new cache key: the same files, measured cold.
                fresh = replace(spec, learning_rate=0.001 * (round_ + 2))
                cold, _ = timed(lambda s=fresh: engine.sweep(s))
                again, _ = timed(lambda s=fresh: engine.sweep(s))
                colds[spec].append(cold)
                ratios[spec].append(cold / training)
                cached.append(again)
                line.append(f"{cold:4.2f}")
            print(" | ".join(line))
        print("cold sweep, median over rounds (ratio to a new-width training, same round):")
        for spec in SHAPES:
            print(
                f"  {describe(spec)}: {statistics.median(colds[spec]):5.2f} s "
                f"(max {max(colds[spec]):5.2f} s), "
                f"{statistics.median(ratios[spec]):4.2f}x a training"
            )
        print(f"cached sweep: median {statistics.median(cached) * 1e3:.3f} ms")
        for spec in (ModelSpec(), ModelSpec(widths=(64, 32))):
            cold, _ = timed(lambda spec=spec: engine.file_report(spec))
            again, _ = timed(lambda spec=spec: engine.file_report(spec))
            print(
                f"file report {'/'.join(map(str, spec.widths))}: cold {cold:5.2f} s, "
                f"cached {again * 1e3:6.3f} ms"
            )
    finally:
        engine.shutdown()


if __name__ == "__main__":
    main()
