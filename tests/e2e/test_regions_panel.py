"""The decision-regions panel in a real browser, on a real ``streamlit run app.py``: after the
model trains, the chart appears with the axis titles of the feature pair the link chose."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from components.ui.regions_panel import HEADING
from tests.e2e.page_helpers import (
    TRAIN_TIMEOUT_MS,
    assert_healthy,
    open_app,
    open_tab,
    wait_for_settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

expect.set_options(timeout=30_000)  # lazy-loaded widgets on 2 busy cores (test_browser.py)


def test_the_chart_shows_the_linked_pair_after_training(page: Page, page_errors: list[str]) -> None:
    open_app(page, "?epochs=20&seed=5&regions=sw-pl")
    open_tab(page, "Regions")
    expect(page.get_by_role("heading", name=HEADING)).to_be_visible(timeout=TRAIN_TIMEOUT_MS)
    wait_for_settled(page)
    chart = page.locator(".st-key-regions-panel").get_by_test_id("stPlotlyChart")
    expect(chart).to_have_count(1)
    expect(chart.locator(".main-svg").first).to_be_visible()
    expect(chart.locator(".xtitle")).to_have_text("sepal width (cm)")
    expect(chart.locator(".ytitle")).to_have_text("petal length (cm)")
    expect(chart.locator(".heatmaplayer image, .hm image").first).to_be_attached()  # the regions
    expect(page.get_by_test_id("stAlertContentWarning")).to_have_count(0)
    assert_healthy(page, page_errors)
