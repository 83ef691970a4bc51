"""The bytes people ship, for every width of the sweep: TFLite files and the gzipped .keras.

Runs in a worker (imports TensorFlow), only when a page asks (``?ship=true``): each width
is exported once as a SavedModel (~0.25 s) and converted three times (~0.2 s each), about
5 times slower than the sweep's saves. Converting a frozen concrete function instead is
~3x faster but makes another file (no ``serving_default`` signature, other tensor names:
152 bytes fewer at 64/32), so the files here are the ones ``from_saved_model`` and
``from_keras_model`` make (``bench/bench_ship.py`` shows both).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable

import tensorflow as tf

from components.core.params import summarize
from components.core.results import Series, SizePoint
from components.core.ship import gzipped_size
from components.core.spec import ModelSpec
from components.core.sweep_plan import sweep_widths
from components.private_hooks import cache_keras_attr_skipsets
from components.worker.measure_files import fill_like_trained
from components.worker.model import build_compiled
from components.worker.serialization import keras_file_content

TFLITE_SERIES = (
    ("float32", Series.TFLITE_FLOAT32),
    ("float16", Series.TFLITE_FLOAT16),
    ("int8", Series.TFLITE_INT8),
)


def tflite_files(saved_model: str) -> dict[str, bytes]:
    """The SavedModel converted to each of float32, float16 and dynamic-range int8.

    One converter for all three: it reads the SavedModel anew on each ``convert()``, and
    its files equal three fresh converters' byte for byte (tests/test_ship_files.py), for
    ~0.1 s less a file.
    """
    converter = tf.lite.TFLiteConverter.from_saved_model(saved_model)
    files = {}
    for kind, _ in TFLITE_SERIES:
        quantized = kind != "float32"
        converter.optimizations = [tf.lite.Optimize.DEFAULT] if quantized else []
        converter.target_spec.supported_types = [tf.float16] if kind == "float16" else []
        files[kind] = converter.convert()
    return files


def ship_sweep(spec: ModelSpec, on_step: Callable[[], None] = lambda: None) -> list[SizePoint]:
    """At each width of the sweep: the model with trained-like numbers (TFLite folds
    constants, and gzip compresses zeros away) gzipped as ``.keras`` with its optimizer,
    and converted to TFLite three ways. ``on_step()`` after each width (it may raise to
    stop)."""
    cache_keras_attr_skipsets()
    points: list[SizePoint] = []
    with tempfile.TemporaryDirectory(prefix="paramlab-") as folder:
        for widths in sweep_widths(len(spec.widths)):
            variant = spec.with_widths(widths)
            counts = summarize(variant)
            model = build_compiled(variant)
            model.optimizer.build(model.trainable_variables)
            fill_like_trained(model, spec.seed)
            sizes = {Series.KERAS_GZIP: gzipped_size(keras_file_content(model))}
            saved_model = os.path.join(folder, "saved_model")
            model.export(saved_model, verbose=False)
            files = tflite_files(saved_model)
            shutil.rmtree(saved_model)
            sizes |= {series: len(files[kind]) for kind, series in TFLITE_SERIES}
            points += [
                SizePoint(series, widths, counts.total, counts.dense_only, size)
                for series, size in sizes.items()
            ]
            on_step()
    return points
