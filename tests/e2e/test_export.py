"""Take it home, in a real browser: a shared link's model as plain Keras code, and its download.

A real ``streamlit run app.py`` and Debian's Chromium (fixtures in ``tests/e2e/conftest.py``).
"""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import Locator, Page, expect

from components.core.export_code import SCRIPT_NAME, keras_script
from components.core.spec import ModelSpec
from tests.e2e.page_helpers import assert_healthy, open_app, open_tab, wait_for_settled

pytestmark = [pytest.mark.browser, pytest.mark.slow]

expect.set_options(timeout=30_000)  # widgets' JavaScript loads lazily on 2 busy cores

LINK = "?h1=48&h2=12&opt=sgd&lr=0.05&bn=false"
SPEC = ModelSpec(widths=(48, 12), optimizer="sgd", learning_rate=0.05, batchnorm=False)


def export_panel(page: Page) -> Locator:
    return page.locator(".st-key-export-panel")


def test_a_shared_links_model_shows_as_keras_code_and_downloads(
    page: Page, page_errors: list[str], tmp_path
) -> None:
    open_app(page, LINK)
    expect(page.get_by_test_id("stMain").get_by_test_id("stCode")).to_have_count(0)  # tab shut
    open_tab(page, "Code")
    panel = export_panel(page)

    code = panel.get_by_test_id("stCode")
    expect(code).to_contain_text('keras.layers.Dense(48, name="dense_1")')
    expect(code).to_contain_text('keras.layers.Dense(12, activation="relu", name="dense_2")')
    expect(code).to_contain_text('keras.optimizers.SGD(learning_rate=0.05, name="sgd")')
    expect(code).not_to_contain_text("BatchNormalization")
    button = panel.get_by_test_id("stDownloadButton")
    expect(button).to_contain_text(f"Download {SCRIPT_NAME}")

    with page.expect_download() as download_info:
        button.get_by_role("button").click()
    download = download_info.value
    assert download.suggested_filename == SCRIPT_NAME
    saved = tmp_path / SCRIPT_NAME
    download.save_as(saved)
    assert saved.read_text() == keras_script(SPEC)
    wait_for_settled(page)
    assert_healthy(page, page_errors)


def test_the_trained_models_file_downloads_on_a_click_with_the_bytes_shown(
    page: Page, page_errors: list[str], tmp_path
) -> None:
    """Made when clicked (the server keeps no copy per session): still the trained file."""
    open_app(page, LINK)
    open_tab(page, "Files")
    button = page.get_by_test_id("stDownloadButton").filter(has_text=".keras")
    expect(button).to_be_visible()
    shown = int(re.search(r"\.keras, (\d+) bytes", button.inner_text()).group(1))
    with page.expect_download() as download_info:
        button.get_by_role("button").click()
    download = download_info.value
    assert download.suggested_filename == "iris_mlp_48-12_sgd.keras"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.stat().st_size == shown
    assert zipfile.is_zipfile(saved)  # a .keras file is a zip archive
    wait_for_settled(page)
    assert_healthy(page, page_errors)
