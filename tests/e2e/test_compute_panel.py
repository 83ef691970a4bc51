"""The compute panel in a real browser: a shared link's widths give its FLOPs and activation
memory (as components.core.compute counts them), and the real training's measured time is
split into math and overhead."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from components.core.compute import si, summarize_compute
from components.core.spec import ModelSpec
from tests.e2e.page_helpers import (
    PERCENT,
    SECONDS,
    TRAIN_TIMEOUT_MS,
    assert_healthy,
    metric_value,
    open_app,
    open_tab,
    wait_for_settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

expect.set_options(timeout=30_000)


def test_compute_panel_follows_the_link_and_the_measured_time(
    page: Page, page_errors: list[str]
) -> None:
    open_app(page, "?h1=35&batch=16")
    open_tab(page, "Compute")
    expected = summarize_compute(ModelSpec(widths=(35, 16), batch_size=16))
    assert expected.rows[0].macs == 4 * 35
    expect(page.get_by_role("heading", name="Compute, layer by layer")).to_be_visible()
    expect(page.locator(".st-key-compute-table").get_by_test_id("stDataFrame")).to_be_visible()
    expect(metric_value(page, "Forward FLOPs / sample")).to_have_text(si(expected.forward_flops))
    expect(metric_value(page, "Training FLOPs / epoch")).to_have_text(
        si(expected.training_flops_per_epoch)
    )
    expect(metric_value(page, "Activation memory / batch")).to_have_text(
        si(expected.activation_bytes, "B")
    )
    # Trained (the Keras check is on the Parameters tab; this tab is Compute):
    total = 4 * 35 + 35 + 4 * 35 + 35 * 16 + 16 + 4 * 16 + 16 * 3 + 3
    expect(metric_value(page, "Total params")).to_have_text(str(total))
    expect(metric_value(page, "Test accuracy")).to_have_text(PERCENT, timeout=TRAIN_TIMEOUT_MS)
    expect(metric_value(page, "Training time")).to_have_text(SECONDS, timeout=TRAIN_TIMEOUT_MS)
    wait_for_settled(page)
    split = page.get_by_test_id("stMarkdown").filter(has_text="achieved")
    expect(split).to_contain_text(re.compile(r"achieved [\d.]+ [kMGT]?FLOP/s"))
    expect(split).to_contain_text(si(expected.run_flops, "FLOP"))
    expect(split).to_contain_text("overhead")
    assert_healthy(page, page_errors)
