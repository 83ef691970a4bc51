"""Compare runs in a real browser, on a real ``streamlit run app.py``: a shared link with two
pins opens the comparison, and after training its table shows each pinned run's parameter
total (the formulas' count) and test accuracy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from components.core.params import summarize
from components.core.pins import encode_pins
from components.core.spec import ModelSpec
from tests.e2e.page_helpers import (
    TRAIN_TIMEOUT_MS,
    assert_healthy,
    open_app,
    open_tab,
    share_link,
    wait_for_settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

expect.set_options(timeout=30_000)  # lazy-loaded widgets on 2 busy cores (test_browser.py)

PINNED = [ModelSpec(widths=(8, 4), epochs=20), ModelSpec(widths=(16, 8), epochs=20, seed=3)]
PERCENT = re.compile(r"\d{1,3}\.\d%")


def test_a_link_with_two_pins_shows_both_runs_trained(page: Page, page_errors: list[str]) -> None:
    pins = encode_pins(PINNED)
    open_app(page, f"?epochs=20&pins={pins}")
    open_tab(page, "Compare")
    panel = page.locator(".st-key-compare-panel")
    table = panel.get_by_test_id("stDataFrame")
    expect(table).to_be_visible(timeout=2 * TRAIN_TIMEOUT_MS)  # after the pins' trainings
    wait_for_settled(page)
    runs = [("This run", ModelSpec(epochs=20)), *((f"Pin {n}", s) for n, s in enumerate(PINNED, 1))]
    for label, spec in runs:
        row = table.locator("tr").filter(has_text=label)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(str(summarize(spec).total))
        expect(row).to_contain_text(PERCENT)  # its test accuracy, trained
    expect(panel.get_by_test_id("stPlotlyChart")).to_have_count(1)  # the overlaid curves
    expect(share_link(page)).to_contain_text(f"pins={pins}")
    assert_healthy(page, page_errors)
