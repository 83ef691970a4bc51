import math

import pytest

from components.core.link_keys import PAGE_KEY
from components.core.model_link import spec_from_query, spec_to_query
from components.core.page_tabs import DEFAULT_TAB
from components.core.spec import MAX_EPOCHS, MAX_LAYERS, MAX_WIDTH, ModelSpec


def test_defaults_are_the_seed_model():
    spec = ModelSpec()
    assert spec.widths == (32, 16)
    assert (spec.batchnorm, spec.dropout, spec.optimizer) == (True, 0.2, "adam")
    assert (spec.learning_rate, spec.epochs, spec.batch_size, spec.seed) == (0.001, 100, 32, 0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"widths": ()},
        {"widths": (0,)},
        {"widths": (MAX_WIDTH + 1,)},
        {"widths": (8,) * (MAX_LAYERS + 1)},
        {"epochs": 0},
        {"epochs": 2.5},
        {"dropout": 0.95},
        {"optimizer": "Adam"},
        {"batch_size": True},
    ],
)
def test_invalid_specs_raise_value_error_naming_the_field(kwargs):
    with pytest.raises(ValueError) as error:
        ModelSpec(**kwargs)
    assert str(error.value)


def test_query_of_seed_third_column():
    parsed = spec_from_query({"h1": "64", "h2": "32"})
    assert parsed.spec.widths == (64, 32)
    assert parsed.notices == []


@pytest.mark.parametrize(
    "params, field, expected",
    [
        ({"h1": "-5"}, "widths", (1, 16)),
        ({"h1": "abc"}, "widths", (32, 16)),
        ({"h1": "1e12"}, "widths", (MAX_WIDTH, 16)),
        ({"h1": "nan"}, "widths", (32, 16)),
        ({"epochs": "inf"}, "epochs", 100),
        ({"epochs": "1e12"}, "epochs", MAX_EPOCHS),
        ({"layers": "9", "h3": "5"}, "widths", (32, 16, 5, 4, 2, 1)),
        ({"bn": "maybe"}, "batchnorm", True),
        ({"opt": "<script>alert(1)</script>"}, "optimizer", "adam"),
        ({"h1": ["8", "64"]}, "widths", (64, 16)),
        ({"h1": "33.7"}, "widths", (33, 16)),
        ({"dropout": "0.123456"}, "dropout", 0.1235),  # as the control keeps it
    ],
)
def test_bad_values_fall_back_to_nearest_valid_with_a_notice(params, field, expected):
    parsed = spec_from_query(params)
    assert getattr(parsed.spec, field) == expected
    assert parsed.notices


def test_a_rounded_dropout_says_so_and_goes_back_into_the_link_as_read():
    parsed = spec_from_query({"dropout": "0.123456"})
    assert parsed.notices == ["`dropout=0.123456` has more than 4 decimals; used 0.1235."]
    assert spec_to_query(parsed.spec) == {"dropout": "0.1235"}
    assert spec_from_query({"dropout": "0.1235"}).notices == []


def test_notices_do_not_echo_long_or_hostile_values():
    parsed = spec_from_query({"h1": "x" * 10_000 + "`<b>"})
    assert len(parsed.notices) == 1
    assert len(parsed.notices[0]) < 200


def test_valid_values_pass_without_notice():
    parsed = spec_from_query(
        {"layers": "3", "h3": "8", "bn": "false", "dropout": "0", "opt": "sgd", "lr": "0.01"}
    )
    assert parsed.notices == []
    assert parsed.spec.widths == (32, 16, 8)
    assert parsed.spec.batchnorm is False
    assert math.isclose(parsed.spec.learning_rate, 0.01)


def test_a_links_tab_is_read_in_any_case_and_an_unknown_one_opens_the_default():
    read_tab = PAGE_KEY["tab"].read
    assert read_tab([]) == (DEFAULT_TAB, [])
    assert read_tab(["regions"]) == ("Regions", [])
    assert read_tab([" BYTES "]) == ("Bytes", [])
    tab, [notice] = read_tab(["<script>`x`</script>" * 3])
    assert tab == DEFAULT_TAB and "is not one of Parameters, Network, Training" in notice
    assert "`" not in notice.split("`")[1]  # the hostile value is quoted, never unquoted
    assert read_tab(["Code", "Files"]) == ("Files", ["`tab` appeared 2 times; used the last one."])


def test_the_seed_is_linear_then_relu_and_a_deeper_model_adds_relu():
    assert ModelSpec().activations == ("linear", "relu")
    assert ModelSpec(widths=(4, 4, 4)).activations == ("linear", "relu", "relu")
    assert ModelSpec().with_widths((8,)).activations == ("linear",)
    assert ModelSpec().l2 == 0.0
    assert spec_to_query(ModelSpec(widths=(32, 16), activations=("linear", "relu"))) == {}


@pytest.mark.parametrize(
    ("query", "activations", "l2"),
    [
        ({"a1": "tanh", "a2": "gelu"}, ("tanh", "gelu"), 0.0),
        ({"layers": "3", "a3": "sigmoid", "l2": "0.01"}, ("linear", "relu", "sigmoid"), 0.01),
        ({"a2": " ReLU ", "l2": "0"}, ("linear", "relu"), 0.0),
    ],
)
def test_activations_and_l2_are_read_from_the_link_and_written_back(query, activations, l2):
    parsed = spec_from_query(query)
    assert (parsed.spec.activations, parsed.spec.l2, parsed.notices) == (activations, l2, [])
    assert spec_from_query(spec_to_query(parsed.spec)).spec == parsed.spec


@pytest.mark.parametrize(
    ("query", "activations", "l2", "english", "korean"),
    [
        (
            {"layers": "3", "a3": "swish"},
            ("linear", "relu", "relu"),
            0.0,
            "`a3=swish` is not one of relu, tanh, sigmoid, linear, gelu; used relu.",
            "`a3=swish`",
        ),
        (
            {"l2": "-1"},
            ("linear", "relu"),
            0.0,
            "`l2=-1` is outside 0.0..0.1; used 0.0.",
            "범위 밖",
        ),
        ({"l2": "5"}, ("linear", "relu"), 0.1, "`l2=5` is outside 0.0..0.1; used 0.1.", "범위 밖"),
        ({"l2": "abc"}, ("linear", "relu"), 0.0, "`l2=abc` is not a number; used 0.0.", "숫자가"),
    ],
)
def test_a_bad_activation_or_l2_falls_back_with_a_notice_in_both_languages(
    query, activations, l2, english, korean
):
    parsed = spec_from_query(query)
    assert (parsed.spec.activations, parsed.spec.l2) == (activations, l2)
    (notice,) = parsed.notices
    assert str(notice) == english
    assert korean in notice.in_lang("ko") and notice.in_lang("ko") != english


def test_an_activation_beyond_the_depth_is_not_the_models():
    assert spec_from_query({"a3": "tanh"}).spec == ModelSpec()
    with pytest.raises(ValueError, match="a2='swish'"):
        ModelSpec(activations=("relu", "swish"))
    with pytest.raises(ValueError, match="l2"):
        ModelSpec(l2=-0.5)
