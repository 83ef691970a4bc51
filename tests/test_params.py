"""The Parameters tab's arithmetic, held to numbers worked out here by hand: each row's
formula states its own counts, and the optimizer's state is Keras's (float32 weights and
one float32 copy per slot; the slow tests measure the same against Keras's files)."""

from __future__ import annotations

import random
import re

import pytest

from components.core.params import (
    bytes_per_trainable,
    layer_rows,
    optimizer_formula,
    optimizer_slots_sentence,
    optimizer_variable_count,
    summarize,
)
from components.core.spec import MAX_LAYERS, MAX_WIDTH, OPTIMIZERS, ModelSpec


def random_specs(count: int, seed: int = 0) -> list[ModelSpec]:
    rng = random.Random(seed)
    return [
        ModelSpec(
            widths=tuple(rng.randint(1, MAX_WIDTH) for _ in range(rng.randint(1, MAX_LAYERS))),
            batchnorm=rng.random() < 0.5,
            dropout=rng.choice([0.0, 0.3]),
            optimizer=rng.choice(OPTIMIZERS),
            dataset=rng.choice(["iris", "wine", "digits"]),
        )
        for _ in range(count)
    ]


def numbers(formula: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", formula)]


@pytest.mark.parametrize("spec", random_specs(40))
def test_each_rows_formula_states_its_own_counts(spec):
    for row in layer_rows(spec):
        if row.kind == "Dense":  # "fan_in x units + units = total"
            fan_in, units, bias, total = numbers(row.formula)
            assert (units, bias) == (row.units, row.units)
            assert fan_in * units + bias == total == row.total == row.trainable
        elif row.kind == "BatchNormalization":  # "4 x u = 4u  (2u trainable + 2u not)"
            four, units, total, trainable, non_trainable = numbers(row.formula)
            assert (four, units) == (4, row.units) and total == 4 * units == row.total
            assert (trainable, non_trainable) == (row.trainable, row.non_trainable)
            assert trainable == non_trainable == 2 * units
        else:
            assert (row.kind, row.formula, row.total) == ("Dropout", "0", 0)


# Keras's optimizer state per trainable weight: Adam and AdamW keep two moments, RMSprop
# and Adagrad one accumulator, plain SGD none; every optimizer also holds its iteration
# count and learning rate.
KERAS_SLOTS = {"adam": 2, "adamw": 2, "sgd": 0, "rmsprop": 1, "adagrad": 1}


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_the_optimizer_state_is_what_keras_keeps(optimizer):
    slots = KERAS_SLOTS[optimizer]
    assert bytes_per_trainable(optimizer) == 4 + 4 * slots  # float32 weight + its copies
    assert optimizer_variable_count(optimizer, 835) == slots * 835 + 2
    summary = summarize(ModelSpec(optimizer=optimizer))  # the seed's: 835 trainable
    assert summary.trainable == 835 and summary.optimizer_variables == slots * 835 + 2
    assert optimizer_formula(summary) == f"{slots} x 835 + 2 = {slots * 835 + 2}"


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_the_slots_sentence_states_the_optimizers_numbers(optimizer):
    sentence = str(optimizer_slots_sentence(optimizer))
    slots = KERAS_SLOTS[optimizer]
    assert sentence.startswith(optimizer) and "2 scalars" in sentence
    if slots == 0:
        assert "no copy per trainable parameter" in sentence
    else:
        copies = "one float32 copy" if slots == 1 else f"{slots} float32 copies"
        assert copies in sentence and f"{4 + 4 * slots} bytes with the weight" in sentence
