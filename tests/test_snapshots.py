"""A training keeps its weights along the way, to be played back: the first are the initial
weights, each later one what that many epochs of the same training give, the last the trained
Keras model's own; the same link gives the same snapshots."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from components.core.snapshots import SNAPSHOT_BYTES, SNAPSHOTS, snapshot_epochs
from components.core.spec import ModelSpec
from components.core.split import dataset_split
from components.worker.jobs import configure_tensorflow
from components.worker.model import build_compiled
from components.worker.training import epoch_permutations, fit, train

pytestmark = pytest.mark.slow  # TensorFlow

configure_tensorflow()
SPEC = ModelSpec(widths=(9, 5), epochs=20, seed=4)


def weights_by_layer(model: keras.Model) -> dict[str, dict[str, np.ndarray]]:
    return {
        layer.name: {v.name: np.asarray(v.numpy()) for v in layer.weights}
        for layer in model.layers
        if layer.weights
    }


def assert_snapshot_is(snapshot, expected: dict[str, dict[str, np.ndarray]]) -> None:
    assert [layer.name for layer in snapshot.layers] == list(expected)
    for layer in snapshot.layers:
        assert layer.arrays.keys() == expected[layer.name].keys()
        for name, array in layer.arrays.items():
            np.testing.assert_array_equal(array, expected[layer.name][name], err_msg=name)


def test_the_epochs_kept_span_the_training_within_the_byte_bound():
    assert snapshot_epochs(100, 931) == list(range(0, 101, 10))
    assert snapshot_epochs(3, 931) == [0, 1, 2, 3]
    for weights in (931, 300_000, 1_400_000):
        kept = snapshot_epochs(100, weights)
        assert kept[0] == 0 and kept[-1] == 100 and len(kept) <= SNAPSHOTS + 1
        assert len(kept) == 2 or len(kept) * weights * 4 <= SNAPSHOT_BYTES


def test_first_is_the_initial_last_the_trained_and_between_what_those_epochs_give():
    keras.utils.set_random_seed(SPEC.seed)
    initial = weights_by_layer(build_compiled(SPEC))
    model, result = train(SPEC)
    snapshots = result.snapshots
    assert [s.epoch for s in snapshots] == snapshot_epochs(SPEC.epochs, model.count_params())
    assert_snapshot_is(snapshots[0], initial)
    assert_snapshot_is(snapshots[-1], weights_by_layer(model))

    middle = snapshots[len(snapshots) // 2]
    keras.utils.set_random_seed(SPEC.seed)
    partial = build_compiled(SPEC)
    partial.optimizer.build(partial.trainable_variables)
    split = dataset_split(SPEC.dataset, SPEC.seed)
    perms = epoch_permutations(SPEC, len(split.x_train))[: middle.epoch]
    fit(partial, split, perms, SPEC.batch_size, dropout_seed=SPEC.seed)
    assert_snapshot_is(middle, weights_by_layer(partial))


def test_the_same_link_gives_the_same_snapshots():
    _, first = train(SPEC)
    _, again = train(SPEC)
    for mine, theirs in zip(first.snapshots, again.snapshots, strict=True):
        assert mine.epoch == theirs.epoch
        assert_snapshot_is(mine, {layer.name: layer.arrays for layer in theirs.layers})
