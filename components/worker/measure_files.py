"""Measure the current model's files: every format, every optimizer, every number format.

Runs in a worker (imports TensorFlow). The model is built, never trained: its
optimizer is built instead, which saves to exactly the trained byte count. Only
TFLite looks at values (it folds constants: the zero biases of a fresh model would
vanish), so the weights first get nonzero values, as training gives them.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable

import h5py
import keras
import numpy as np
import tensorflow as tf

from components.core.anatomy import h5_anatomy, h5_data_bytes, keras_anatomy
from components.core.file_report import (
    DtypeRow,
    FileFormat,
    FileReport,
    FormatSize,
    OptimizerRow,
    PartKind,
)
from components.core.i18n import Note
from components.core.params import summarize
from components.core.ship import GZIP_LEVEL, gzipped_size
from components.core.spec import ModelSpec
from components.private_hooks import cache_keras_attr_skipsets, tflite_schema
from components.worker.model import LOSS, build_compiled, build_model, make_optimizer
from components.worker.serialization import quiet_legacy_warning, saved_size

# (label, Keras class name, extra config): the app's optimizers plus instructive variants.
OPTIMIZER_CHOICES: tuple[tuple[str, str, dict[str, float | bool]], ...] = (
    ("sgd", "sgd", {}),
    ("sgd, momentum=0.9", "sgd", {"momentum": 0.9}),
    ("adagrad", "adagrad", {}),
    ("rmsprop", "rmsprop", {}),
    ("lion", "lion", {}),
    ("adam", "adam", {}),
    ("adamw", "adamw", {}),
    ("adam, amsgrad=True", "adam", {"amsgrad": True}),
    ("adafactor", "adafactor", {}),
)

# (file name, format, the call as the page shows it, how to save); optimizer built.
KERAS_SAVES = (
    ("model.keras", FileFormat.KERAS, 'model.save("m.keras")', lambda m, p: m.save(p)),
    ("model.h5", FileFormat.H5, 'model.save("m.h5")', lambda m, p: m.save(p)),
    (
        "bare.h5",
        FileFormat.H5_NO_OPTIMIZER,
        'model.save("m.h5", include_optimizer=False)',
        lambda m, p: m.save(p, include_optimizer=False),
    ),
    (
        "m.weights.h5",
        FileFormat.WEIGHTS_H5,
        'model.save_weights("m.weights.h5")',
        lambda m, p: m.save_weights(p),
    ),
)
TFLITE_KINDS = ("float32", "float16", "int8")
H5_DTYPES = ("float32", "float16", "bfloat16")
# Units of work in a file report, for its progress bar: the Keras saves, the SavedModel,
# each TFLite conversion, each optimizer and each number format.
FILE_REPORT_STEPS = 2 + len(TFLITE_KINDS) + len(OPTIMIZER_CHOICES) + len(H5_DTYPES)


def file_report(spec: ModelSpec, on_step: Callable[[], None] = lambda: None) -> FileReport:
    """``on_step()`` runs after each of FILE_REPORT_STEPS (progress; it may raise to stop)."""
    cache_keras_attr_skipsets()
    counts = summarize(spec)
    model = build_compiled(spec)
    give_trained_like_values(model, spec.seed)
    with tempfile.TemporaryDirectory(prefix="paramlab-") as folder, quiet_legacy_warning():
        bare = saved_size(folder, "bare.keras", model, lambda m, p: m.save(p))
        model.optimizer.build(model.trainable_variables)
        fill_like_trained(model, spec.seed)  # sizes alike; only the gzipped one needs it
        formats = [FormatSize(FileFormat.KERAS_BARE, 'model.save("m.keras")  # untrained', bare)]
        formats += [
            FormatSize(file_format, code, saved_size(folder, file, model, save))
            for file, file_format, code, save in KERAS_SAVES
        ]
        formats.append(_gzipped(os.path.join(folder, "model.keras")))
        keras_parts = keras_anatomy(os.path.join(folder, "model.keras"))
        h5_parts = h5_anatomy(os.path.join(folder, "model.h5"))
        on_step()
        saved_model = os.path.join(folder, "saved_model")
        formats.append(export_saved_model(model, saved_model))
        on_step()
        tflite = [_then(on_step, tflite_row(saved_model, kind)) for kind in TFLITE_KINDS]
        formats.append(FormatSize(FileFormat.TFLITE, tflite[0].code, tflite[0].file_bytes))
        optimizers = tuple(
            _then(on_step, _optimizer_row(model, spec, choice, folder, counts.trainable))
            for choice in OPTIMIZER_CHOICES
        )
        dtypes = tuple(
            _then(on_step, weights_in_dtype(spec, dtype, folder, counts.total))
            for dtype in H5_DTYPES
        )
    return FileReport(
        spec=spec,
        params=counts.total,
        trainable=counts.trainable,
        formats=tuple(formats),
        keras_anatomy=keras_parts,
        h5_anatomy=h5_parts,
        optimizers=optimizers,
        dtypes=dtypes + tuple(tflite),
    )


def _gzipped(path: str) -> FormatSize:
    with open(path, "rb") as handle:
        size = gzipped_size(handle.read())
    code = f'gzip.compress(open("m.keras", "rb").read(), {GZIP_LEVEL}, mtime=0)'
    return FormatSize(FileFormat.KERAS_GZIP, code, size)


def _then(on_step: Callable[[], None], value):
    """``value``, once ``on_step()`` has been told it is done."""
    on_step()
    return value


def give_trained_like_values(model: keras.Model, seed: int) -> None:
    """Distinct positive values (a variance must stay positive), deterministic per seed."""
    rng = np.random.default_rng(seed)
    model.set_weights([rng.uniform(0.5, 1.5, w.shape).astype(w.dtype) for w in model.weights])


def fill_like_trained(model: keras.Model, seed: int) -> None:
    """Numbers as a trained model holds them, in its weights and its built optimizer's slots.

    A file's size does not depend on them but its gzipped size does: an untrained file's
    zero biases and zero optimizer slots compress away (the seed's .keras: ~6 KB gzipped
    against ~13.5 KB trained). Weights spread around zero, variances positive, slots small:
    gzipped, within ~2% of trained models' files (tests/test_ship_files.py).
    """
    rng = np.random.default_rng(seed)
    weights = []
    for weight in model.weights:
        values = rng.normal(0.0, 0.3, weight.shape)
        if "variance" in weight.path:
            values = np.abs(values) + 0.5
        weights.append(values.astype(weight.dtype))
    model.set_weights(weights)
    for slot in model.optimizer.variables:
        if len(slot.shape):  # the per-parameter slots; iterations and the rate stay
            values = rng.normal(0.0, 1e-3, slot.shape)
            slot.assign((np.abs(values) if "velocit" in slot.path else values).astype(slot.dtype))


def export_saved_model(model: keras.Model, folder: str) -> FormatSize:
    model.export(folder, verbose=False)
    paths = [os.path.join(root, name) for root, _, names in os.walk(folder) for name in names]
    files = sorted((os.path.relpath(path, folder), os.path.getsize(path)) for path in paths)
    code = 'model.export("dir")  # summed over its files'
    note = _checkpoint_contents(os.path.join(folder, "variables", "variables"), model)
    total = sum(size for _, size in files)
    return FormatSize(FileFormat.SAVED_MODEL, code, total, tuple(files), note)


def _checkpoint_contents(prefix: str, model: keras.Model) -> Note:
    """What the SavedModel's variables file holds, by the checkpoint's own listing."""
    reader = tf.train.load_checkpoint(prefix)
    numbers, graph, keys = 0, 0, set()
    for name, shape in tf.train.list_variables(prefix):
        if name == "_CHECKPOINTABLE_OBJECT_GRAPH":
            graph = len(reader.get_tensor(name))
            continue
        numbers += math.prod(shape)
        keys.add(name.split("/")[0] + "/")
    return Note(
        "files.checkpoint",
        numbers=numbers,
        params=model.count_params(),
        keys=", ".join(sorted(keys)),
        graph=graph,
    )


def tflite_row(saved_model: str, kind: str) -> DtypeRow:
    """Convert the SavedModel to a flatbuffer; measure it and its constant weight buffers."""
    converter = tf.lite.TFLiteConverter.from_saved_model(saved_model)
    code = "TFLiteConverter.from_saved_model(dir).convert()"
    if kind != "float32":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]  # dynamic-range int8 weights
        code = "optimizations=[Optimize.DEFAULT]"
    if kind == "float16":
        converter.target_spec.supported_types = [tf.float16]
        code += ", supported_types=[float16]"
    flatbuffer = converter.convert()
    data, numbers, note = tflite_constants(flatbuffer)
    return DtypeRow(f"{kind} TFLite", code, len(flatbuffer), data, numbers, note)


def tflite_constants(flatbuffer: bytes) -> tuple[int, int, str]:
    """Bytes and count of the numbers held in the graph's constant weight tensors."""
    schema = tflite_schema()  # private: TensorFlow has no public reader of these
    if schema is None:
        raise RuntimeError("this TensorFlow has no TFLite schema reader to count weights with")
    model = schema.ModelT.InitFromPackedBuf(flatbuffer, 0)
    kinds = {
        schema.TensorType.FLOAT32: "float32",
        schema.TensorType.FLOAT16: "float16",
        schema.TensorType.INT8: "int8",
    }
    data = numbers = 0
    seen: dict[str, int] = {}
    for tensor in model.subgraphs[0].tensors:
        buffer = model.buffers[tensor.buffer].data
        if tensor.type not in kinds or buffer is None or len(buffer) == 0:
            continue
        data += len(buffer)
        numbers += math.prod(int(n) for n in tensor.shape)
        seen[kinds[tensor.type]] = seen.get(kinds[tensor.type], 0) + 1
    return data, numbers, " + ".join(f"{count} {kind}" for kind, count in seen.items())


