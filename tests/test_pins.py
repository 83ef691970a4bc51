"""Pins in the link (components/core/pins.py): round trips, clamping, the limit, garbage."""

from __future__ import annotations

import random

import pytest

from components.core.params import summarize
from components.core.pins import (
    MAX_PINS,
    canonical_pins,
    comparison_row,
    decode_pins,
    encode_pin,
    encode_pins,
)
from components.core.spec import (
    MAX_WIDTH,
    OPTIMIZERS,
    PRESETS,
    ModelSpec,
)
from tests.fake_engine import FakeEngine


def random_spec(rng: random.Random) -> ModelSpec:
    layers = rng.randint(1, 6)
    return ModelSpec(
        widths=tuple(rng.randint(1, MAX_WIDTH) for _ in range(layers)),
        batchnorm=rng.random() < 0.5,
        dropout=round(rng.uniform(0, 0.8), 2),
        optimizer=rng.choice(OPTIMIZERS),
        learning_rate=rng.choice([1e-5, 3e-5, 0.0005, 0.001, 0.01, 0.25, 1.0]),
        epochs=rng.randint(1, 500),
        batch_size=rng.randint(1, 256),
        seed=rng.randint(0, 2**31 - 1),
    )


@pytest.mark.parametrize("seed", range(40))
def test_random_pins_survive_the_round_trip_without_notices(seed):
    rng = random.Random(seed)
    specs = [random_spec(rng) for _ in range(rng.randint(1, MAX_PINS))]
    specs = list(dict.fromkeys(specs))
    parsed = decode_pins(encode_pins(specs))
    assert parsed.specs == specs
    assert parsed.notices == []


def test_a_pin_is_the_specs_link_in_short():
    assert encode_pin(ModelSpec(widths=(64, 32), optimizer="sgd")) == "h1.64-h2.32-opt.sgd"
    assert encode_pin(ModelSpec(learning_rate=1e-5)) == "lr.1e-05"  # its "-" is no separator
    assert decode_pins("lr.1e-05~h1.8").specs == [
        ModelSpec(learning_rate=1e-5),
        ModelSpec(widths=(8, 16)),
    ]


def test_the_seeds_model_and_the_presets_are_pins_too():
    specs = [ModelSpec(), *(spec for spec in PRESETS.values() if spec != ModelSpec())][:4]
    text = encode_pins(specs)
    assert text.split("~")[0] == "default"
    assert decode_pins(text).specs == specs


def test_a_hand_edited_pin_is_clamped_with_a_notice():
    parsed = decode_pins("h1.9999-opt.sgd~h1.8-epochs.0")
    assert parsed.specs == [
        ModelSpec(widths=(512, 16), optimizer="sgd"),
        ModelSpec(widths=(8, 16), epochs=1),
    ]
    assert len(parsed.notices) == 2
    assert parsed.notices[0].startswith("Pin 1:") and "512" in parsed.notices[0]
    assert parsed.notices[1].startswith("Pin 2:") and "epochs" in parsed.notices[1]
    assert canonical_pins("h1.9999-opt.sgd~h1.8-epochs.0") == "h1.512-opt.sgd~h1.8-epochs.1"


def test_more_than_four_pins_keeps_the_first_four_with_a_notice():
    text = "~".join(f"h1.{width}" for width in range(1, 8))
    parsed = decode_pins(text)
    assert [spec.widths[0] for spec in parsed.specs] == [1, 2, 3, 4]
    assert parsed.notices == [f"At most {MAX_PINS} pins; dropped pin 5 and after."]


def test_a_repeated_pin_is_dropped_with_a_notice():
    parsed = decode_pins("h1.8~H1.8~h1.08")  # the same spec three ways
    assert parsed.specs == [ModelSpec(widths=(8, 16))]
    assert len(parsed.notices) == 2 and all("repeats" in n for n in parsed.notices)


@pytest.mark.parametrize(
    "garbage", ["nonsense", "h1=64", "zz.3-yy.4", ".....", "x" * 5000, "<script>`"]
)
def test_an_unreadable_pin_is_dropped_with_a_notice(garbage):
    parsed = decode_pins(f"{garbage}~h1.8")
    assert parsed.specs == [ModelSpec(widths=(8, 16))]
    assert len(parsed.notices) == 1 and "Pin 1" in parsed.notices[0]
    assert "dropped" in parsed.notices[0]
    assert len(parsed.notices[0]) < 200  # a hostile value is quoted short


def test_unknown_pairs_in_a_readable_pin_are_ignored_with_a_notice():
    parsed = decode_pins("h1.64-colour.red")
    assert parsed.specs == [ModelSpec(widths=(64, 16))]
    assert parsed.notices == ["Pin 1: ignored `colour.red` (not `key.value` of a control)."]


@pytest.mark.parametrize("text", [None, "", "~", "~~ ~"])
def test_no_pins(text):
    assert decode_pins(text).specs == [] and decode_pins(text).notices == []


def test_a_comparison_row_counts_parameters_with_summarize():
    spec = ModelSpec(widths=(64, 32), optimizer="sgd")
    result = FakeEngine().train(spec)
    row = comparison_row("Pin 1", spec, result)
    assert row["parameters"] == summarize(spec).total == 2883
    assert row["widths"] == "64/32" and row["optimizer"] == "sgd"
    assert row["test accuracy"] == f"{result.test_accuracy:.1%}"
    assert row[".keras bytes"] == result.model_bytes > 0
    untrained = comparison_row("Pin 2", spec, None)
    assert untrained["test accuracy"] == "-" and untrained[".keras bytes"] is None
