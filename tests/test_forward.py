"""The model's inference recomputed in numpy from a weight snapshot equals the trained Keras
model's own ``model(x)``, on random models of every dataset, and gives Keras's own classes
over the decision regions' grid: so the page draws the regions without a worker."""

from __future__ import annotations

import random

import keras
import numpy as np
import pytest

from components.core.datasets import DATASET_KEYS
from components.core.forward import class_predictor, class_probabilities, forward
from components.core.params import dense_row, layer_rows
from components.core.regions import all_rows, decision_regions, grid_rows
from components.core.snapshots import LayerWeights, WeightSnapshot
from components.core.spec import OPTIMIZERS, ModelSpec
from components.core.split import dataset_split
from components.worker.jobs import configure_tensorflow
from components.worker.training import train

pytestmark = pytest.mark.slow  # TensorFlow

configure_tensorflow()
CLOSE = {"rtol": 1e-5, "atol": 1e-6}
# Weights and inputs of scale 1-2 through two layers: TensorFlow's float32 tanh and erf
# are approximations a few ulp from numpy's, amplified by the next layer's sums.
CLOSE_BENT = {"rtol": 1e-5, "atol": 1e-5}


def random_spec(dataset: str, rng: random.Random) -> ModelSpec:
    widths = tuple(rng.choice((1, 3, 8, 17, 64, 200)) for _ in range(rng.randint(1, 4)))
    return ModelSpec(
        widths=widths,
        batchnorm=rng.random() < 0.6,
        dropout=rng.choice((0.0, 0.2, 0.5)),
        optimizer=rng.choice(OPTIMIZERS),
        learning_rate=rng.choice((0.001, 0.01)),
        epochs=rng.randint(3, 12),
        batch_size=rng.choice((8, 32)),
        seed=rng.randint(0, 999),
        dataset=dataset,
    )


def snapshot_of(model: keras.Model) -> WeightSnapshot:
    layers = tuple(
        LayerWeights(layer.name, {v.name: np.asarray(v.numpy()) for v in layer.weights})
        for layer in model.layers
        if layer.weights
    )
    return WeightSnapshot(0, layers)


@pytest.mark.parametrize("dataset", DATASET_KEYS)
def test_the_last_snapshot_computes_the_trained_models_own_answers(dataset):
    rng = random.Random(f"forward-{dataset}")
    for _ in range(2):
        spec = random_spec(dataset, rng)
        model, result = train(spec)
        split = dataset_split(spec.dataset, spec.seed)
        x = all_rows(split)
        last = result.snapshots[-1]
        ours = class_probabilities(spec, last, x)
        np.testing.assert_allclose(ours, np.asarray(model(x, training=False)), **CLOSE)
        # The regions from any snapshot, as the page computes them: at the last, the trained
        # Keras model's own classes over the grid.
        regions = decision_regions(
            spec.region_features, split, class_predictor(spec, last), spec.dataset
        )
        rows = grid_rows(
            spec.region_features, np.array(regions.held_at), regions.x, regions.y, spec.dataset
        )
        keras_classes = np.argmax(np.asarray(model(rows, training=False)), axis=1)
        assert keras_classes.reshape(len(regions.y), len(regions.x)).tolist() == regions.classes
        first = decision_regions(
            spec.region_features, split, class_predictor(spec, result.snapshots[0]), spec.dataset
        )
        assert np.asarray(first.classes).shape == np.asarray(regions.classes).shape


@pytest.mark.parametrize("activation", ["linear", "relu", "tanh", "sigmoid", "gelu"])
def test_every_hidden_activation_is_computed_as_keras_computes_it(activation):
    keras.utils.set_random_seed(7)
    rows = [
        dense_row("dense_1", 13, 40, activation),
        dense_row("dense_2", 40, 9, activation),
        dense_row("output", 9, 3, "softmax"),
    ]
    model = keras.Sequential(
        [keras.Input((13,))]
        + [keras.layers.Dense(r.units, activation=r.activation, name=r.name) for r in rows]
    )
    for layer in model.layers:  # weights large enough that every activation bends
        layer.kernel.assign(np.random.default_rng(1).normal(0, 1.5, layer.kernel.shape))
        layer.bias.assign(np.random.default_rng(2).normal(0, 1, layer.bias.shape))
    x = np.random.default_rng(3).normal(0, 2, (500, 13)).astype(np.float32)
    hidden = keras.Model(model.inputs, model.layers[1].output)
    ours = forward(rows[:2], snapshot_of(model), x)
    np.testing.assert_allclose(ours, hidden([x]), **CLOSE_BENT)
    np.testing.assert_allclose(forward(rows, snapshot_of(model), x), model(x), **CLOSE_BENT)


def test_batchnorm_uses_its_moving_statistics_and_dropout_passes():
    spec = ModelSpec(widths=(6, 5), batchnorm=True, dropout=0.5, epochs=4, seed=2)
    model, _ = train(spec)
    snapshot = snapshot_of(model)  # moving statistics far from 0 and 1 after training
    assert not np.allclose(snapshot.layer("batchnorm_1").arrays["moving_variance"], 1)
    x = all_rows(dataset_split(spec.dataset, spec.seed))
    np.testing.assert_allclose(class_probabilities(spec, snapshot, x), model(x), **CLOSE)
    assert [row.kind for row in layer_rows(spec)].count("Dropout") == 2
