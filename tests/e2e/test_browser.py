"""Real-browser end-to-end tests: a real ``streamlit run app.py`` driven by Chromium.

Waiting follows Streamlit's own e2e suite: after navigation wait for the app to be connected
and its script to have run, then let Playwright's auto-waiting ``expect`` poll stable locators
(``data-testid`` attributes) for the values. No sleeps. Training runs in a worker process that
imports TensorFlow, so the first training after the server starts can take ~10-20 s; results
get generous timeouts.

Parameter counts are expected as ``components.core.params.summarize`` gives them, and the
page's own Keras check (written only when every layer's ``count_params()`` matches) must name
the same total: for the default spec (32, 16) -> 931, (33, 16) -> 956 and (64, 32) -> 2883.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.page_helpers import (
    RUN_TIMEOUT_MS,
    assert_healthy,
    counts,
    expect_trained,
    files_toggle,
    metric,
    metric_value,
    open_app,
    open_tab,
    share_link,
    slider_thumb,
    wait_for_app_run,
    wait_for_settled,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO_ROOT / "docs" / "screenshot.png"
# Only `python -m tests.e2e.screenshot` (which sets it to 1) rewrites the tracked image.
WRITE_SCREENSHOT = os.environ.get("PARAMLAB_SCREENSHOT") == "1"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Playwright's default of 5 s is too short here: after the script has run, Streamlit still
# lazy-loads each widget's JavaScript chunk in a fresh context and shows skeletons meanwhile
# (seen taking ~5 s on 2 busy cores while a TensorFlow worker trains).
expect.set_options(timeout=30_000)


# ---------------------------------------------------------------- tests


def test_default_page_counts_and_trains(page: Page, page_errors: list[str]) -> None:
    open_app(page)
    expect(page.get_by_role("heading", name="Iris MLP Param Lab")).to_be_visible()
    expected = counts(32, 16)
    expect(metric_value(page, "Total params")).to_have_text(str(expected.total))
    expect(metric_value(page, "Trainable")).to_have_text(str(expected.trainable))
    expect(metric_value(page, "Non-trainable")).to_have_text(str(expected.non_trainable))
    table = page.get_by_test_id("stMarkdown").get_by_role("table")  # the parameter table
    expect(table.get_by_role("cell", name="4 x 32 + 32 = 160", exact=True)).to_be_visible()
    expect_trained(page, expected.total)  # the page's check against Keras names the same total
    wait_for_settled(page)
    # The first screen's curves and parameters vs bytes; the other panels wait in their tabs.
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(2)
    expect(page.get_by_role("tab", name="Parameters")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_test_id("stAlertContentWarning")).to_have_count(0)
    assert_healthy(page, page_errors)


def test_keyboard_slider_updates_url_params_and_retrains(
    page: Page, page_errors: list[str]
) -> None:
    open_app(page)
    expect_trained(page, 931)
    wait_for_settled(page)

    thumb = slider_thumb(page, "Width of hidden layer 1")
    expect(thumb).to_have_count(1)
    expect(thumb).to_have_attribute("aria-valuetext", "32")
    thumb.focus()
    page.keyboard.press("ArrowRight")

    expect(thumb).to_have_attribute("aria-valuetext", "33")
    expect(page).to_have_url(re.compile(r"[?&]h1=33(&|$)"))
    expected = counts(33, 16).total
    expect(metric_value(page, "Total params")).to_have_text(str(expected), timeout=RUN_TIMEOUT_MS)
    # The old accuracy stays on screen (stale) while the rerun trains, so wait for what
    # only the new run writes: the Keras check naming the new total.
    expect_trained(page, expected)
    wait_for_settled(page)
    expect(metric_value(page, "Total params")).to_have_text(str(expected))
    expect(page).to_have_url(re.compile(r"[?&]h1=33(&|$)"))
    assert_healthy(page, page_errors)


def test_shared_url_restores_widths(page: Page, page_errors: list[str]) -> None:
    open_app(page, "?h1=64&h2=32")
    expect(slider_thumb(page, "Width of hidden layer 1")).to_have_attribute("aria-valuetext", "64")
    expect(slider_thumb(page, "Width of hidden layer 2")).to_have_attribute("aria-valuetext", "32")
    expected = counts(64, 32).total
    expect(metric_value(page, "Total params")).to_have_text(str(expected))
    expect_trained(page, expected)
    wait_for_settled(page)
    expect(page.get_by_test_id("stAlertContentWarning")).to_have_count(0)
    assert_healthy(page, page_errors)


def test_files_report_runs_only_when_switched_on_and_the_link_keeps_it(
    page: Page, page_errors: list[str]
) -> None:
    open_app(page)
    expect_trained(page, 931)
    wait_for_settled(page)
    open_tab(page, "Files")
    expect(page.get_by_test_id("stDownloadButton")).to_contain_text("Download the trained model")
    expect(files_toggle(page).locator("input")).not_to_be_checked()
    wait_for_settled(page)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(2)

    files_toggle(page).get_by_text("Measure this model in every format").click()
    expect(page).to_have_url(re.compile(r"[?&]files=true(&|$)"))
    expect(page.get_by_role("heading", name="One model, 8 files")).to_be_visible(
        timeout=RUN_TIMEOUT_MS
    )
    wait_for_settled(page)
    # curves, parameters vs bytes, the .keras anatomy bar, the optimizer comparison
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(4)
    expect(share_link(page)).to_contain_text(re.compile(r"[?&]files=true(&|$)"))

    page.goto(page.url)  # the link, opened again: still on, still measured
    wait_for_app_run(page)
    expect(files_toggle(page).locator("input")).to_be_checked()
    expect(page.get_by_role("heading", name="One model, 8 files")).to_be_visible(
        timeout=RUN_TIMEOUT_MS
    )
    files_toggle(page).get_by_text("Measure this model in every format").click()
    expect(page).not_to_have_url(re.compile(r"files="))
    expect(page.get_by_role("heading", name="One model, 8 files")).to_have_count(0)
    wait_for_settled(page)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(2)
    expect(share_link(page)).not_to_contain_text("files=")
    assert_healthy(page, page_errors)


def test_the_bytes_people_ship_are_measured_only_when_switched_on(
    page: Page, page_errors: list[str]
) -> None:
    open_app(page)
    expect_trained(page, 931)
    wait_for_settled(page)
    open_tab(page, "Bytes")
    switch = page.get_by_test_id("stCheckbox").filter(has_text="Measure what people ship")
    expect(switch.locator("input")).not_to_be_checked()
    why = page.get_by_text("Why the shipped files' bytes per parameter are what they are.")
    expect(why).to_have_count(0)

    switch.get_by_text("Measure what people ship").click()
    expect(page).to_have_url(re.compile(r"[?&]ship=true(&|$)"))
    expect(why).to_be_visible(timeout=RUN_TIMEOUT_MS)
    wait_for_settled(page)
    chart = page.get_by_test_id("stPlotlyChart").last
    for series in ("TFLite float16", "TFLite dynamic-range int8", ".keras gzipped, level 6"):
        expect(chart).to_contain_text(f"{series} (measured)")
    expect(share_link(page)).to_contain_text(re.compile(r"[?&]ship=true(&|$)"))
    assert_healthy(page, page_errors)


def test_hostile_url_warns_and_falls_back(page: Page, page_errors: list[str]) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_app(page, "?h1=abc&epochs=1e12&opt=%3Cscript%3Ealert(1)%3C/script%3E")

    warning = page.get_by_test_id("stAlertContentWarning").filter(has_text="could not be used")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("Some values in this link could not be used as given")
    expect(warning).to_contain_text("h1=abc")
    expect(warning).to_contain_text("epochs=1e12")
    # The script tag is shown as text, never parsed into the page.
    expect(warning).to_contain_text("<script>")
    expect(page.locator("script", has_text="alert(1)")).to_have_count(0)

    # Each bad value becomes what the notice says it used: h1 the default 32, so the
    # default model's 931 parameters; epochs the nearest limit, 500; the optimizer adam.
    expect(warning).to_contain_text(re.compile(r"h1=abc.*used 32\."))
    expect(warning).to_contain_text(re.compile(r"epochs=1e12.*used 500\."))
    expect(metric_value(page, "Total params")).to_have_text("931")
    expect(slider_thumb(page, "Width of hidden layer 1")).to_have_attribute("aria-valuetext", "32")
    expect(slider_thumb(page, "Epochs")).to_have_attribute("aria-valuetext", "500")
    expect(metric(page, "With adam state")).to_have_count(1)
    expect_trained(page, 931)
    wait_for_settled(page)
    # The hostile values are gone from the link, and the share link reproduces this page.
    assert "abc" not in page.url and "script" not in page.url.lower(), page.url
    expect(share_link(page)).to_contain_text(re.compile(r"[?&]epochs=500(&|$)"))
    expect(share_link(page)).not_to_contain_text("abc")
    assert not dialogs, f"a dialog opened: {dialogs}"
    assert_healthy(page, page_errors)


def test_address_bar_keeps_clamped_value(page: Page) -> None:
    """The link is rewritten to the value actually used, so the address bar can be shared."""
    open_app(page, "?epochs=1e12")
    expect(slider_thumb(page, "Epochs")).to_have_attribute("aria-valuetext", "500")
    expect_trained(page, 931)
    wait_for_settled(page)
    expect(page).to_have_url(re.compile(r"[?&]epochs=500(&|$)"), timeout=5_000)


def test_first_paint_shows_the_table_before_tensorflow_has_loaded(browser) -> None:
    """On a cold server the table needs no TensorFlow: it is up while the worker still loads."""
    from tests.e2e.conftest import VIEWPORT, running_server

    # A store of its own: the session's shared one already holds the default model.
    with running_server({"PARAMLAB_STORE_DIR": tempfile.mkdtemp()}) as cold:
        context = browser.new_context(viewport=VIEWPORT, base_url=cold.url)
        try:
            page = context.new_page()
            page.goto("/")
            expect(metric_value(page, "Total params")).to_have_text("931")
            assert metric(page, "Test accuracy").count() == 0  # no training result yet
            expect_trained(page, 931)
        finally:
            context.close()


def test_screenshot_of_trained_default_page(
    page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    """The whole default page after training has finished, as docs/screenshot.png shows it;
    written there only by `python -m tests.e2e.screenshot`, else to a temporary file."""
    open_app(page)
    expect(metric_value(page, "Total params")).to_have_text("931")
    expect_trained(page, 931)
    wait_for_settled(page)
    charts = page.get_by_test_id("stPlotlyChart")
    expect(charts).to_have_count(2)  # the first screen's curves and parameters vs bytes
    for chart in charts.all():
        expect(chart.locator(".main-svg").first).to_be_visible()
    assert_healthy(page, page_errors)

    # Streamlit scrolls inside <section data-testid="stMain">, not the document, so a
    # "full page" screenshot would stop at the viewport: grow the viewport to fit the page.
    width = page.viewport_size["width"]
    for _ in range(5):
        height = page.get_by_test_id("stMain").evaluate("el => Math.ceil(el.scrollHeight)")
        page.set_viewport_size({"width": width, "height": max(height, 1800)})
        new_height = page.get_by_test_id("stMain").evaluate("el => Math.ceil(el.scrollHeight)")
        if new_height <= max(height, 1800):
            break
    page.evaluate("document.fonts.ready")
    page.mouse.move(width - 5, 5)  # away from the sidebar and from anything with a tooltip
    wait_for_settled(page)

    path = SCREENSHOT if WRITE_SCREENSHOT else tmp_path / "screenshot.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    assert path.stat().st_size > 50_000
