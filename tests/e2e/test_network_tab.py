"""The Network tab in the real app, in Chromium: a link names the tab and the epoch, the page
draws the trained network there with its slider at that epoch, and the heatmaps sit under the
Parameters tab's formulas."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from components.ui.network_panel import NETWORK_VIEW
from tests.e2e.page_helpers import TRAIN_TIMEOUT_MS, assert_healthy, open_app, wait_for_settled

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_link_opens_the_network_at_its_epoch(page: Page, page_errors: list[str]) -> None:
    open_app(page, "?tab=Network&epoch=40")
    view = page.locator(f".st-key-{NETWORK_VIEW} .js-plotly-plot .scatterlayer")
    expect(view).to_be_visible(timeout=TRAIN_TIMEOUT_MS)
    wait_for_settled(page)
    expect(page.get_by_role("tab", name="Network")).to_have_attribute("aria-selected", "true")
    slider = page.get_by_role("slider", name="Weights after epoch")
    expect(slider).to_have_attribute("aria-valuetext", "40")
    expect(page.get_by_text("After epoch 40 of 100.")).to_be_visible()
    assert re.search(r"[?&]epoch=40\b", page.url) and "tab=Network" in page.url
    assert_healthy(page, page_errors)


def test_every_parameter_is_a_cell_under_the_formulas(page: Page, page_errors: list[str]) -> None:
    open_app(page, "?cells=true")
    expect(page.get_by_text("4 x 32 kernel + 32 bias = 160 cells")).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS
    )
    wait_for_settled(page)
    assert_healthy(page, page_errors)
