"""Time the bytes sweep and the file report the way the page meets them: through the engine.

    python -m bench.bench_sweep

"Cold" is the first request for a shape in a worker that has loaded TensorFlow
(what a visitor waits for after changing depth, BatchNorm, dropout or optimizer);
"cached" is the same request again. The machine is shared, so seconds drift.
"""

from __future__ import annotations

import os
import statistics
import time

from components.engine import Engine
from components.results import SERIES
from components.spec import ModelSpec
from components.sweep_plan import SWEEP_BASE_WIDTHS

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


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    engine = Engine(workers=1)
    try:
        engine.train(ModelSpec(widths=(3,), epochs=1))  # wait for the worker to be up
        print(f"sweep: {len(SWEEP_BASE_WIDTHS)} widths x {len(SERIES)} series per shape")
        colds, cacheds = [], []
        for spec in SHAPES:
            cold, points = timed(lambda spec=spec: engine.sweep(spec))
            cached, _ = timed(lambda spec=spec: engine.sweep(spec))
            colds.append(cold)
            cacheds.append(cached)
            print(
                f"  depth {len(spec.widths)}, bn={spec.batchnorm}, {spec.optimizer:8s}: "
                f"{len(points)} files, cold {cold:5.2f} s, cached {cached * 1e3:6.3f} ms"
            )
        print(f"  median cold {statistics.median(colds):.2f} s, max {max(colds):.2f} s")
        for spec in (ModelSpec(), ModelSpec(widths=(64, 32))):
            cold, _ = timed(lambda spec=spec: engine.file_report(spec))
            cached, _ = timed(lambda spec=spec: engine.file_report(spec))
            print(
                f"file report {'/'.join(map(str, spec.widths))}: cold {cold:5.2f} s, "
                f"cached {cached * 1e3:6.3f} ms"
            )
    finally:
        engine.shutdown()


if __name__ == "__main__":
    main()
