"""Real browser: a non-default link's texts follow its model (``streamlit run app.py``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from components.core.params import summarize
from components.core.spec import ModelSpec
from tests.e2e.page_helpers import (
    assert_healthy,
    expect_trained,
    metric_value,
    open_app,
    wait_for_settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_worked_example_follows_a_shared_link(page: Page, page_errors: list[str]) -> None:
    open_app(page, "?h1=35&opt=sgd")
    summary = summarize(ModelSpec(widths=(35, 16), optimizer="sgd"))
    expect(metric_value(page, "Total params")).to_have_text(str(summary.total))
    markdown = page.get_by_test_id("stMarkdown")
    example = markdown.filter(has_text="A Dense layer multiplies each input row")
    expect(example).to_contain_text("(1 x 4) . (4 x 35) = (1 x 35)")
    expect(example).to_contain_text("each of the 35 outputs adds its own bias: + 35")
    expect(example).not_to_contain_text("4 x 32")
    no_slots = "sgd (no momentum) keeps no copy per trainable parameter"
    expect(page.get_by_text(no_slots).first).to_be_visible()  # under the parameter table
    expect_trained(page, summary.total)
    wait_for_settled(page)
    expect(page.get_by_text("keeps its own float32 copies")).to_have_count(0)
    assert_healthy(page, page_errors)
