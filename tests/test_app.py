"""The page as Streamlit runs it (AppTest): real widgets, real training in a worker."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")
TIMEOUT = 180  # a cold worker imports TensorFlow before its first training


def run_app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def table_params(at: AppTest) -> list[int]:
    return at.dataframe[0].value["params"].tolist()


@pytest.fixture(scope="module")
def default_page():
    return run_app()


def test_default_page_is_the_seed_model(default_page):
    at = default_page
    assert not at.exception
    assert table_params(at) == [160, 128, 0, 528, 64, 0, 51]
    assert metric(at, "Total params") == "931"
    assert metric(at, "Trainable") == "835"
    assert metric(at, "Non-trainable") == "96"
    formulas = at.dataframe[0].value["formula"].tolist()
    assert formulas[0] == "4 x 32 + 32 = 160" and formulas[3] == "32 x 16 + 16 = 528"


def test_default_page_ends_with_the_trained_result(default_page):
    at = default_page
    assert metric(at, "Test accuracy").endswith("%")
    assert metric(at, "Train accuracy").endswith("%")
    assert any("Checked against the trained Keras model" in s.value for s in at.success)
    assert not at.error


def test_default_page_explains_the_validation_split_pitfall(default_page):
    text = " ".join(m.value for m in default_page.markdown)
    assert "validation_split=0.2" in text and "virginica" in text


def test_seed_third_column_link():
    at = run_app(h1="64", h2="32")
    assert not at.exception
    assert table_params(at) == [320, 256, 0, 2080, 128, 0, 99]
    assert metric(at, "Total params") == "2883"


def test_moving_h1_changes_the_table_and_retrains(default_page):
    at = default_page
    at.slider(key="h1").set_value(8).run()
    assert not at.exception
    assert table_params(at)[0] == 4 * 8 + 8
    total = 9 * 8 + 8 * 16 + 8 * 16 + 3  # the seed's closed form for two hidden layers
    assert metric(at, "Total params") == str(total)
    progress_texts = [p.proto.text for p in at.get("progress")]
    assert any("Trained 100 epochs" in text for text in progress_texts)
    assert any(f"total {total}," in s.value for s in at.success)


def test_hostile_link_shows_a_notice_not_a_traceback():
    at = run_app(h1="abc", epochs="1e12")
    assert not at.exception
    notice = " ".join(w.value for w in at.warning)
    assert "h1=abc" in notice and "epochs=1e12" in notice
    assert metric(at, "Total params") == "931"
