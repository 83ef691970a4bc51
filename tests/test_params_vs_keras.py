"""The formula table against Keras itself: Keras is the oracle for every count."""

import random

import pytest

from components.core.params import dense_settings, layer_rows, summarize
from components.core.spec import ACTIVATIONS, MAX_LAYERS, MAX_WIDTH, OPTIMIZERS, ModelSpec
from components.worker.model import build_compiled
from components.worker.training import dense_settings as keras_dense_settings

pytestmark = pytest.mark.slow  # Keras


def random_specs(count: int, seed: int = 2026) -> list[ModelSpec]:
    rng = random.Random(seed)
    return [
        ModelSpec(
            widths=tuple(rng.randint(1, MAX_WIDTH) for _ in range(rng.randint(1, MAX_LAYERS))),
            batchnorm=rng.random() < 0.5,
            dropout=rng.choice([0.0, 0.2, 0.5]),
            optimizer=rng.choice(OPTIMIZERS),
            activations=tuple(rng.choice(ACTIVATIONS) for _ in range(MAX_LAYERS)),
            l2=rng.choice([0.0, 0.001, 0.1]),
        )
        for _ in range(count)
    ]


def weight_count(variables) -> int:
    return sum(int(v.numpy().size) for v in variables)


@pytest.mark.parametrize("spec", random_specs(60), ids=lambda s: "-".join(map(str, s.widths)))
def test_every_row_matches_keras(spec):
    model = build_compiled(spec)
    rows = layer_rows(spec)
    assert [layer.name for layer in model.layers] == [row.name for row in rows]
    for layer, row in zip(model.layers, rows, strict=True):
        assert layer.count_params() == row.total, row
        assert weight_count(layer.trainable_weights) == row.trainable, row
        assert weight_count(layer.non_trainable_weights) == row.non_trainable, row
    summary = summarize(spec)
    assert model.count_params() == summary.total
    assert weight_count(model.trainable_weights) == summary.trainable
    assert weight_count(model.non_trainable_weights) == summary.non_trainable
    model.optimizer.build(model.trainable_variables)
    assert weight_count(model.optimizer.variables) == summary.optimizer_variables
    # The check the page shows: each Dense's activation and kernel L2 as Keras holds them.
    assert list(keras_dense_settings(model)) == dense_settings(rows)
    assert len(model.losses) == (len(spec.widths) + 1 if spec.l2 else 0)


def test_seed_model_counts():
    summary = summarize(ModelSpec())
    assert [row.total for row in summary.rows] == [160, 128, 0, 528, 64, 0, 51]
    assert (summary.trainable, summary.non_trainable, summary.total) == (835, 96, 931)
    assert summary.total_with_optimizer == 2603  # what model.summary() prints after training
    assert summary.dense_only == 739  # the seed post's 32/16 column
    assert summary.rows[0].formula == "4 x 32 + 32 = 160"
    assert summary.rows[1].formula.startswith("4 x 32 = 128")


@pytest.mark.parametrize("h1, h2", [(16, 8), (32, 16), (64, 32), (7, 300)])
def test_closed_form_from_the_seed(h1, h2):
    """total = 9*h1 + h1*h2 + 8*h2 + 3 for two hidden layers with BatchNorm."""
    assert summarize(ModelSpec(widths=(h1, h2))).total == 9 * h1 + h1 * h2 + 8 * h2 + 3
