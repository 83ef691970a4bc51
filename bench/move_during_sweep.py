"""A slider moved while the bytes sweep is measured: how soon is the new model trained?

    python -m bench.move_during_sweep [--rounds 3]

The page asks for a cold 6-layer sweep; a second later the user moves a slider. Streamlit
interrupts the old run (here: an exception from the sweep's next progress update) and the
new run asks for a training. Baseline, interleaved in the same process: a page that keeps
waiting, as before measurements could be cancelled, so the training queues behind the sweep.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import threading
import time
from dataclasses import replace

from components.core.spec import ModelSpec
from components.engine.engine import Engine

DEEP = ModelSpec(widths=(32, 16, 8, 4, 2, 1))


class Superseded(Exception):
    """Stands in for Streamlit's StopException/RerunException."""


def move_during_sweep(engine: Engine, fresh: int, cancels: bool) -> float:
    """Seconds from the slider move to the new training's result."""
    moved = threading.Event()

    def on_step(done: int, total: int) -> None:
        if cancels and moved.is_set():
            raise Superseded()

    spec = replace(DEEP, learning_rate=0.001 + fresh * 1e-5)  # a new cache key: a cold sweep

    def old_run() -> None:
        with contextlib.suppress(Superseded):
            engine.sweep(spec, on_step)

    page = threading.Thread(target=old_run)
    page.start()
    time.sleep(1.0)
    moved.set()
    started = time.perf_counter()
    engine.train(ModelSpec(widths=(50 + fresh, 20)))  # a new width: traced, not cached
    waited = time.perf_counter() - started
    page.join()
    return waited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    engine = Engine(workers=1)
    try:
        engine.train(ModelSpec(widths=(3,), epochs=1))  # wait for the worker to be up
        waiting, cancelling = [], []
        for round_ in range(rounds):
            waiting.append(move_during_sweep(engine, 2 * round_, cancels=False))
            cancelling.append(move_during_sweep(engine, 2 * round_ + 1, cancels=True))
            print(
                f"round {round_ + 1}: page keeps waiting {waiting[-1]:5.2f} s | "
                f"page moves on, sweep cancelled {cancelling[-1]:5.2f} s"
            )
        ratios = [w / c for w, c in zip(waiting, cancelling, strict=True)]
        print("slider moved 1 s into a cold 6-layer sweep; new training's result after:")
        print(f"  sweep runs to its end (before) : {statistics.median(waiting):5.2f} s median")
        print(f"  sweep cancelled (now)          : {statistics.median(cancelling):5.2f} s median")
        print(f"  median of per-round ratios     : {statistics.median(ratios):5.1f}x sooner")
    finally:
        engine.shutdown()


if __name__ == "__main__":
    main()
