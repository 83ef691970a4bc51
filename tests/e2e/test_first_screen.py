"""The first screen answers a move: on a laptop (1400x900) and on a phone (390x844), the
numbers a move changes and the parameters-vs-bytes chart are in view without scrolling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.page_helpers import (
    PERCENT,
    SECONDS,
    TRAIN_TIMEOUT_MS,
    assert_healthy,
    counts,
    keras_check,
    metric,
    metric_value,
    share_link,
    slider_thumb,
    wait_for_settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

expect.set_options(timeout=30_000)  # lazy-loaded widgets on 2 busy cores (test_browser.py)

LAPTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
BYTES = re.compile(r"^[\d,]+ B$")
ANSWER = ("Total params", "Test accuracy", "Saved .keras", "Training time")


@pytest.fixture
def open_at(browser, server, page_errors):
    """A page of a fresh browser context with the given viewport (and a phone's touch)."""
    contexts = []

    def open_page(viewport: dict, **options) -> Page:
        context = browser.new_context(viewport=viewport, base_url=server.url, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        page.goto("/")
        return page

    yield open_page
    for context in contexts:
        context.close()


def assert_in_view(page: Page, element: Locator) -> None:
    """Wholly inside the first viewport: no scroll, no menu needed to see it."""
    box = element.bounding_box()
    view = page.viewport_size
    assert box is not None, "not rendered"
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= view["width"] + 1, (box, view)
    assert box["y"] + box["height"] <= view["height"] + 1, (box, view)


def never_scrolled(page: Page) -> bool:
    return page.get_by_test_id("stMain").evaluate("el => el.scrollTop") == 0


def test_a_laptop_sees_the_answer_and_the_bytes_chart_without_scrolling(
    open_at, page_errors
) -> None:
    page = open_at(LAPTOP)
    expect(metric_value(page, "Test accuracy")).to_have_text(PERCENT, timeout=TRAIN_TIMEOUT_MS)
    expect(metric_value(page, "Training time")).to_have_text(SECONDS)
    expect(metric_value(page, "Saved .keras")).to_have_text(BYTES)
    chart = page.locator(".st-key-bytes-panel").get_by_test_id("stPlotlyChart")
    expect(chart.locator(".legendtext").filter(has_text="your trained model")).to_have_count(1)
    wait_for_settled(page)
    for label in ANSWER:
        assert_in_view(page, metric(page, label))
    assert_in_view(page, chart)
    assert never_scrolled(page)
    assert_healthy(page, page_errors)


def test_a_phone_moves_a_width_and_sees_parameters_and_accuracy_without_the_menu(
    open_at, page_errors
) -> None:
    page = open_at(PHONE, is_mobile=True, has_touch=True)
    expect(metric_value(page, "Test accuracy")).to_have_text(PERCENT, timeout=TRAIN_TIMEOUT_MS)
    wait_for_settled(page)
    expect(page.get_by_test_id("stSidebarContent")).not_to_be_in_viewport()  # the menu is shut

    thumb = slider_thumb(page, "Width of hidden layer 1")
    assert_in_view(page, thumb)
    thumb.focus()
    page.keyboard.press("ArrowRight")
    expected = counts(33, 16).total
    expect(metric_value(page, "Total params")).to_have_text(str(expected))
    # Written only once this move's model has trained: then its accuracy is the one shown.
    expect(keras_check(page)).to_contain_text(f"total {expected},", timeout=TRAIN_TIMEOUT_MS)
    expect(metric_value(page, "Test accuracy")).to_have_text(PERCENT)
    wait_for_settled(page)
    for label in ("Total params", "Test accuracy"):
        assert_in_view(page, metric(page, label))
    assert never_scrolled(page)
    assert_healthy(page, page_errors)


# Element bundles Streamlit's page loads before it draws the main area, each ~0.3-1.5 MB
# of script: on a 2-core host each one it waits for costs the first numbers ~0.5-1 s.
HEAVY_BUNDLES = ("StreamlitSyntaxHighlighter", "DataFrame", "arrowFormatUtils", "rehype-katex")


def loaded_bundles(page: Page) -> set[str]:
    names = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    return {bundle for bundle in HEAVY_BUNDLES for name in names if f"/{bundle}." in name}


def test_the_first_page_loads_no_code_grid_or_math_bundle_until_asked(open_at) -> None:
    """The default page (first screen, Parameters tab, sidebar) draws tables in Markdown and
    keeps the share link's code block in a popover, so none of these load with it."""
    page = open_at(LAPTOP)
    expect(metric_value(page, "Test accuracy")).to_have_text(PERCENT, timeout=TRAIN_TIMEOUT_MS)
    wait_for_settled(page)
    expect(page.get_by_text("4 x 32 + 32 = 160", exact=True)).to_be_visible()  # the table
    assert loaded_bundles(page) == set()

    expect(share_link(page)).to_contain_text(page.url.split("?")[0])
    assert loaded_bundles(page) == {"StreamlitSyntaxHighlighter"}
