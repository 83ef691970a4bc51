"""A page that waits for a worker keeps still: no endless animation costs its machine a core
(components/ui/page_style.py), while the page still shows that it runs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.page_helpers import TRAIN_TIMEOUT_MS, app, assert_healthy, training_progress

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Animations that would repaint the page until the run ends: Streamlit's running icon (a
# React state swap every 200 ms, so seen by its visibility) and CSS ones without end.
ENDLESS = """() => document.getAnimations().filter((a) => a.playState === "running"
  && a.effect?.getComputedTiming().iterations === Infinity).map((a) => a.animationName)"""


def test_a_running_page_shows_it_runs_without_endless_animations(
    page: Page, page_errors: list[str]
) -> None:
    page.goto("/?epochs=500&batch=1&seed=11")  # ~12 s: 60,000 steps of one row
    expect(training_progress(page)).to_be_visible(timeout=TRAIN_TIMEOUT_MS)
    expect(app(page)).to_have_attribute("data-test-script-state", "running")
    status = page.get_by_test_id("stStatusWidget")
    expect(status.get_by_role("button", name="Stop")).to_be_visible()
    expect(status.get_by_test_id("stStatusWidgetRunningIcon")).to_be_hidden()
    for _ in range(3):  # the running page as it redraws its progress
        assert page.evaluate(ENDLESS) == []
        page.wait_for_timeout(300)
    assert_healthy(page, page_errors)
