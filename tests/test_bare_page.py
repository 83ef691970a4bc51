"""The classroom benchmark's floor (bench/bare_page.py) answers a move as the app's page
does, with the labels the benchmark's recorder looks for."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.core.i18n import text
from components.core.params import summarize
from components.core.spec import ModelSpec
from tests.helpers import PAGE_TIMEOUT, metric

BARE_PAGE = Path(__file__).resolve().parent.parent / "bench" / "bare_page.py"


@pytest.mark.usefixtures("fake_engine")
def test_the_bare_page_answers_a_move_with_the_apps_labels():
    at = AppTest.from_file(BARE_PAGE, default_timeout=PAGE_TIMEOUT).run()
    assert not at.exception
    assert at.slider[0].label == text("en", "control.width", number=1)
    assert metric(at, "Total params") == str(summarize(ModelSpec()).total)
    at.slider[0].set_value(33).run()
    assert metric(at, "Total params") == str(summarize(ModelSpec(widths=(33, 16))).total)
    assert metric(at, "Test accuracy").endswith("%")
    assert text("en", "metric.test_accuracy") == "Test accuracy"
    assert text("en", "metric.total_params") == "Total params"
