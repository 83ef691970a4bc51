"""Save real model files and measure them in bytes.

File size depends on shapes, layer names and whether the optimizer is built,
not on the weight values: so a sweep can build models without training them.
Files go to a TemporaryDirectory, which is removed even when saving fails.
(TFLite is the exception: it folds constants, see ``export_formats``.)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator

import keras
from absl import logging as absl_logging

from components.core.params import summarize
from components.core.results import Series, SizePoint
from components.core.spec import ModelSpec
from components.core.sweep_plan import SWEEP_BASE_WIDTHS, halving_widths, sweep_widths
from components.private_hooks import cache_keras_attr_skipsets
from components.worker.model import build_compiled

__all__ = ["SWEEP_BASE_WIDTHS", "halving_widths", "keras_file_bytes", "keras_file_content"]

Save = Callable[[keras.Model, str], None]

# Each sweep file, saved once the optimizer is built (as after training).
SWEEP_SAVES: tuple[tuple[Series, str, Save], ...] = (
    (Series.KERAS_WITH_OPTIMIZER, "model.keras", lambda model, path: model.save(path)),
    (Series.H5_WITH_OPTIMIZER, "model.h5", lambda model, path: model.save(path)),
    (Series.WEIGHTS_H5, "model.weights.h5", lambda model, path: model.save_weights(path)),
)


@contextlib.contextmanager
def quiet_legacy_warning() -> Iterator[None]:
    """Keras logs "saving as HDF5 is legacy" on every .h5 save; we know, and save on purpose."""
    before = absl_logging.get_verbosity()
    absl_logging.set_verbosity(absl_logging.ERROR)
    try:
        yield
    finally:
        absl_logging.set_verbosity(before)


def saved_size(folder: str, name: str, model: keras.Model, save: Save) -> int:
    """Save ``model`` to ``folder/name`` and return the file's exact size in bytes."""
    path = os.path.join(folder, name)
    save(model, path)
    return os.path.getsize(path)


def keras_file_content(model: keras.Model) -> bytes:
    """The exact bytes of ``model.save(path.keras)``, read back once."""
    cache_keras_attr_skipsets()  # a quarter of a trained model's save
    with tempfile.TemporaryDirectory(prefix="paramlab-") as folder:
        path = os.path.join(folder, "model.keras")
        model.save(path)
        with open(path, "rb") as handle:
            return handle.read()


def keras_file_bytes(model: keras.Model) -> int:
    """Exact size of ``model.save(path.keras)``."""
    return len(keras_file_content(model))


def sweep(spec: ModelSpec, on_step: Callable[[], None] = lambda: None) -> list[SizePoint]:
    """Save untrained models of the spec's shape at many widths, in every sweep format.

    Each model is built once and saved in all formats: first as .keras before its
    optimizer is built, then, with the optimizer built, as each of SWEEP_SAVES.
    ``on_step()`` runs after each width (progress; it may raise to stop the sweep).
    """
    cache_keras_attr_skipsets()  # saves ~25% faster; clear_session after each job wipes it
    points: list[SizePoint] = []
    with tempfile.TemporaryDirectory(prefix="paramlab-") as folder, quiet_legacy_warning():
        for widths in sweep_widths(len(spec.widths)):
            variant = spec.with_widths(widths)
            counts = summarize(variant)
            model = build_compiled(variant)
            sizes = {
                Series.KERAS_WITHOUT_OPTIMIZER: saved_size(
                    folder, "bare.keras", model, lambda m, path: m.save(path)
                )
            }
            model.optimizer.build(model.trainable_variables)
            for series, name, save in SWEEP_SAVES:
                sizes[series] = saved_size(folder, name, model, save)
            points += [
                SizePoint(series, widths, counts.total, counts.dense_only, size)
                for series, size in sizes.items()
            ]
            on_step()
    return points
