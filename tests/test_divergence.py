"""A run that diverges says so: ``?bn=false&opt=sgd&lr=1`` trains to a NaN loss (as plain
Keras does); training stops, the page names the epoch and suggests a smaller learning rate,
and no NaN is drawn or kept."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest

from components.core.results import TrainingDiverged
from components.core.spec import ModelSpec
from components.core.split import dataset_split
from components.engine.engine import Engine, EngineError
from components.worker.jobs import configure_tensorflow
from components.worker.model import build_compiled
from components.worker.training import train
from tests.helpers import REAL_ENGINE_TIMEOUT, app_test

pytestmark = pytest.mark.slow  # TensorFlow

configure_tensorflow()
LINK = {"bn": "false", "opt": "sgd", "lr": "1"}
DIVERGING = ModelSpec(batchnorm=False, optimizer="sgd", learning_rate=1.0)


def keras_losses(spec: ModelSpec, epochs: int) -> list[float]:
    keras.utils.set_random_seed(spec.seed)
    model = build_compiled(spec)
    split = dataset_split(spec.dataset, spec.seed)
    fitted = model.fit(
        split.x_train, split.y_train, epochs=epochs, batch_size=spec.batch_size, verbose=0
    )
    return fitted.history["loss"]


def test_keras_diverges_too_and_training_stops_at_the_first_non_finite_epoch():
    assert not all(math.isfinite(loss) for loss in keras_losses(DIVERGING, 5))  # the oracle
    reported: list[tuple[int, dict]] = []
    with pytest.raises(TrainingDiverged) as diverged:
        train(DIVERGING, on_new_rows=lambda done, rows: reported.append((done, rows)))
    assert 1 <= diverged.value.epoch <= 5
    rows = [row for _, chunk in reported for row in zip(*chunk.values(), strict=True)]
    assert len(rows) == diverged.value.epoch - 1  # every epoch before it, none after
    assert all(done == diverged.value.epoch - 1 for done, _ in reported[-1:])
    assert np.isfinite(rows).all()


def test_a_learning_rate_that_converges_is_not_called_diverged():
    spec = ModelSpec(batchnorm=False, optimizer="sgd", learning_rate=0.05, epochs=20)
    assert all(math.isfinite(loss) for loss in keras_losses(spec, spec.epochs))
    _, result = train(spec)
    assert len(result.history["loss"]) == spec.epochs


def test_the_engine_names_the_epoch_and_its_worker_trains_the_next_model():
    engine = Engine(workers=1, time_limit_s=120)
    try:
        with pytest.raises(EngineError, match=r"diverged at epoch \d") as failed:
            engine.train(DIVERGING)
        assert "smaller" in str(failed.value)
        assert engine.train(ModelSpec(epochs=3)).test_accuracy >= 0
    finally:
        engine.shutdown()


@pytest.mark.parametrize(("lang", "said"), [("en", "diverged at epoch"), ("ko", "발산했습니다")])
def test_the_page_says_why_and_shows_no_accuracy(lang, said):
    at = app_test({**LINK, "lang": lang}, REAL_ENGINE_TIMEOUT).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert said in errors and "NaN" in errors
    labels = [m.label for m in at.metric]
    assert labels and not any("accuracy" in label or "정확도" in label for label in labels)
