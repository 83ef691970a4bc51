"""Links, presets and classroom flags, through Streamlit's AppTest: the fake engine, except
where the real engine's numbers are the subject (marked slow)."""

import pytest

from components.core.model_link import spec_from_query, spec_to_query
from components.core.spec import PRESETS, ModelSpec
from tests.helpers import REAL_ENGINE_TIMEOUT, app_test, metric, run_app, share_link


@pytest.mark.usefixtures("fake_engine")
def test_share_link_holds_only_what_differs_from_the_seed():
    assert "?" not in share_link(run_app())
    link = share_link(run_app(h1="64", h2="32", opt="sgd"))
    assert link.endswith("?h1=64&h2=32&opt=sgd")


@pytest.mark.parametrize(
    "spec", [*PRESETS.values(), ModelSpec(widths=(7,), learning_rate=0.01, seed=5)]
)
def test_spec_survives_the_round_trip_through_a_link(spec):
    assert spec_from_query(spec_to_query(spec)).spec == spec


@pytest.mark.usefixtures("fake_engine")
def test_preset_button_sets_the_controls_and_the_url():
    at = run_app()
    next(b for b in at.button if b.label == "Seed table 64/32").click().run()
    assert not at.exception
    assert metric(at, "Total params") == "2883"
    assert at.slider(key="h1").value == 64
    assert share_link(at).endswith("?h1=64&h2=32")


@pytest.mark.usefixtures("fake_engine")
def test_a_preset_keeps_the_chosen_data_and_regions():
    at = run_app(data="wine", regions="0-12")
    next(b for b in at.button if b.label == "Seed table 64/32").click().run()
    assert not at.exception
    assert at.slider(key="h1").value == 64
    assert share_link(at).endswith("?data=wine&h1=64&h2=32&regions=0-12")


@pytest.mark.usefixtures("fake_engine")
def test_reset_returns_to_the_seed_model():
    at = run_app(h1="100", layers="3", opt="sgd")
    assert metric(at, "Total params") != "931"
    next(b for b in at.button if b.label == "Reset to the seed's model").click().run()
    assert metric(at, "Total params") == "931"
    assert "?" not in share_link(at)


@pytest.mark.usefixtures("fake_engine")
def test_classroom_link_hides_controls_but_keeps_their_values():
    at = run_app(hide="opt,lr", opt="sgd", h1="8")
    assert not at.exception
    keys = {w.key for w in at.selectbox} | {w.key for w in at.number_input}
    assert "opt" not in keys and "lr" not in keys
    assert any(m.label == "With sgd state" for m in at.metric)
    assert "hide=lr%2Copt" in share_link(at)


def curves(at) -> str:
    """The training-curves figure as the page received it (plotly JSON)."""
    return at.get("plotly_chart")[0].proto.spec


@pytest.mark.slow
def test_same_link_gives_identical_numbers_in_a_fresh_session():
    from components.ui.engine_resource import get_engine

    link = {"h1": "24", "h2": "12", "seed": "7", "epochs": "40"}
    first = app_test(link, REAL_ENGINE_TIMEOUT).run()
    get_engine().shutdown()  # as if the server restarted: new worker, empty cache
    get_engine.clear()
    second = app_test(link, REAL_ENGINE_TIMEOUT).run()
    assert not second.exception
    assert metric(first, "Test accuracy") == metric(second, "Test accuracy")
    assert metric(first, "Train accuracy") == metric(second, "Train accuracy")
    assert '"name":"train"' in curves(first).replace(" ", "")
    assert curves(first) == curves(second)
