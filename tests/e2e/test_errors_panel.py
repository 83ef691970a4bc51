"""The "Where it errs" panel in a real browser, on a real ``streamlit run app.py``: after the
model trains, its confusion matrix and per-class scores appear with iris's three classes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from components.core.class_errors import CLASS_NAMES
from tests.e2e.page_helpers import (
    TRAIN_TIMEOUT_MS,
    assert_healthy,
    open_app,
    open_tab,
    wait_for_settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

expect.set_options(timeout=30_000)  # lazy-loaded widgets on 2 busy cores (test_browser.py)


def test_the_panel_shows_the_three_classes_after_training(
    page: Page, page_errors: list[str]
) -> None:
    open_app(page, "?epochs=20&seed=5")
    open_tab(page, "Errors")
    heading = page.get_by_role("heading", name="Where it errs")
    expect(heading).to_be_visible(timeout=TRAIN_TIMEOUT_MS)
    wait_for_settled(page)
    panel = page.locator(".st-key-errors-panel")
    tables = panel.get_by_test_id("stDataFrame")
    expect(tables).to_have_count(2)  # the matrix, the per-class scores
    matrix, scores = tables.nth(0), tables.nth(1)
    for name in CLASS_NAMES:  # a column of the matrix per class, a row of scores per class
        expect(matrix).to_contain_text(f"predicted {name}")  # its accessible table's text
        expect(scores).to_contain_text(name)
    expect(scores).to_contain_text("precision")
    assert_healthy(page, page_errors)
