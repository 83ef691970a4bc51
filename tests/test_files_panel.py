"""The "Where the bytes go" panel as Streamlit runs it, for a link that says ?opt=sgd.

The report is measured only when asked for (``?files=true`` or its toggle): off, the page
must not even ask the engine for it. The page's behaviour runs on the fake engine; the bytes
themselves (a real trained file, real anatomies) on the real one, marked slow."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from components.core.model_link import spec_from_query
from components.core.params import summarize
from tests.helpers import PAGE_TIMEOUT, REAL_ENGINE_TIMEOUT, app_test

SGD = {"opt": "sgd", "epochs": "5"}
REPORT_COLUMNS = ("saved with", "part", ".keras bytes", "numbers as")  # one per report table


def sgd_app(timeout: float = PAGE_TIMEOUT, **query) -> AppTest:
    return app_test(SGD | {"tab": "Files"} | query, timeout)


@pytest.fixture(scope="module")
def real_sgd_page():
    """With the real engine: trained, swept and measured in every format by real workers."""
    return sgd_app(REAL_ENGINE_TIMEOUT, files="true").run()


@pytest.fixture
def report_calls(fake_engine) -> list:
    """Every spec the page asks the engine's file report for."""
    return fake_engine.file_reports


def table(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def report_tables(at: AppTest) -> list[str]:
    return [c for c in REPORT_COLUMNS if any(c in df.value.columns for df in at.dataframe)]


def trained_file_bytes(at: AppTest) -> int:
    (button,) = at.get("download_button")
    return int(re.search(r"\.keras, (\d+) bytes", button.proto.label).group(1))


def assert_renders_the_panel(at: AppTest) -> None:
    assert not at.exception
    assert not at.error
    assert any(h.value == "Where the bytes go" for h in at.subheader)


@pytest.mark.usefixtures("fake_engine")
def test_the_page_renders_the_panel_without_errors():
    assert_renders_the_panel(sgd_app(files="true").run())


@pytest.mark.slow
def test_the_page_renders_the_panel_of_real_files_without_errors(real_sgd_page):
    assert_renders_the_panel(real_sgd_page)


@pytest.mark.slow
def test_the_download_holds_the_sgd_trained_file_whose_bytes_are_shown(real_sgd_page):
    assert report_tables(real_sgd_page) == list(REPORT_COLUMNS)
    size = trained_file_bytes(real_sgd_page)
    text = " ".join(m.value for m in real_sgd_page.markdown)
    assert f"**{size} bytes**" in text  # the trained file, an exact integer
    optimizers = table(real_sgd_page, ".keras bytes").set_index("optimizer")
    assert optimizers.loc["sgd", ".keras bytes"] == size
    formats = table(real_sgd_page, "saved with").set_index("format")
    assert formats.loc[".keras", "bytes"] == size


@pytest.mark.slow
def test_every_anatomy_table_sums_to_its_files_size(real_sgd_page):
    formats = table(real_sgd_page, "saved with").set_index("format")
    anatomies = [df.value for df in real_sgd_page.dataframe if "part" in df.value.columns]
    assert len(anatomies) == 2
    assert [int(df["bytes"].sum()) for df in anatomies] == [
        formats.loc[".keras", "bytes"],
        formats.loc["legacy .h5", "bytes"],
    ]


@pytest.mark.usefixtures("fake_engine")
def test_a_typed_width_gets_a_prediction_and_its_measured_file():
    at = sgd_app(files="true", tab="Bytes").run()
    at.number_input(key="law_width").set_value(64).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "A model with widths 64/32 has **2,883 parameters**" in text
    assert "This very model was measured" in text


def test_off_by_default_the_report_is_never_asked_for_but_the_trained_file_is_there(
    report_calls,
):
    at = sgd_app().run()
    assert not at.exception and not at.error
    assert report_calls == []
    assert report_tables(at) == []
    assert at.toggle(key="files").value is False
    assert len(at.get("plotly_chart")) == 2  # curves, bytes; no anatomy, no optimizers
    size = trained_file_bytes(at)
    assert f"**{size} bytes**" in " ".join(m.value for m in at.markdown)
    assert any("7 formats" in c.value for c in at.caption)  # what turning it on measures
    assert "files=" not in at.code[0].value  # the share link


def test_turning_the_toggle_on_measures_and_the_share_link_keeps_it(report_calls):
    at = sgd_app().run()
    at.toggle(key="files").set_value(True).run()
    assert not at.exception and not at.error
    assert [spec.optimizer for spec in report_calls] == ["sgd"]
    assert report_tables(at) == list(REPORT_COLUMNS)
    assert len(at.get("plotly_chart")) == 4
    assert at.code[0].value.endswith("?opt=sgd&epochs=5&files=true&tab=Files")
    at.toggle(key="files").set_value(False).run()
    assert report_tables(at) == [] and len(report_calls) == 1
    assert "files=" not in at.code[0].value


@pytest.mark.parametrize("value", ["abc", "1", "", "<script>x</script>", "9" * 400])
def test_a_bad_files_value_in_the_link_means_off_without_a_fuss(value, report_calls):
    at = sgd_app(files=value).run()
    assert not at.exception and not at.error and not at.warning
    assert at.toggle(key="files").value is False
    assert report_calls == []


def test_a_classroom_link_can_hide_the_toggle_and_keep_it_on(report_calls):
    at = sgd_app(files="true", hide="files").run()
    assert not at.exception
    assert not [t for t in at.toggle if t.key == "files"]
    assert len(report_calls) == 1 and report_tables(at) == list(REPORT_COLUMNS)
    assert "files=true&hide=files" in at.code[0].value


@pytest.mark.slow
def test_the_weights_caption_states_four_bytes_per_parameter_of_this_model(real_sgd_page):
    total = summarize(spec_from_query(SGD).spec).total
    weights_captions = [c.value for c in real_sgd_page.caption if "Weights:" in c.value]
    assert len(weights_captions) == 2  # .keras and legacy .h5
    for caption in weights_captions:
        assert f"Weights: {4 * total} bytes = 4 bytes x {total:,} parameters." in caption
