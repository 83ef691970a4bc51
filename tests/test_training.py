"""The fast trainer keeps model.fit's semantics and returns a real Keras model."""

import itertools
import math
import os
import tempfile
import time

import keras
import numpy as np
import pytest

from components.core.results import JobCancelled, TrainingTimedOut
from components.core.spec import MAX_EPOCHS, ModelSpec
from components.core.split import iris_split
from components.worker import training
from components.worker.family_program import ProgramCache
from components.worker.jobs import configure_tensorflow
from components.worker.model import build_compiled
from components.worker.training import epoch_permutations, fit, train

pytestmark = pytest.mark.slow  # TensorFlow

configure_tensorflow()  # as the workers run it
SHORT = ModelSpec(epochs=12)


def test_split_is_stratified_and_seeded():
    split = iris_split(0)
    assert len(split.x_train) == 120 and len(split.x_test) == 30
    assert np.bincount(split.y_test).tolist() == [10, 10, 10]
    assert np.array_equal(split.x_test, iris_split(0).x_test)
    assert not np.array_equal(split.x_test, iris_split(1).x_test)


@pytest.mark.parametrize(("n", "epochs", "seed"), [(120, 100, 0), (1, 3, 5), (142, 7, 41)])
def test_each_epoch_order_is_the_seeded_permutation_links_were_trained_with(n, epochs, seed):
    """The orders a shared link's training takes its batches in: one ``permutation`` of
    the rows an epoch, drawn in turn from the link's seed."""
    rng = np.random.default_rng(seed)
    drawn_in_turn = np.stack([rng.permutation(n) for _ in range(epochs)])
    spec = ModelSpec(epochs=epochs, seed=seed)
    np.testing.assert_array_equal(epoch_permutations(spec, n), drawn_in_turn)


def weights_fitted_in_order(spec: ModelSpec, perms: np.ndarray) -> list[np.ndarray]:
    """What ``train(spec)`` does, but with the batches taken in ``perms``'s row orders."""
    keras.utils.set_random_seed(spec.seed)
    model = build_compiled(spec)
    model.optimizer.build(model.trainable_variables)
    fit(model, iris_split(spec.seed), perms, spec.batch_size, spec.seed)
    return [w.numpy() for w in model.weights]


def test_minibatches_like_fit_reshuffled_every_epoch():
    spec = ModelSpec(epochs=7, batch_size=32)
    model, result = train(spec)
    # 120 rows in batches of 32: 3 full and 1 partial batch per epoch, as model.fit does.
    assert int(model.optimizer.iterations.numpy()) == 7 * math.ceil(120 / 32)
    assert all(len(result.history[key]) == 7 for key in result.history)
    perms = epoch_permutations(spec, 120)
    assert all(sorted(p) == list(range(120)) for p in perms)
    # train takes its batches in these orders: fitting in them gives its weights bit for bit,
    same = weights_fitted_in_order(spec, perms)
    assert all(np.array_equal(w.numpy(), a) for w, a in zip(model.weights, same, strict=True))
    # and the orders matter: the first epoch's order every epoch ends elsewhere.
    unshuffled = weights_fitted_in_order(spec, np.stack([perms[0]] * spec.epochs))
    assert not all(np.array_equal(a, b) for a, b in zip(same, unshuffled, strict=True))


def test_default_model_learns_iris():
    _, result = train(ModelSpec())
    assert result.test_accuracy >= 0.8
    assert result.history["loss"][-1] < result.history["loss"][0]


@pytest.mark.parametrize(
    "spec",
    [
        ModelSpec(epochs=30),
        ModelSpec(widths=(7,), batchnorm=False, dropout=0.0, epochs=30, optimizer="sgd"),
        ModelSpec(widths=(64, 32, 16), dropout=0.5, epochs=30, seed=3, dataset="wine"),
    ],
    ids=["default", "plain", "wine-dropout"],
)
def test_the_last_epochs_test_accuracy_is_the_results(spec):
    # The page shows the last history row's test accuracy before the result arrives.
    _, result = train(spec)
    assert result.history["test_accuracy"][-1] == pytest.approx(result.test_accuracy, abs=1e-6)


