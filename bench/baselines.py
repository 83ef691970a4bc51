"""The seed's own training, timed two ways: as a user runs it, and set up like our workers.

    python -m bench.baselines default|worker   # prints the 3 timed fits as JSON

A user runs ``model.fit`` in a default process. Our workers run with one thread per op,
grappler off, eager ops on their kernels and ``gc.freeze()``; ``model.fit`` set up the same
way is faster, so a ratio against it shows what the trainer itself gains.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time

from bench.live_app import ROOT
from components.core.spec import ModelSpec


def seed_post_fit_seconds(spec: ModelSpec) -> float:
    """The seed post's training: a fresh model, plain model.fit, 100 epochs, batch 32."""
    import keras

    from components.core.split import iris_split
    from components.worker.model import build_compiled

    split = iris_split(spec.seed)
    started = time.perf_counter()
    model = build_compiled(spec)
    model.fit(split.x_train, split.y_train, epochs=spec.epochs, batch_size=32, verbose=0)
    seconds = time.perf_counter() - started
    keras.backend.clear_session()
    return seconds


def fit_baseline(mode: str) -> list[float]:
    """The seed's build, compile and model.fit, in this fresh process set up as a user's
    default one or as the app's workers are."""
    import keras

    if mode == "worker":
        from components.worker.jobs import configure_tensorflow

        configure_tensorflow()
        keras.utils.set_random_seed(0)  # as the worker does
    seed_post_fit_seconds(ModelSpec(epochs=2))  # imports and first calls, untimed
    if mode == "worker":
        gc.collect()
        gc.freeze()
    return [seed_post_fit_seconds(ModelSpec()) for _ in range(3)]


def baseline_in_subprocess(mode: str) -> float | None:
    """Median of the 3 timed fits in a fresh ``--fit-baseline mode`` process; printed."""
    command = [sys.executable, "-m", "bench.baselines", mode]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        print(f"seed's model.fit, {mode} process failed:\n{done.stderr[-2000:]}")
        return None
    times = json.loads(done.stdout.splitlines()[-1])
    print(f"seed's model.fit, {mode} process: " + ", ".join(f"{t:.2f} s" for t in times))
    return statistics.median(times)


if __name__ == "__main__":
    print(json.dumps(fit_baseline(sys.argv[1])))
