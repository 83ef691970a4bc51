"""The Korean page in a real browser: ``?data=wine&lang=ko`` opens Korean headings, tabs and
labels over wine's numbers (13 features in: the first Dense is ``13 x 32 + 32 = 448``)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from components.core.i18n import LANG_NAMES, text
from components.core.params import summarize
from components.core.spec import ModelSpec
from tests.e2e.page_helpers import (
    PERCENT,
    TRAIN_TIMEOUT_MS,
    assert_healthy,
    metric_value,
    open_app,
    wait_for_settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

expect.set_options(timeout=30_000)  # lazy-loaded widgets on 2 busy cores (test_browser.py)


def ko(key: str, **values) -> str:
    return text("ko", key, **values)


def test_wine_in_korean(page: Page, page_errors: list[str]) -> None:
    wine = summarize(ModelSpec(dataset="wine"))
    assert wine.rows[0].formula == "13 x 32 + 32 = 448"  # the numbers are the same in both
    open_app(page, "?data=wine&lang=ko")
    expect(page.get_by_role("heading", name=ko("intro.title"))).to_be_visible()
    expect(page.get_by_role("heading", name=ko("params.heading"))).to_be_visible()
    expect(page.get_by_role("tab", name=ko("tab.Parameters"))).to_be_visible()
    expect(page.get_by_role("tab", name="Parameters")).to_have_count(0)
    expect(metric_value(page, ko("metric.total_params"))).to_have_text(str(wine.total))
    table = page.get_by_test_id("stMarkdown").get_by_role("table").first
    expect(table).to_contain_text(ko("params.col.formula"))
    expect(table).to_contain_text("13 x 32 + 32 = 448")
    expect(metric_value(page, ko("metric.test_accuracy"))).to_have_text(
        PERCENT, timeout=TRAIN_TIMEOUT_MS
    )
    check = page.get_by_test_id("stAlert").filter(has_text="학습한 케라스 모델과 비교했습니다")
    expect(check).to_contain_text(f"전체 {wine.total}")  # Keras's own count, in Korean
    wait_for_settled(page)
    assert "lang=ko" in page.url and "data=wine" in page.url
    expect(page.get_by_role("heading", name="Iris MLP Param Lab")).to_have_count(0)
    assert_healthy(page, page_errors)


def test_a_korean_tab_is_named_in_english_in_the_link(page: Page, page_errors: list[str]) -> None:
    open_app(page, "?lang=ko&epochs=20")
    page.get_by_role("tab", name=ko("tab.Errors")).click()
    expect(page.get_by_role("heading", name=ko("errors.heading"))).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS
    )
    expect(page).to_have_url(re.compile(r"tab=Errors"))
    page.reload()  # the link opens the same tab, in Korean
    expect(page.get_by_role("heading", name=ko("errors.heading"))).to_be_visible(
        timeout=TRAIN_TIMEOUT_MS
    )
    wait_for_settled(page)
    assert_healthy(page, page_errors)


def test_the_picker_switches_every_text_each_time_in_one_session(
    page: Page, page_errors: list[str]
) -> None:
    open_app(page)
    picker = page.get_by_test_id("stSelectbox").filter(has_text=text("en", "lang.label"))
    for lang in ("ko", "en", "ko"):
        picker.click()
        page.get_by_role("option", name=LANG_NAMES[lang]).click()
        expect(page.get_by_role("heading", name=text(lang, "params.heading"))).to_be_visible()
        expect(page.get_by_role("tab", name=text(lang, "tab.Network"))).to_be_visible()
        expect(metric_value(page, text(lang, "metric.test_accuracy"))).to_have_text(
            PERCENT, timeout=TRAIN_TIMEOUT_MS
        )
        wait_for_settled(page)
    assert "lang=ko" in page.url
    assert_healthy(page, page_errors)
