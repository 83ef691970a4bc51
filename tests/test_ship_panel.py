"""The bytes people ship, in the Bytes tab as Streamlit runs it: TFLite three ways and the
.keras gzipped, measured only when asked (``?ship=true`` or its toggle).

The page's behaviour runs on the fake engine (made-up bytes); the real files and their laws
are tests/test_ship_files.py's, marked slow."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from components.core.results import SHIP_SERIES
from tests.helpers import app_test

BYTES_TAB = {"tab": "Bytes", "epochs": "5"}


def bytes_app(**query) -> AppTest:
    return app_test(BYTES_TAB | query)


@pytest.fixture
def ship_calls(fake_engine) -> list:
    """Every spec the page asks the engine's ship job for."""
    return fake_engine.shipped


def legend(at: AppTest) -> list[str]:
    """Every trace's name on the Bytes tab's chart (the last chart drawn)."""
    figure = json.loads(at.get("plotly_chart")[-1].proto.spec)
    return [trace.get("name", "") for trace in figure["data"]]


def fit_table_rows(at: AppTest) -> list[str]:
    """The fit table's first cells, one per series (its rows after the header)."""
    table = next(m.value for m in at.markdown if "R²" in m.value)
    rows = [line for line in table.splitlines() if line.startswith("| ")][1:]
    return [row.split("|")[1].strip() for row in rows]


def page_text(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_off_by_default_the_ship_job_is_never_asked_for(ship_calls):
    at = bytes_app().run()
    assert not at.exception and not at.error
    assert ship_calls == []
    assert at.toggle(key="ship").value is False
    assert not any(word in name for name in legend(at) for word in ("float16", "int8", "gzip"))
    assert len(fit_table_rows(at)) == 4  # the sweep's files only
    assert "ship=" not in at.code[0].value  # a default-off flag stays out of the share link


def test_the_link_flag_measures_and_draws_each_series_with_its_fit(ship_calls):
    at = bytes_app(ship="true").run()
    assert not at.exception and not at.error
    assert len(ship_calls) == 1
    names = legend(at)
    for word in ("float32", "float16", "int8", "gzip"):
        assert any(word in name and "(measured)" in name for name in names), word
    rows = fit_table_rows(at)
    assert len(rows) == 8
    assert any("int8" in row for row in rows) and any("gzip" in row for row in rows)
    text = page_text(at)
    for sentence in ("**TFLite float32**", "**TFLite float16**", "dynamic-range int8**"):
        assert sentence in text
    assert "**.keras gzipped** at level 6" in text
    assert "under 1,024 numbers in float32" in text
    assert "Your trained model's** `.keras` gzipped (level 6)" in text
    assert "your trained model, gzipped" in names
    assert at.code[0].value.endswith("ship=true&tab=Bytes")


def test_turning_the_toggle_on_measures_once_and_off_again_hides_it(ship_calls):
    at = bytes_app().run()
    at.toggle(key="ship").set_value(True).run()
    assert not at.exception and not at.error
    assert len(ship_calls) == 1
    assert len(fit_table_rows(at)) == 4 + len(SHIP_SERIES)
    at.toggle(key="ship").set_value(False).run()
    assert len(fit_table_rows(at)) == 4 and len(ship_calls) == 1
    assert "ship=" not in at.code[0].value


def test_in_korean_every_sentence_and_series_is_korean(ship_calls):
    at = bytes_app(ship="true", lang="ko").run()
    assert not at.exception and not at.error
    text = page_text(at)
    assert "배포하는 파일의 파라미터당 byte가 왜 이런가" in text
    assert "TFLite 동적 범위 int8" in text and ".keras gzip 압축" in text
    assert "Why the shipped files" not in text
    assert any("gzip" in name and "(실측)" in name for name in legend(at))


@pytest.mark.parametrize("value", ["abc", "1", "", "<script>x</script>"])
def test_a_bad_ship_value_in_the_link_means_off_without_a_fuss(value, ship_calls):
    at = bytes_app(ship=value).run()
    assert not at.exception and not at.error and not at.warning
    assert at.toggle(key="ship").value is False
    assert ship_calls == []


def test_a_failed_ship_job_says_so_in_words_and_the_chart_stays(fake_engine):
    fake_engine.ship_error = "This measurement failed in the worker: the converter ran out."
    at = bytes_app(ship="true").run()
    assert not at.exception
    assert [e.value for e in at.error] == [fake_engine.ship_error]
    assert len(fit_table_rows(at)) == 4


def test_a_classroom_link_can_hide_the_toggle_and_keep_it_on(ship_calls):
    at = bytes_app(ship="true", hide="ship").run()
    assert not at.exception and not at.error
    assert not [toggle for toggle in at.toggle if toggle.key == "ship"]
    assert len(ship_calls) == 1 and len(fit_table_rows(at)) == 8
    assert at.code[0].value.endswith("?epochs=5&ship=true&hide=ship&tab=Bytes")
