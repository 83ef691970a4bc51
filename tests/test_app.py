"""The page as Streamlit runs it (AppTest): real widgets; the fake engine, except where the
real training is the subject (marked slow)."""

import pytest

from tests.helpers import (
    REAL_ENGINE_TIMEOUT,
    app_test,
    metric,
    params_table,
    run_app,
    share_link,
    table_params,
)


@pytest.fixture
def default_page(fake_engine):
    return run_app()


def test_default_page_is_the_seed_model(default_page):
    at = default_page
    assert not at.exception
    assert table_params(at) == [160, 128, 0, 528, 64, 0, 51]
    assert metric(at, "Total params") == "931"
    assert metric(at, "Trainable") == "835"
    assert metric(at, "Non-trainable") == "96"
    formulas = [row["formula"] for row in params_table(at)]
    assert formulas[0] == "4 x 32 + 32 = 160" and formulas[3] == "32 x 16 + 16 = 528"


def test_default_page_ends_with_the_trained_result(default_page):
    assert_trained_and_checked(default_page)


@pytest.mark.slow
def test_the_real_engine_trains_the_default_page_and_keras_agrees():
    at = app_test({}, REAL_ENGINE_TIMEOUT).run()
    assert not at.exception
    assert metric(at, "Total params") == "931"
    assert_trained_and_checked(at)


def assert_trained_and_checked(at) -> None:
    assert metric(at, "Test accuracy").endswith("%")
    assert metric(at, "Train accuracy").endswith("%")
    assert any("Checked against the trained Keras model" in s.value for s in at.success)
    assert not at.error


def test_the_training_tab_explains_the_validation_split_pitfall(fake_engine):
    text = " ".join(m.value for m in run_app(tab="Training").markdown)
    assert "validation_split=0.2" in text and "virginica" in text


def test_seed_third_column_link(fake_engine):
    at = run_app(h1="64", h2="32")
    assert not at.exception
    assert table_params(at) == [320, 256, 0, 2080, 128, 0, 99]
    assert metric(at, "Total params") == "2883"


def test_moving_h1_changes_the_table_and_retrains(default_page, fake_engine):
    at = default_page
    at.slider(key="h1").set_value(8).run()
    assert not at.exception
    assert table_params(at)[0] == 4 * 8 + 8
    total = 9 * 8 + 8 * 16 + 8 * 16 + 3  # the seed's closed form for two hidden layers
    assert metric(at, "Total params") == str(total)
    assert fake_engine.trained[-1].widths == (8, 16)
    assert not at.get("progress")  # the bar is gone once the answer is on the page
    assert any(f"total {total}," in s.value for s in at.success)


def test_hostile_link_shows_a_notice_not_a_traceback(fake_engine):
    at = run_app(h1="abc", epochs="1e12")
    assert not at.exception
    notice = " ".join(w.value for w in at.warning)
    assert "h1=abc" in notice and "epochs=1e12" in notice
    assert metric(at, "Total params") == "931"


def test_a_links_tab_opens_that_panel_only(fake_engine):
    at = run_app(tab="regions")  # any case
    assert not at.exception and not at.warning
    assert at.query_params["tab"] == "Regions"
    assert any(h.value == "Where it draws the lines" for h in at.subheader)
    assert not any(h.value == "Parameters, layer by layer" for h in at.subheader)
    assert share_link(at).endswith("?tab=Regions")


def test_a_hand_edited_tab_opens_the_default_with_a_notice(fake_engine):
    at = run_app(tab="nonsense", h1="8")
    assert not at.exception
    assert "`tab=nonsense` is not one of Parameters" in " ".join(w.value for w in at.warning)
    assert "tab" not in at.query_params
    assert any(h.value == "Parameters, layer by layer" for h in at.subheader)
    assert table_params(at)[0] == 4 * 8 + 8


def test_the_network_tab_plays_back_the_epoch_the_link_names(fake_engine):
    at = run_app(tab="Network", epoch="40")
    assert not at.exception and not at.warning
    assert any(h.value == "The network, drawn" for h in at.subheader)
    slider = at.select_slider[0]
    assert slider.value == 40 and slider.options[0] == "0"
    assert at.query_params["epoch"] == "40" and share_link(at).endswith("tab=Network&epoch=40")
    slider.set_value(int(slider.options[-1])).run()  # the trained model: the default
    assert "epoch" not in at.query_params


def test_a_hand_edited_epoch_is_said_and_the_trained_model_shown(fake_engine):
    at = run_app(tab="Network", epoch="soon")
    assert not at.exception
    assert "`epoch=soon` is not whole; used the trained model." in at.warning[0].value
    assert at.select_slider[0].value == int(at.select_slider[0].options[-1])


def test_every_parameter_is_a_cell_under_the_formulas_when_asked(fake_engine):
    cells = "4 x 32 kernel + 32 bias = 160 cells"
    assert cells not in " ".join(m.value for m in run_app().markdown)  # off by default
    at = run_app(cells="true")
    assert cells in " ".join(m.value for m in at.markdown)
    assert share_link(at).endswith("?cells=true")
