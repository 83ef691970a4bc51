"""Time the ship job (TFLite three ways and gzip at every width) and what its conversions cost.

    python -m bench.bench_ship [--rounds 2]

"Cold" is the first request for a shape in a worker that has loaded TensorFlow (what the
Bytes tab's toggle waits for); "cached" the same again. Printed against the seed's own
``model.fit`` in a fresh default process, timed in the same run (bench/baselines.py).
Then, in this process, one width's conversion paths: each one's time and whether its
bytes equal the exported SavedModel's (the ship job's), and gzip's levels.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import tempfile
import time
from dataclasses import replace

from bench.baselines import baseline_in_subprocess
from components.core.spec import ModelSpec
from components.core.sweep_plan import sweep_widths
from components.engine.engine import Engine

SHAPES = (ModelSpec(), ModelSpec(widths=(32, 16, 8, 4, 2, 1)))


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def through_the_engine(rounds: int, fit: float | None) -> None:
    engine = Engine(workers=1, store=None)
    try:
        engine.train(ModelSpec(widths=(3,), epochs=1))  # wait for the worker to be up
        for spec in SHAPES:
            colds, cached = [], []
            for round_ in range(rounds):
                # A new learning rate makes a new key: the same files, measured cold.
                fresh = replace(spec, learning_rate=0.001 * (round_ + 2))
                cold, _ = timed(lambda s=fresh: engine.ship(s))
                again, _ = timed(lambda s=fresh: engine.ship(s))
                colds.append(cold)
                cached.append(again)
            cold = statistics.median(colds)
            ratio = f", {cold / fit:.1f}x the seed's fit" if fit else ""
            widths = len(sweep_widths(len(spec.widths)))
            print(
                f"ship job, depth {len(spec.widths)} ({widths} widths x 4 files): cold "
                f"{cold:5.1f} s (runs {', '.join(f'{c:.1f}' for c in colds)}){ratio}; "
                f"cached {statistics.median(cached) * 1e3:.3f} ms"
            )
    finally:
        engine.shutdown()


def conversion_paths(widths: tuple[int, ...] = (64, 32), repeats: int = 3) -> None:
    """One width's files by each way of converting, in a process set up like a worker."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from components.worker.jobs import configure_tensorflow

    configure_tensorflow()
    import gc

    import tensorflow as tf
    from tensorflow.python.framework.convert_to_constants import (
        convert_variables_to_constants_v2,
    )

    from components.core.ship import gzipped_size
    from components.worker.measure_files import fill_like_trained
    from components.worker.model import build_compiled
    from components.worker.serialization import keras_file_content
    from components.worker.ship_files import tflite_files

    spec = ModelSpec(widths=widths)
    model = build_compiled(spec)
    model.optimizer.build(model.trainable_variables)
    fill_like_trained(model, spec.seed)
    gc.collect()
    gc.freeze()  # as a worker's heap is after its warm-up: the converter's gc.collect is cheap

    def fresh(folder: str, kind: str) -> bytes:
        converter = tf.lite.TFLiteConverter.from_saved_model(folder)
        if kind != "float32":
            converter.optimizations = [tf.lite.Optimize.DEFAULT]
        if kind == "float16":
            converter.target_spec.supported_types = [tf.float16]
        return converter.convert()

    def frozen() -> bytes:
        signature = tf.TensorSpec([None, spec.data.n_features], tf.float32, name="features")
        function = tf.function(lambda x: model(x, training=False)).get_concrete_function(signature)
        constants = convert_variables_to_constants_v2(function)
        return tf.lite.TFLiteConverter.from_concrete_functions([constants]).convert()

    with tempfile.TemporaryDirectory() as folder:
        saved = os.path.join(folder, "saved")
        export_s = min(timed(lambda: model.export(saved, verbose=False))[0] for _ in range(repeats))
        reference = fresh(saved, "float32")
        paths = {
            "3 fresh from_saved_model converters": lambda: [
                fresh(saved, k) for k in ("float32", "float16", "int8")
            ],
            "1 from_saved_model converter reused (the ship job)": lambda: list(
                tflite_files(saved).values()
            ),
            "3 from_keras_model converters": lambda: [
                tf.lite.TFLiteConverter.from_keras_model(model).convert() for _ in range(3)
            ],
            "3 frozen concrete functions": lambda: [frozen() for _ in range(3)],
        }
        print(f"one width ({'/'.join(map(str, widths))}): model.export {export_s:.2f} s, then")
        for name, convert in paths.items():
            seconds, files = min((timed(convert) for _ in range(repeats)), key=lambda r: r[0])
            first = files[0]
            same = "identical" if first == reference else "differ"
            print(
                f"  {name}: {seconds:.2f} s; float32 file {len(first):,} bytes vs "
                f"the SavedModel's {len(reference):,}: {same}"
            )
        fresh_files = [fresh(saved, k) for k in ("float32", "float16", "int8")]
        reused = list(tflite_files(saved).values())
        print(f"  reused converter's 3 files equal 3 fresh converters': {fresh_files == reused}")
    data = keras_file_content(model)
    levels = ", ".join(
        f"level {level} {len(gzip.compress(data, level, mtime=0)):,}" for level in (1, 6, 9)
    )
    print(f".keras {len(data):,} bytes gzipped: {levels} (the job's: {gzipped_size(data):,})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    rounds = parser.parse_args().rounds
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    fit = baseline_in_subprocess("default")
    through_the_engine(rounds, fit)
    conversion_paths()


if __name__ == "__main__":
    main()
