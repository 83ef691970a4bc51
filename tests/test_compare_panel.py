"""The "Compare runs" panel through AppTest on the fake engine: pins from the link, pinning,
unpinning, the share link carrying the pins, the limit of four."""

from __future__ import annotations

import pytest

from components.core.params import summarize
from components.core.pins import MAX_PINS, decode_pins
from components.core.spec import ModelSpec
from tests.helpers import run_app, share_link

pytestmark = pytest.mark.usefixtures("fake_engine")

TWO_PINS = "h1.64-h2.32-opt.sgd~h1.8-h2.4"
PINNED = [ModelSpec(widths=(64, 32), optimizer="sgd"), ModelSpec(widths=(8, 4))]


def comparison(at):
    """The comparison table as a DataFrame indexed by run, or None when it is not shown."""
    tables = [t.value for t in at.dataframe if t.value.index.name == "run"]
    return tables[0] if tables else None


def click(at, label: str):
    next(b for b in at.button if b.label.startswith(label)).click().run()
    assert not at.exception
    return at


def pins_in_url(at) -> str | None:
    """The page's ``?pins=`` value now (AppTest holds a str or a list of them)."""
    value = at.query_params.get("pins")
    return value[-1] if isinstance(value, list) else value


def charts(at) -> int:
    return len(at.get("plotly_chart"))


def test_a_link_with_pins_opens_the_comparison(fake_engine):
    at = run_app(tab="Compare", pins=TWO_PINS, epochs="20")
    assert not at.exception
    table = comparison(at)
    assert list(table.index) == ["This run", "Pin 1", "Pin 2"]
    current = ModelSpec(epochs=20)
    for label, spec in zip(table.index, [current, *PINNED], strict=True):
        assert table.loc[label, "parameters"] == summarize(spec).total
        assert table.loc[label, "widths"] == "/".join(map(str, spec.widths))
        result = fake_engine.train(spec)  # the fake's answer is the same for the same spec
        assert table.loc[label, "test accuracy"] == f"{result.test_accuracy:.1%}"
        assert table.loc[label, ".keras bytes"] == result.model_bytes
    assert table.loc["Pin 1", "optimizer"] == "sgd"
    assert all(spec in fake_engine.trained for spec in PINNED)  # results asked of the engine
    without_pins = run_app(tab="Compare", epochs="20")
    assert charts(at) == charts(without_pins) + 1  # the curves, only with pins
    assert share_link(at).endswith(f"?epochs=20&pins={TWO_PINS}&tab=Compare")


def test_pinning_adds_the_run_to_the_link_and_the_share_link():
    at = run_app(tab="Compare", h1="64", h2="32", opt="sgd")
    assert comparison(at) is None
    click(at, "Pin this run")
    assert pins_in_url(at) == "h1.64-h2.32-opt.sgd"
    assert share_link(at).endswith("?h1=64&h2=32&opt=sgd&pins=h1.64-h2.32-opt.sgd&tab=Compare")
    assert list(comparison(at).index) == ["This run", "Pin 1"]
    click(at, "Pin this run")  # the same run again: refused
    assert any("already pinned" in i.value for i in at.info)
    assert pins_in_url(at) == "h1.64-h2.32-opt.sgd"


def test_a_fifth_pin_is_refused_with_a_message():
    four = "~".join(f"h1.{width}" for width in (4, 5, 6, 7))
    at = run_app(tab="Compare", pins=four, h1="9")
    click(at, "Pin this run")
    assert any(f"At most {MAX_PINS} pins" in i.value for i in at.info)
    assert pins_in_url(at) == four
    assert len(comparison(at)) == 1 + MAX_PINS


def test_unpin_and_clear():
    at = run_app(tab="Compare", pins=TWO_PINS)
    click(at, "Unpin 1")
    assert decode_pins(pins_in_url(at)).specs == PINNED[1:]
    assert list(comparison(at).index) == ["This run", "Pin 1"]
    click(at, "Clear pins")
    assert pins_in_url(at) is None
    assert comparison(at) is None and "pins" not in share_link(at)


def test_a_hand_edited_pin_is_clamped_with_a_notice_and_garbage_dropped():
    at = run_app(tab="Compare", pins="h1.9999~nonsense~h1.8")
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Pin 1:") and "512" in w for w in warnings)
    assert any(w.startswith("Pin 2") and "dropped" in w for w in warnings)
    assert pins_in_url(at) == "h1.512~h1.8"  # the link rewritten as read
    assert "pins=h1.512~h1.8" in share_link(at)
    table = comparison(at)
    assert table.loc["Pin 1", "parameters"] == summarize(ModelSpec(widths=(512, 16))).total
