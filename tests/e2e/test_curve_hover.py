"""Hovering the training curves reads out an epoch's loss and accuracy, in the page's language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.page_helpers import counts, expect_trained, open_app, wait_for_settled

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize(
    ("query", "epoch", "loss", "accuracy"),
    [("", "epoch", "Loss", "Accuracy"), ("?lang=ko", "에포크", "Loss", "정확도")],
)
def test_hovering_the_curves_reads_out_epoch_loss_and_accuracy(
    page: Page, query: str, epoch: str, loss: str, accuracy: str
) -> None:
    open_app(page, query)
    if not query:
        expect_trained(page, counts(32, 16).total)
    wait_for_settled(page)
    curves = page.get_by_test_id("stPlotlyChart").first
    curves.locator(".nsewdrag").first.hover()  # the loss subplot's plot area, at its middle
    read_out = curves.locator(".hoverlayer")
    expect(read_out).to_contain_text(re.compile(rf"{epoch} \d+"))
    expect(read_out).to_contain_text(re.compile(rf"{loss} \d+\.\d{{4}}"))
    expect(read_out).to_contain_text(re.compile(rf"{accuracy} \d+\.\d%"))
