"""The "Where the bytes go" panel as Streamlit runs it, for a link that says ?opt=sgd."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")
TIMEOUT = 240  # a cold worker imports TensorFlow, trains, sweeps and saves every format


@pytest.fixture(scope="module")
def sgd_page():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["opt"] = "sgd"
    at.query_params["epochs"] = "5"
    return at.run()


def table(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_the_page_renders_the_panel_without_errors(sgd_page):
    assert not sgd_page.exception
    assert not sgd_page.error
    assert any(h.value == "Where the bytes go" for h in sgd_page.subheader)


def test_the_download_holds_the_sgd_trained_file_whose_bytes_are_shown(sgd_page):
    (button,) = sgd_page.get("download_button")
    size = int(re.search(r"\.keras, (\d+) bytes", button.proto.label).group(1))
    text = " ".join(m.value for m in sgd_page.markdown)
    assert f"**{size} bytes**" in text  # the trained file, an exact integer
    optimizers = table(sgd_page, ".keras bytes").set_index("optimizer")
    assert optimizers.loc["sgd", ".keras bytes"] == size
    formats = table(sgd_page, "saved with").set_index("format")
    assert formats.loc[".keras", "bytes"] == size


def test_every_anatomy_table_sums_to_its_files_size(sgd_page):
    formats = table(sgd_page, "saved with").set_index("format")
    anatomies = [df.value for df in sgd_page.dataframe if "part" in df.value.columns]
    assert len(anatomies) == 2
    assert [int(df["bytes"].sum()) for df in anatomies] == [
        formats.loc[".keras", "bytes"],
        formats.loc["legacy .h5", "bytes"],
    ]


def test_a_typed_width_gets_a_prediction_and_its_measured_file(sgd_page):
    at = sgd_page
    at.number_input(key="law_width").set_value(64).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "A model with widths 64/32 has **2,883 parameters**" in text
    assert "This very model was measured" in text
