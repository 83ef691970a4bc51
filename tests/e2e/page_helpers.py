"""What the browser tests share: a page's locators and the waits that follow Streamlit's own
e2e suite (connected, script run, nothing stale), as ``tests/e2e/test_browser.py`` explains."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from components.core.params import ParamSummary, summarize
from components.core.spec import ModelSpec

TRAIN_TIMEOUT_MS = 120_000  # first training imports TensorFlow in a fresh worker
RUN_TIMEOUT_MS = 120_000
PERCENT = re.compile(r"^\d{1,3}\.\d%$")
SECONDS = re.compile(r"^\d+\.\d\d s$")


def counts(h1: int, h2: int) -> ParamSummary:
    """The default model's parameter counts at widths ``h1``, ``h2``."""
    return summarize(ModelSpec(widths=(h1, h2)))


# ---------------------------------------------------------------- locators and waits


def app(page: Page) -> Locator:
    return page.get_by_test_id("stApp")


def metric(page: Page, label: str) -> Locator:
    """The st.metric whose label is exactly ``label``."""
    return page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )


def metric_value(page: Page, label: str) -> Locator:
    return metric(page, label).get_by_test_id("stMetricValue")


def slider_thumb(page: Page, label: str) -> Locator:
    """The keyboard-focusable thumb (role=slider) of the st.slider labelled ``label``."""
    return (
        page.get_by_test_id("stSlider")
        .filter(has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))
        .get_by_role("slider")
    )


def share_link(page: Page) -> Locator:
    """The link under "Share" in the sidebar (an st.code block in a popover), opened if shut."""
    link = page.get_by_test_id("stPopoverBody").get_by_test_id("stCode")
    if not link.is_visible():
        page.get_by_test_id("stSidebar").get_by_test_id("stPopover").get_by_role("button").click()
    return link


def training_progress(page: Page) -> Locator:
    return page.locator(".st-key-training-progress").get_by_test_id("stProgress")


def open_tab(page: Page, name: str) -> None:
    """Click a tab under the first screen, as a user would; only its panel runs then."""
    page.get_by_role("tab", name=name, exact=True).click()
    expect(page).to_have_url(re.compile(rf"[?&]tab={name}(&|$)"))


def files_toggle(page: Page) -> Locator:
    """The "Where the bytes go" panel's switch for the report in every format."""
    return page.get_by_test_id("stCheckbox").filter(has_text="Measure this model in every format")


def keras_check(page: Page) -> Locator:
    """The success notice written only after *this* run's model has trained."""
    return page.get_by_test_id("stAlert").filter(has_text="Checked against the trained Keras")


def wait_for_app_run(page: Page, timeout: int = RUN_TIMEOUT_MS) -> None:
    """Connected, and the script has finished its run (as Streamlit's e2e ``wait_for_app_run``).

    ``data-test-script-state`` starts as "initial", so right after navigation "notRunning"
    means a run has completed. After an interaction it may still be the previous run's
    "notRunning", so callers then wait for content that only the new run produces.
    """
    expect(app(page)).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(app(page)).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)


def wait_for_settled(page: Page, timeout: int = RUN_TIMEOUT_MS) -> None:
    """Script done, nothing left over from an earlier run, every lazy element rendered."""
    wait_for_app_run(page, timeout)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=timeout)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout)


def open_app(page: Page, query: str = "") -> None:
    page.goto(f"/{query}")
    wait_for_app_run(page)


def expect_trained(page: Page, total: int) -> None:
    """This spec's model trained: its Keras check names its total, accuracies are shown."""
    expect(keras_check(page)).to_contain_text(f"total {total},", timeout=TRAIN_TIMEOUT_MS)
    expect(metric_value(page, "Train accuracy")).to_have_text(PERCENT, timeout=TRAIN_TIMEOUT_MS)
    expect(metric_value(page, "Test accuracy")).to_have_text(PERCENT, timeout=TRAIN_TIMEOUT_MS)
    expect(metric_value(page, "Training time")).to_have_text(SECONDS, timeout=TRAIN_TIMEOUT_MS)
    expect(training_progress(page)).to_have_count(0)  # the bar goes once the answer is there


def assert_healthy(page: Page, page_errors: list[str]) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    assert not page_errors, f"uncaught errors in the page: {page_errors}"
