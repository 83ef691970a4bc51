"""Every dataset against Keras, the oracle: parameter counts per layer, training, the fast
trainer's steps, one traced program for all input widths and saved bytes (the take-home
script runs on wine and digits in ``tests/test_export_code.py``). The fast checks of the
same facts are in ``tests/test_datasets.py``."""

from __future__ import annotations

import numpy as np
import pytest

from components.core.datasets import DATASET_KEYS, DATASETS
from components.core.params import layer_rows, summarize
from components.core.regions import grid_rows
from components.core.results import Series
from components.core.spec import ModelSpec
from components.core.split import dataset_split
from components.ui.regions_panel import regions_at
from components.worker.jobs import configure_tensorflow
from components.worker.measure_files import file_report
from components.worker.model import build_compiled
from components.worker.serialization import keras_file_content, sweep
from components.worker.training import (
    PROGRAMS,
    epoch_permutations,
    fit,
    predicted_classes,
    train,
)
from tests.test_fast_trainer import TOLERANCE, train_on_batches, twins

pytestmark = pytest.mark.slow  # TensorFlow

configure_tensorflow()  # as the workers run it
SHAPES = [
    dict(widths=(32, 16)),
    dict(widths=(7,), batchnorm=False, dropout=0.0, optimizer="sgd"),
    dict(widths=(9, 5, 3), optimizer="rmsprop", dropout=0.5),
]


def weight_count(variables) -> int:
    return sum(int(v.numpy().size) for v in variables)


@pytest.mark.parametrize("key", DATASET_KEYS)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "-".join(map(str, s["widths"])))
def test_every_layers_count_is_keras_count_params(key, shape):
    spec = ModelSpec(dataset=key, **shape)
    model = build_compiled(spec)
    rows = layer_rows(spec)
    assert model.input_shape == (None, DATASETS[key].n_features)
    assert model.output_shape == (None, DATASETS[key].n_classes)
    assert model.name == DATASETS[key].model_name
    assert [layer.name for layer in model.layers] == [row.name for row in rows]
    for layer, row in zip(model.layers, rows, strict=True):
        assert layer.count_params() == row.total, row
        assert weight_count(layer.trainable_weights) == row.trainable, row
    summary = summarize(spec)
    assert model.count_params() == summary.total
    model.optimizer.build(model.trainable_variables)
    assert weight_count(model.optimizer.variables) == summary.optimizer_variables


@pytest.mark.parametrize("key", DATASET_KEYS)
def test_training_runs_on_every_dataset_and_reports_on_its_classes(key):
    spec = ModelSpec(dataset=key, epochs=3)
    data, split = DATASETS[key], dataset_split(key, spec.seed)
    model, result = train(spec)
    summary = summarize(spec)
    assert [(name, t + n) for name, t, n in result.layer_params] == [
        (row.name, row.total) for row in summary.rows
    ]
    assert result.optimizer_variables == summary.optimizer_variables
    assert len(result.history["test_accuracy"]) == 3
    predicted = predicted_classes(model, split.x_test)
    assert result.test_accuracy == pytest.approx(float(np.mean(predicted == split.y_test)))
    assert len(result.confusion) == data.n_classes
    assert sum(map(sum, result.confusion)) == len(split.y_test)
    assert len(result.class_recall) == data.n_classes
    regions = regions_at(result, result.snapshots[-1], data)  # as the page computes them
    assert regions.feature_indices == data.region_columns(spec.region_features)
    assert len(regions.held_at) == data.n_features
    rows = grid_rows(spec.region_features, np.array(regions.held_at), regions.x, regions.y, key)
    keras_classes = predicted_classes(model, rows).reshape(len(regions.y), len(regions.x))
    assert keras_classes.tolist() == regions.classes
    keras_bytes = len(keras_file_content(model))
    assert keras_bytes > 20_000  # measured: a real .keras zip
    print(f"{key}: .keras {keras_bytes} bytes, test accuracy {result.test_accuracy:.3f}")


@pytest.mark.parametrize("key", ["wine", "breast_cancer", "digits"])
def test_the_fast_trainer_steps_as_keras_does_on_other_widths(key):
    """Same weights, same batches, no dropout: two epochs equal ``train_on_batch``'s."""
    spec = ModelSpec(widths=(9, 5), batchnorm=False, dropout=0.0, epochs=2, dataset=key)
    ours, reference = twins(spec)
    split = dataset_split(key, spec.seed)
    perms = epoch_permutations(spec, len(split.x_train))
    history = fit(ours, split, perms, spec.batch_size)
    expected = train_on_batches(reference, split, perms, spec.batch_size)
    np.testing.assert_allclose(history["loss"], expected, rtol=1e-5)
    for mine, theirs in zip(ours.weights, reference.weights, strict=True):
        np.testing.assert_allclose(mine.numpy(), theirs.numpy(), **TOLERANCE)


def test_input_width_and_class_count_never_retrace_the_family_program():
    """The program's shapes are unknown: 4 to 64 inputs, 2 to 10 classes, one trace."""
    train(ModelSpec(widths=(4, 4), epochs=2))
    traces = PROGRAMS.traces
    for key in DATASET_KEYS:
        train(ModelSpec(widths=(6, 3), epochs=2, dataset=key))
    assert PROGRAMS.traces == traces


def test_a_dataset_changes_the_saved_bytes_and_the_sweep_follows_it():
    """Same widths, wider input: more parameters, and the sweep counts them as Keras does."""
    iris, wine = ModelSpec(widths=(8,)), ModelSpec(widths=(8,), dataset="wine")
    points = {spec.dataset: sweep(spec) for spec in (iris, wine)}
    for spec in (iris, wine):
        for point in points[spec.dataset]:
            assert point.params == summarize(spec.with_widths(point.widths)).total
    sizes = {key: {(p.series, p.widths): p.bytes for p in found} for key, found in points.items()}
    assert sizes["wine"].keys() == sizes["iris"].keys()
    # More numbers, never fewer bytes (HDF5 allocates in blocks, so .h5 files may tie).
    assert all(sizes["wine"][k] >= sizes["iris"][k] for k in sizes["iris"])
    keras_files = [k for k in sizes["iris"] if k[0] == Series.KERAS_WITH_OPTIMIZER]
    assert all(sizes["wine"][k] > sizes["iris"][k] for k in keras_files)


def test_the_file_report_measures_a_digits_model():
    spec = ModelSpec(widths=(12,), dataset="digits")
    report = file_report(spec)
    assert report.params == summarize(spec).total
    assert report.keras_anatomy.accounted == report.keras_anatomy.total
