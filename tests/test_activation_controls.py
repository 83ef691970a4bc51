"""Activations and L2 weight decay on the page: the sidebar's controls, the formulas under the
parameter table, the Keras check, the compute tab's counts and a bad link's notices."""

from __future__ import annotations

from components.core.compute import summarize_compute
from components.core.spec import ModelSpec
from tests.helpers import run_app, share_link


def selectbox(at, label: str):
    return next(box for box in at.sidebar.selectbox if box.label == label)


def page_text(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_the_sidebar_sets_each_layers_activation_and_l2_from_the_link(fake_engine):
    at = run_app(layers="3", a2="tanh", a3="gelu", l2="0.01")
    assert not at.exception
    labels = [f"Activation of hidden layer {i}" for i in (1, 2, 3)]
    assert [selectbox(at, label).value for label in labels] == ["linear", "tanh", "gelu"]
    assert not any(box.label == "Activation of hidden layer 4" for box in at.sidebar.selectbox)
    l2 = next(box for box in at.sidebar.number_input if box.label == "L2 weight decay")
    assert l2.value == 0.01
    text = page_text(at)
    assert "dense_2 tanh `f(z) = (e^z - e^-z) / (e^z + e^-z)`" in text
    assert "dense_3 gelu" in text and "output softmax" in text
    # 4x32 + 32x16 + 16x8 + 8x3 kernel weights, each pulled toward 0 by 2 x 0.01 x w.
    assert "`l2 = 0.01` on the 792 kernel weights" in text and "`0.02 x w`" in text
    assert "every Dense has the activation and L2 factor shown here" in " ".join(
        s.value for s in at.success
    )


def test_moving_a_control_changes_the_model_and_the_link(fake_engine):
    at = run_app()
    assert "L2 weight decay** is off" in page_text(at)
    selectbox(at, "Activation of hidden layer 1").select("sigmoid").run()
    at.sidebar.number_input(key="l2").set_value(0.002).run()
    assert not at.exception
    assert "a1=sigmoid&l2=0.002" in share_link(at)
    assert "dense_1 sigmoid" in page_text(at) and "`l2 = 0.002`" in page_text(at)


def test_a_bad_activation_or_l2_in_the_link_says_so_in_both_languages(fake_engine):
    at = run_app(layers="3", a3="swish", l2="-1")
    warnings = " ".join(w.value for w in at.warning)
    assert "`a3=swish` is not one of relu, tanh, sigmoid, linear, gelu; used relu." in warnings
    assert "`l2=-1` is outside 0.0..0.1; used 0.0." in warnings
    korean = " ".join(w.value for w in run_app(layers="3", a3="swish", l2="-1", lang="ko").warning)
    assert "`a3=swish`" in korean and "`l2=-1`" in korean and "범위 밖" in korean


def test_the_compute_tab_counts_each_activations_ops():
    spec = ModelSpec(
        widths=(10, 10, 10, 10, 10), activations=("linear", "relu", "sigmoid", "tanh", "gelu")
    )
    dense = [row for row in summarize_compute(spec).rows if row.kind == "Dense"]
    # A bias add per unit, then the activation's ops: 0, 1, 4, 5, 5.
    assert [row.elementwise_ops for row in dense[:5]] == [10, 20, 50, 60, 60]
