"""Save real model files and measure them in bytes.

File size depends on shapes, layer names and whether the optimizer is built,
not on the weight values: so a sweep can build models without training them.
Files go to a TemporaryDirectory, which is removed even when saving fails.
"""

from __future__ import annotations

import os
import tempfile

import keras

from components.model import build_compiled
from components.params import summarize
from components.results import KERAS_WITH_OPTIMIZER, KERAS_WITHOUT_OPTIMIZER, SizePoint
from components.spec import ModelSpec

# Hidden width of the first layer in the sweep; deeper layers halve it, as the seed did.
SWEEP_BASE_WIDTHS = (2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512)


def keras_file_bytes(model: keras.Model) -> int:
    """Exact size of ``model.save(path.keras)``."""
    with tempfile.TemporaryDirectory(prefix="paramlab-") as folder:
        path = os.path.join(folder, "model.keras")
        model.save(path)
        return os.path.getsize(path)


def halving_widths(base: int, depth: int) -> tuple[int, ...]:
    return tuple(max(1, base >> i) for i in range(depth))


def sweep(spec: ModelSpec) -> list[SizePoint]:
    """Save untrained models of the spec's shape at many widths, with and without optimizer."""
    points: list[SizePoint] = []
    depth = len(spec.widths)
    for widths in dict.fromkeys(halving_widths(b, depth) for b in SWEEP_BASE_WIDTHS):
        variant = spec.with_widths(widths)
        counts = summarize(variant)
        model = build_compiled(variant)
        bare = keras_file_bytes(model)
        model.optimizer.build(model.trainable_variables)
        with_state = keras_file_bytes(model)
        for series, size in ((KERAS_WITHOUT_OPTIMIZER, bare), (KERAS_WITH_OPTIMIZER, with_state)):
            points.append(SizePoint(series, widths, counts.total, counts.dense_only, size))
    return points
