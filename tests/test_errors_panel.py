"""Where it errs: the confusion matrix and per-class precision and recall on the test split.

The numbers come from the real trained model in the worker (slow tests: rows are the test
split's classes, the diagonal is the test accuracy, precision and recall are scikit-learn's on
the model's own predictions); the page's panel runs on the fake engine's made-up result.
"""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from components.charts.error_styles import RIGHT_RGB, WRONG_RGB, confusion_cell_css
from components.core.class_errors import CLASS_NAMES, class_errors
from components.core.spec import ModelSpec
from components.core.split import iris_split
from components.engine.engine import EngineError
from components.ui.errors_panel import PREDICTED, TRUE_COLUMN
from tests.fake_engine import FakeEngine
from tests.helpers import REAL_ENGINE_TIMEOUT, app_test, run_app

LINK = {"epochs": "30", "seed": "3"}
SPEC = ModelSpec(epochs=30, seed=3)


def table(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def panel_shown(at: AppTest) -> bool:
    return any(h.value == "Where it errs" for h in at.subheader)


# ---------------------------------------------------------------- pure parts


def test_class_errors_count_each_true_class_by_prediction():
    errors = class_errors([0, 0, 1, 1, 1, 2], [0, 1, 1, 1, 2, 2])
    assert errors.confusion == [[1, 1, 0], [0, 2, 1], [0, 0, 1]]
    assert errors.precision == pytest.approx([1.0, 2 / 3, 1 / 2])
    assert errors.recall == pytest.approx([1 / 2, 2 / 3, 1.0])


def test_a_class_never_predicted_keeps_its_column_and_scores_zero():
    errors = class_errors([0, 1, 2], [0, 0, 0])
    assert errors.confusion == [[1, 0, 0], [1, 0, 0], [1, 0, 0]]
    assert errors.precision == pytest.approx([1 / 3, 0.0, 0.0])
    assert errors.recall == [1.0, 0.0, 0.0]
    assert all(type(n) is int for row in errors.confusion for n in row)  # pickles plainly


@pytest.mark.parametrize("seed", range(5))
def test_class_errors_count_as_scikit_learn_does(seed):
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    rng = np.random.default_rng(seed)
    n_classes = int(rng.integers(2, 11))
    y_true = rng.integers(0, n_classes, size=int(rng.integers(1, 60)))
    y_pred = np.where(rng.random(y_true.size) < 0.7, y_true, rng.integers(0, n_classes - 1))
    labels = list(range(n_classes))
    precision, recall, _, _ = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0.0
    )
    errors = class_errors(y_true, y_pred, n_classes)
    assert errors.confusion == confusion_matrix(y_true, y_pred, labels=labels).tolist()
    assert errors.precision == precision.tolist() and errors.recall == recall.tolist()


def test_cells_are_green_when_right_red_when_wrong_blank_when_empty():
    css = confusion_cell_css([[10, 0, 0], [0, 7, 3], [0, 0, 10]])
    assert RIGHT_RGB in css[0][0] and RIGHT_RGB in css[1][1]
    assert WRONG_RGB in css[1][2]
    assert css[0][1] == css[2][0] == ""


# ---------------------------------------------------------------- the page (fake engine)


@pytest.mark.usefixtures("fake_engine")
def test_the_panel_shows_the_matrix_and_per_class_scores_of_the_result():
    at = run_app(**LINK, tab="Errors")
    assert not at.exception and not at.error
    assert panel_shown(at)
    expected = FakeEngine().train(SPEC)
    matrix = table(at, TRUE_COLUMN)
    assert matrix[TRUE_COLUMN].tolist() == list(CLASS_NAMES)
    shown = matrix[[PREDICTED.format(name) for name in CLASS_NAMES]].to_numpy().tolist()
    assert shown == expected.confusion
    scores = table(at, "precision")
    assert scores["class"].tolist() == list(CLASS_NAMES)
    assert scores["precision"].tolist() == pytest.approx(expected.class_precision)
    assert scores["recall"].tolist() == pytest.approx(expected.class_recall)
    assert scores["test rows"].tolist() == [10, 10, 10]


def test_no_training_result_no_panel(fake_engine, monkeypatch):
    def refuse(*args, **kwargs):
        raise EngineError("refused for the test")

    monkeypatch.setattr(fake_engine, "train", refuse)
    at = run_app(**LINK, tab="Errors")
    assert not at.exception
    assert [e.value for e in at.error] == ["refused for the test"]
    assert not panel_shown(at)


# ---------------------------------------------------------------- the real model (slow)


@pytest.fixture(scope="module")
def trained():
    import tensorflow  # noqa: F401  (Keras-oracle test: TensorFlow must be there)

    from components.worker.jobs import configure_tensorflow
    from components.worker.training import predicted_classes, train

    configure_tensorflow()  # as the workers run it
    model, result = train(SPEC)
    return result, predicted_classes(model, iris_split(SPEC.seed).x_test)


@pytest.mark.slow
def test_matrix_rows_are_the_test_splits_classes(trained):
    result, _ = trained
    rows = [sum(row) for row in result.confusion]
    assert rows == np.bincount(iris_split(SPEC.seed).y_test).tolist()


@pytest.mark.slow
def test_matrix_diagonal_is_the_test_accuracy(trained):
    result, _ = trained
    matrix = np.array(result.confusion)
    assert np.trace(matrix) / matrix.sum() == pytest.approx(result.test_accuracy, abs=1e-12)


@pytest.mark.slow
def test_precision_and_recall_are_sklearns_on_the_models_predictions(trained):
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    result, predicted = trained
    y_test = iris_split(SPEC.seed).y_test
    precision, recall, _, _ = precision_recall_fscore_support(y_test, predicted, zero_division=0)
    assert result.class_precision == pytest.approx(precision.tolist(), abs=1e-12)
    assert result.class_recall == pytest.approx(recall.tolist(), abs=1e-12)
    assert result.confusion == confusion_matrix(y_test, predicted).tolist()


@pytest.mark.slow
def test_the_page_shows_the_real_models_matrix():
    at = app_test(LINK | {"tab": "Errors"}, REAL_ENGINE_TIMEOUT).run()
    assert not at.exception and not at.error
    matrix = table(at, TRUE_COLUMN)
    shown = matrix[[PREDICTED.format(name) for name in CLASS_NAMES]].to_numpy()
    assert shown.sum() == len(iris_split(SPEC.seed).y_test)
