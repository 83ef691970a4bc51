"""The fast trainer refuses any optimizer option its update rules (components/worker/
update_rules.py) do not implement, rather than train silently unlike Keras; the app's own
optimizers, at Keras's defaults, all pass (tests/test_fast_trainer.py proves them equal)."""

from __future__ import annotations

import keras
import pytest

from components.core.spec import OPTIMIZERS, ModelSpec
from components.worker.model import make_optimizer
from components.worker.update_rules import check_supported

pytestmark = pytest.mark.slow  # TensorFlow


def config_of(optimizer: keras.optimizers.Optimizer) -> tuple[str, dict]:
    return type(optimizer).__name__, optimizer.get_config()


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_the_apps_optimizers_are_supported(name):
    check_supported(*config_of(make_optimizer(ModelSpec(optimizer=name))))


@pytest.mark.parametrize(
    ("optimizer", "option"),
    [
        (keras.optimizers.SGD(momentum=0.9), "momentum"),
        (keras.optimizers.SGD(nesterov=True), "nesterov"),
        (keras.optimizers.Adam(amsgrad=True), "amsgrad"),
        (keras.optimizers.RMSprop(centered=True), "centered"),
        (keras.optimizers.Adam(clipnorm=1.0), "clipnorm"),
        (keras.optimizers.Adam(weight_decay=0.01), "weight_decay"),
        (keras.optimizers.Adagrad(weight_decay=0.01), "weight_decay"),
    ],
)
def test_an_option_the_rules_do_not_implement_is_refused_by_name(optimizer, option):
    with pytest.raises(ValueError, match=option):
        check_supported(*config_of(optimizer))


def test_an_optimizer_without_a_rule_is_refused_by_name():
    with pytest.raises(ValueError, match="no update rule for Nadam"):
        check_supported(*config_of(keras.optimizers.Nadam()))
