"""Your own CSV in a real browser: the file goes up through Streamlit's uploader, trains in a
real worker (which gets the table with the job), and the page counts its parameters; a bad
file then gets one message and the page keeps the good one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from components.core.csv_table import read_csv_table
from components.core.datasets import upload_dataset
from components.core.params import summarize
from components.core.spec import ModelSpec
from components.ui.csv_upload import LINK_NOTE
from tests.e2e.page_helpers import (
    assert_healthy,
    expect_trained,
    metric_value,
    open_app,
    share_link,
    wait_for_settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Six features, three classes a straight line separates: counts differ from every built-in set.
ROWS = [
    ",".join(f"{(i * (j + 3)) % 13 + 10 * (i % 3)}.5" for j in range(6)) + f",k{i % 3}"
    for i in range(90)
]
GOOD = ("a,b,c,d,e,f,kind\n" + "\n".join(ROWS) + "\n").encode()
ONE_CLASS = b"a,b,kind\n1,2,x\n3,4,x\n5,6,x\n"


def upload(page: Page, name: str, data: bytes) -> None:
    chooser = page.get_by_test_id("stSidebar").locator("input[type=file]")
    chooser.set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def test_an_uploaded_csv_trains_and_counts_its_parameters(page: Page, page_errors) -> None:
    table = read_csv_table(GOOD)
    data = upload_dataset(table, "six.csv")  # here too, to count
    spec = ModelSpec(dataset=data.key, upload=data)
    total = summarize(spec).total
    assert total == (6 * 32 + 32) + (32 * 16 + 16) + (16 * 3 + 3) + 4 * 32 + 4 * 16

    open_app(page)
    upload(page, "six.csv", GOOD)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("90 rows, 6 numeric features, 3 classes (label column kind)")
    expect(metric_value(page, "Total params")).to_have_text(str(total))
    expect_trained(page, total)  # in a real worker, which never saw the file
    expect(page).to_have_url(re.compile(r"[?&]data=six\.csv"))  # the select's label
    expect(share_link(page)).not_to_contain_text("data=")
    expect(page.get_by_test_id("stPopoverBody")).to_contain_text(LINK_NOTE)  # by the link
    page.keyboard.press("Escape")  # the share popover shut again
    wait_for_settled(page)
    assert_healthy(page, page_errors)

    upload(page, "bad.csv", ONE_CLASS)
    error = sidebar.get_by_test_id("stAlertContentError")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("has only one class")
    expect(metric_value(page, "Total params")).to_have_text(str(total))  # the good file's
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert not page_errors

    page.reload()  # a new session: the address bar's link cannot bring the file back
    expect(page.get_by_test_id("stAlert").filter(has_text="cannot carry")).to_have_count(1)
    expect(metric_value(page, "Total params")).to_have_text(str(summarize(ModelSpec()).total))