def _optimizer_row(model, spec: ModelSpec, choice, folder: str, trainable: int) -> OptimizerRow:
    """Recompile the same model with one optimizer, build it, split the .keras file."""
    label, name, extra = choice
    if (name, extra) == (spec.optimizer, {}):
        optimizer = make_optimizer(spec)  # exactly what training builds
    else:
        config = {"learning_rate": spec.learning_rate, "name": name, **extra}
        optimizer = keras.optimizers.get({"class_name": name, "config": config})
    model.compile(optimizer=optimizer, loss=LOSS, metrics=["accuracy"])
    optimizer.build(model.trainable_variables)
    size = saved_size(folder, "optimizer.keras", model, lambda m, p: m.save(p))
    anatomy = keras_anatomy(os.path.join(folder, "optimizer.keras"))
    slots = next(p.bytes for p in anatomy.parts if p.name.endswith("optimizer slots"))
    arguments = ", ".join(f"{key}={value}" for key, value in extra.items())
    return OptimizerRow(
        label=label,
        code=f"{type(optimizer).__name__}({arguments})",
        file_bytes=size,
        weight_bytes=anatomy.bytes_of(PartKind.WEIGHTS),
        slot_bytes=slots,
        scalar_bytes=anatomy.bytes_of(PartKind.OPTIMIZER) - slots,
        trainable=trainable,
        params=model.count_params(),
    )


def weights_in_dtype(spec: ModelSpec, dtype: str, folder: str, params: int) -> DtypeRow:
    """The model's weights alone (no optimizer), every layer built with ``dtype``."""

    def clone(layer):
        return layer.__class__.from_config(layer.get_config() | {"dtype": dtype})

    model = keras.models.clone_model(build_model(spec), clone_function=clone)
    path = os.path.join(folder, f"{dtype}.weights.h5")
    model.save_weights(path)
    with h5py.File(path, "r") as h5:
        data = h5_data_bytes(h5, "optimizer")["weights"]
    code = f'every layer dtype="{dtype}", save_weights'
    return DtypeRow(f"{dtype} .weights.h5", code, os.path.getsize(path), data, params)