def test_same_spec_same_numbers():
    _, first = train(SHORT)
    _, second = train(SHORT)
    assert first.history == second.history
    assert first.test_accuracy == second.test_accuracy


def test_chunks_change_no_number(monkeypatch):
    """A training in one program call per epoch gives the numbers of one call for all: each
    epoch's row order and Dropout masks belong to the training's epoch, not the call's."""
    spec = ModelSpec(epochs=6, seed=3)  # Dropout and BatchNorm, as by default

    def trained(chunk_s: float):
        monkeypatch.setattr(training, "CHUNK_S", chunk_s)
        model, result = train(spec)
        return result.history, model.get_weights()

    train(spec)  # the program's pace known: a first chunk is sized by CHUNK_S
    one_call, one_call_weights = trained(1e9)
    per_epoch, per_epoch_weights = trained(1e-9)
    assert per_epoch == one_call
    for ours, theirs in zip(per_epoch_weights, one_call_weights, strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_running_eager_ops_directly_changes_no_number_and_no_byte():
    """Workers run eager ops on their kernels for speed; TensorFlow's default must agree."""
    from components.worker.jobs import run_eager_ops_as_functions
    from components.worker.serialization import keras_file_bytes

    spec = ModelSpec(widths=(9, 5), epochs=15, seed=4)
    model, as_functions = train(spec)
    bytes_as_functions = keras_file_bytes(model)
    assert run_eager_ops_as_functions(False)
    try:
        model, directly = train(spec)
        bytes_directly = keras_file_bytes(model)
    finally:
        run_eager_ops_as_functions(True)
    assert directly.history == as_functions.history
    assert bytes_directly == bytes_as_functions


def test_trained_model_saves_and_reloads_with_identical_predictions():
    model, _ = train(SHORT)
    x = iris_split(0).x_test
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "m.keras")
        model.save(path)
        again = keras.saving.load_model(path)
    np.testing.assert_array_equal(model.predict(x, verbose=0), again.predict(x, verbose=0))


def test_progress_arrives_in_chunks_of_about_a_tenth_of_a_second(monkeypatch):
    """A program new to the process reports first after a 25th of the epochs; once it has
    trained, a training longer than ``CHUNK_S`` reports in chunks before its end, and a
    shorter one is one call, reported once, at its end."""
    monkeypatch.setattr(training, "PROGRAMS", ProgramCache())  # a family never trained here

    def reports(spec: ModelSpec) -> list[int]:
        seen: list[int] = []
        train(spec, on_new_rows=lambda done, rows: seen.append(done))
        return seen

    first = reports(ModelSpec(epochs=50))
    assert first[0] == 2 and first[-1] == 50
    long = reports(ModelSpec(epochs=MAX_EPOCHS))  # ~0.2 s
    assert len(long) >= 2 and long == sorted(long) and long[-1] == MAX_EPOCHS
    assert reports(ModelSpec(epochs=20)) == [20]


def test_a_call_that_waited_does_not_cut_the_next_trainings_into_pieces(monkeypatch):
    """Chunks are paced by CPU seconds: in a class the server preempts a worker mid-call, and
    a wall clock that ran on while it waited (here a second a reading) must not shrink the
    next trainings' chunks."""
    train(ModelSpec(epochs=20))  # the program's pace known
    clock = itertools.count()
    monkeypatch.setattr(training.time, "perf_counter", lambda: float(next(clock)))

    def reports(spec: ModelSpec) -> list[int]:
        seen: list[int] = []
        train(spec, on_new_rows=lambda done, rows: seen.append(done))
        return seen

    assert reports(ModelSpec(epochs=20)) == [20]
    assert reports(ModelSpec(epochs=20, seed=1)) == [20]


def test_cancel_and_deadline_stop_a_training():
    with pytest.raises(JobCancelled):
        train(SHORT, should_stop=lambda: True)
    with pytest.raises(TrainingTimedOut):
        train(SHORT, deadline=time.monotonic() - 1)
