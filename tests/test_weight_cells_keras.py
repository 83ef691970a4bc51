"""The weights drawn are the trained Keras model's own: random models on every dataset,
trained as a worker trains them; the last snapshot's heatmaps count Keras's
``count_params()`` per layer and hold its very numbers, and the network drawn reads out its
kernels and biases."""

from __future__ import annotations

import base64
import random

import numpy as np
import pytest

from components.charts.network_figures import SHOWN_NEURONS, network_figure
from components.charts.weight_figures import layer_cells
from components.core.datasets import DATASET_KEYS
from components.core.spec import OPTIMIZERS, ModelSpec
from components.worker.jobs import configure_tensorflow
from components.worker.training import train

pytestmark = pytest.mark.slow  # TensorFlow

configure_tensorflow()


def random_spec(dataset: str, rng: random.Random) -> ModelSpec:
    widths = tuple(rng.choice((1, 4, 16, 30, 100)) for _ in range(rng.randint(1, 4)))
    return ModelSpec(
        widths=widths,
        batchnorm=rng.random() < 0.6,
        dropout=rng.choice((0.0, 0.3)),
        optimizer=rng.choice(OPTIMIZERS),
        epochs=rng.randint(2, 6),
        seed=rng.randint(0, 999),
        dataset=dataset,
    )


def decoded(z: dict) -> np.ndarray:
    shape = tuple(int(n) for n in z["shape"].split(","))
    return np.frombuffer(base64.b64decode(z["bdata"]), "<f4").reshape(shape)


@pytest.mark.parametrize("dataset", DATASET_KEYS)
def test_the_cells_and_edges_drawn_are_the_keras_models_own(dataset):
    rng = random.Random(f"cells-{dataset}")
    for _ in range(2):
        spec = random_spec(dataset, rng)
        model, result = train(spec)
        keras_layers = {layer.name: layer for layer in model.layers if layer.count_params()}
        drawn = layer_cells(spec, result.snapshots[-1])
        assert [cells.name for cells in drawn] == list(keras_layers), spec
        for cells in drawn:
            layer = keras_layers[cells.name]
            assert cells.cells == layer.count_params(), (spec, cells.name)
            shown = np.concatenate(
                [decoded(t["z"]).ravel() for t in cells.figure.to_dict()["data"]]
            )
            ordered = (
                [layer.kernel, layer.bias]
                if cells.kind == "Dense"
                else [layer.gamma, layer.beta, layer.moving_mean, layer.moving_variance]
            )
            kept = np.concatenate([np.asarray(v.numpy()).ravel() for v in ordered])
            np.testing.assert_array_equal(shown, kept)

        figure = network_figure(spec, result.snapshots[-1]).to_dict()
        dense = [layer for layer in model.layers if hasattr(layer, "kernel")]
        edges = next(t for t in figure["data"] if t.get("hovertemplate", "").startswith("layer"))
        for number, i, j, value in edges["customdata"]:
            assert value == float(dense[number - 1].kernel.numpy()[i - 1, j - 1])
        units = next(t for t in figure["data"] if t.get("name") == "neurons")
        biases = [float(b) for layer in dense for b in layer.bias.numpy()[:SHOWN_NEURONS]]
        assert units["marker"]["color"] == biases
