"""The fast trainer: ``model.fit``'s semantics at the speed of the math.

The Keras model is built, initialised, counted, saved and measured as Keras makes
it; only the steps run elsewhere: in one traced program per model family
(``family_program``), which takes the weights as tensors of any shape, so a new
width trains without a new trace. Minibatches of ``batch_size`` in a seeded order
reshuffled every epoch (last batch partial, as in ``fit``); chunks of epochs per
call, returning to Python between them to report progress and honour a cancel
and a deadline (a training shorter than a chunk is one call). Afterwards every
weight, BatchNorm statistic, optimizer slot and the iteration count go back into the
Keras model. ``tests/test_fast_trainer.py`` proves the steps equal to Keras's own
``train_on_batch``.
"""

from __future__ import annotations

import math
import time
import weakref
from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf

from components.core.class_errors import class_errors
from components.core.cost import epoch_seconds
from components.core.forward import class_predictor
from components.core.results import (
    HISTORY_KEYS,
    JobCancelled,
    TrainingDiverged,
    TrainingTimedOut,
    TrainResult,
)
from components.core.snapshots import LayerWeights, WeightSnapshot, snapshot_epochs
from components.core.spec import ModelSpec
from components.core.split import Split, dataset_split
from components.private_hooks import kernel_cache_kept, untracked_by_tensorflow
from components.worker.family_plan import l2_factor, moving_statistics
from components.worker.family_program import ProgramCache
from components.worker.model import build_compiled
from components.worker.update_rules import SLOT_NAMES

# CPU seconds of training between progress reports: curves grow, cancels are quick
CHUNK_S = 0.1
FIRST_CHUNK_DIVISOR = 25  # a program's first chunk, a 25th of the epochs, times the rest
PROGRAMS = ProgramCache()  # this process's traced programs, one per model family


# Each program's pace in its last call: its measured CPU seconds an epoch over the cost
# model's prediction (core/cost.py), so a new width's first chunk is sized from the
# prediction for it, corrected by how fast the program runs on this host now. A training
# shorter than CHUNK_S is then one call (a call costs ~1 ms before its first step). CPU,
# not wall time: in a class the server preempts the workers, and a call that waited would
# cut the next trainings into several calls (8 of a class of 32's trainings took 2-6).
_PACES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _weight_count(variables) -> int:
    return int(sum(math.prod(v.shape) for v in variables))


def layer_param_counts(model: keras.Model) -> list[tuple[str, int, int]]:
    return [
        (
            layer.name,
            _weight_count(layer.trainable_weights),
            _weight_count(layer.non_trainable_weights),
        )
        for layer in model.layers
    ]


def dense_settings(model: keras.Model) -> tuple[tuple[str, str, float], ...]:
    """Each Dense layer's name, activation and kernel L2 factor (0.0: none), as Keras holds
    them."""
    return tuple(
        (
            layer.name,
            keras.activations.serialize(layer.activation),
            float(getattr(layer.kernel_regularizer, "l2", 0.0)),
        )
        for layer in model.layers
        if isinstance(layer, keras.layers.Dense)
    )


def epoch_permutations(spec: ModelSpec, n: int) -> np.ndarray:
    """One shuffled row order per epoch, seeded: the same spec gives the same batches.

    Row by row, as ``rng.permutation(n)`` once an epoch would draw them (the same orders),
    in one call."""
    rng = np.random.default_rng(spec.seed)
    orders = np.tile(np.arange(n), (spec.epochs, 1))
    return rng.permuted(orders, axis=1).astype(np.int32)


def optimizer_slots(model: keras.Model) -> list[list]:
    """The optimizer's slot variables, per kind of slot, in trainable-variable order.

    Found by the path Keras gives each slot (``adam/<variable path>_momentum``).
    """
    by_path = {v.path: v for v in model.optimizer.variables}
    prefix = model.optimizer.name
    return [
        [by_path[f"{prefix}/{v.path.replace('/', '_')}_{name}"] for v in model.trainable_variables]
        for name in SLOT_NAMES[type(model.optimizer).__name__]
    ]


class _ModelState:
    """A Keras model's trainable weights, BatchNorm statistics and optimizer state as the
    family program takes them: one flat vector per group, plus their sizes and shapes."""

    def __init__(self, model: keras.Model) -> None:
        self.groups = [
            model.trainable_variables,
            moving_statistics(model),
            *optimizer_slots(model),
        ]
        self.iterations = model.optimizer.iterations
        trainable, statistics = self.groups[0], self.groups[1]
        self.layout = [
            tf.constant([math.prod(v.shape) for v in trainable], tf.int32),
            tf.constant([(*v.shape, 0)[:2] for v in trainable], tf.int32, (len(trainable), 2)),
            tf.constant([math.prod(v.shape) for v in statistics], tf.int32),
        ]

    def read(self) -> list:
        """``[step, weights, statistics, [slots...]]`` as the program's arguments."""
        weights, stats, *slots = (_flat(group) for group in self.groups)
        return [self.iterations.value, weights, stats, slots]

    def write(self, step, weights, stats, slots) -> None:
        for group, flat in zip(self.groups, [weights, stats, *slots], strict=True):
            _unflatten(group, flat)
        self.iterations.assign(step)


def _flat(variables) -> tf.Tensor:
    if not variables:
        return tf.zeros([0], tf.float32)
    # TensorFlow's own op on each variable's handle: ``variable.numpy()`` is ~3x the Python
    values = [
        tf.raw_ops.ReadVariableOp(resource=v.value.handle, dtype=tf.float32).numpy()
        for v in variables
    ]
    return tf.constant(np.concatenate([np.ravel(value) for value in values]), tf.float32)


def _unflatten(variables, flat: tf.Tensor) -> None:
    """Assign ``flat``'s consecutive pieces to ``variables``, each in its own shape."""
    values, start = flat.numpy(), 0
    for variable in variables:
        size = math.prod(variable.shape)
        # TensorFlow's own op, nothing read back: ``assign`` converts and checks in Python
        tf.raw_ops.AssignVariableOp(
            resource=variable.value.handle,
            value=values[start : start + size].reshape(variable.shape),
        )
        start += size


def fit(
    model: keras.Model,
    split: Split,
    perms: np.ndarray,
    batch_size: int,
    dropout_seed: int = 0,
    on_new_rows: Callable[[int, dict[str, list[float]]], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    deadline: float | None = None,
    keep: SnapshotKeeper | None = None,
    predicted_epoch_s: float | None = None,
) -> dict[str, list[float]]:
    """Train the compiled ``model`` (optimizer built) on ``split``, one row of ``perms``
    per epoch, and leave the result in the model. Returns the per-epoch history.

    Epochs run in chunks of about ``CHUNK_S`` seconds of CPU; the first is sized by
    ``predicted_epoch_s`` (``core.cost.epoch_seconds``) times the program's pace in its
    last call, or is a 25th of the epochs, to time them, for a program new to this process
    or without a prediction. The program hands back the weights at ``keep``'s epochs
    inside the chunks.
    About every ``CHUNK_S`` ``on_new_rows(epochs_done, new_rows)`` reports; between chunks
    a cancel or the deadline stops the training. Chunking changes no number. A loss or
    accuracy that stops being finite raises TrainingDiverged after reporting the epochs
    before it.
    """
    run = PROGRAMS.for_model(model)
    state = _ModelState(model)
    data = [tf.constant(a) for a in (split.x_train, split.y_train, split.x_test, split.y_test)]
    dropouts = [layer.rate for layer in model.layers if isinstance(layer, keras.layers.Dropout)]
    settings = [
        tf.constant(batch_size, tf.int32),
        tf.constant(model.optimizer.learning_rate.numpy(), tf.float32),
        tf.constant(dropouts[0] if dropouts else 0.0, tf.float32),
        tf.constant(dropout_seed, tf.int64),
        tf.constant(l2_factor(model), tf.float32),
    ]
    carried = state.read()
    history: dict[str, list[float]] = {key: [] for key in HISTORY_KEYS}
    report = _Reporter(history, on_new_rows)
    to_keep = [] if keep is None else keep.epochs
    if keep is not None and 0 in to_keep:
        keep.take(0, carried[1].numpy(), carried[2].numpy())
    pace = _PACES.get(run) if predicted_epoch_s else None
    if pace is None:
        chunk = max(1, len(perms) // FIRST_CHUNK_DIVISOR)
    else:
        chunk = max(1, int(CHUNK_S / (pace * predicted_epoch_s)))
    done = 0
    while done < len(perms):
        if should_stop is not None and should_stop():
            raise JobCancelled()
        if deadline is not None and time.monotonic() > deadline:
            raise TrainingTimedOut()
        began = time.process_time()  # the program's CPU: a call preempted by the server
        epochs = perms[done : done + chunk]  # does not shrink the next chunks to pieces
        kept_here = [e for e in to_keep if done < e <= done + len(epochs)]
        keep_rows = np.full(len(epochs), len(kept_here), np.int32)  # the scratch row
        keep_rows[[e - done - 1 for e in kept_here]] = np.arange(len(kept_here))
        rows, kept_weights, kept_stats, *carried = run(
            data, epochs, keep_rows, settings, *carried, state.layout
        )
        rows = rows.numpy().astype(float)
        epoch_s = (time.process_time() - began) / len(rows)
        chunk = max(1, int(CHUNK_S / epoch_s))
        if predicted_epoch_s:
            _PACES[run] = epoch_s / predicted_epoch_s
        finite = np.isfinite(rows).all(axis=1)
        if not finite.all():
            kept = int(np.argmin(finite))  # the epochs before the first non-finite one
            report.add(done + kept, rows[:kept], final=True)
            raise TrainingDiverged(done + kept + 1)
        done += len(rows)
        report.add(done, rows, final=done == len(perms))
        if keep is not None and kept_here:
            weights, stats = kept_weights.numpy(), kept_stats.numpy()
            for row, epoch in enumerate(kept_here):
                keep.take(epoch, weights[row], stats[row])
    state.write(*carried)
    return history


class _Reporter:
    """Adds each chunk's rows to the history; tells ``on_new_rows`` about the first chunk,
    then at most every ``CHUNK_S``, and the last."""

    def __init__(self, history: dict[str, list[float]], on_new_rows) -> None:
        self._history, self._on_new_rows = history, on_new_rows
        self._pending: dict[str, list[float]] = {key: [] for key in HISTORY_KEYS}
        self._told: float | None = None

    def add(self, done: int, rows: np.ndarray, final: bool) -> None:
        for i, key in enumerate(HISTORY_KEYS):
            self._history[key].extend(rows[:, i].tolist())
            self._pending[key].extend(rows[:, i].tolist())
        now = time.perf_counter()
        due = final or self._told is None or now - self._told >= CHUNK_S
        if self._on_new_rows is None or not due or not self._pending[HISTORY_KEYS[0]]:
            return
        self._on_new_rows(done, self._pending)
        self._pending, self._told = {key: [] for key in HISTORY_KEYS}, now


class SnapshotKeeper:
    """Takes the weights at ``epochs`` from the program's flat vectors, as each layer's
    named arrays (``core/snapshots.py``)."""

    def __init__(self, model: keras.Model, epochs: list[int]) -> None:
        self.epochs = epochs
        self.snapshots: list[WeightSnapshot] = []
        owner = {id(v): layer.name for layer in model.layers for v in layer.weights}
        self._places = [
            [(owner[id(v)], v.name, tuple(v.shape)) for v in variables]
            for variables in (model.trainable_variables, moving_statistics(model))
        ]

    def take(self, epoch: int, weights: np.ndarray, stats: np.ndarray) -> None:
        layers: dict[str, dict[str, np.ndarray]] = {}
        for places, flat in zip(self._places, (weights, stats), strict=True):
            start = 0
            for layer, name, shape in places:
                size = math.prod(shape)
                layers.setdefault(layer, {})[name] = flat[start : start + size].reshape(shape)
                start += size
        snapshot = tuple(LayerWeights(name, arrays) for name, arrays in layers.items())
        self.snapshots.append(WeightSnapshot(epoch, snapshot))


def predicted_classes(model: keras.Model, x: np.ndarray) -> np.ndarray:
    """Keras's own prediction: the oracle the worker's numpy one is tested against."""
    probs = model(x, training=False)
    return np.argmax(np.asarray(probs), axis=1)


def accuracy(model: keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(predicted_classes(model, x) == y))


def train(
    spec: ModelSpec,
    on_new_rows: Callable[[int, dict[str, list[float]]], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    deadline: float | None = None,
    split: Split | None = None,
) -> tuple[keras.Model, TrainResult]:
    """Train ``spec`` on its dataset; ``on_new_rows(epochs_done, new_history_rows)`` per chunk.

    ``split``: the dataset's split for ``spec.seed``, as the server sends it to a worker;
    by default split here (which loads scikit-learn).

    Raises JobCancelled when ``should_stop()`` turns true and
    TrainingTimedOut when ``time.monotonic()`` passes ``deadline``.
    """
    started = time.perf_counter()
    with kernel_cache_kept():  # the program stays instantiated from training to training
        keras.utils.set_random_seed(spec.seed)
    if split is None:
        split = dataset_split(spec.data, spec.seed)
    with untracked_by_tensorflow():  # only ever saved as .keras, which Keras walks itself
        model = build_compiled(spec)
        model.optimizer.build(model.trainable_variables)
    perms = epoch_permutations(spec, len(split.x_train))
    keep = SnapshotKeeper(model, snapshot_epochs(spec.epochs, model.count_params()))
    history = fit(
        model,
        split,
        perms,
        spec.batch_size,
        spec.seed,
        on_new_rows,
        should_stop,
        deadline,
        keep,
        predicted_epoch_s=epoch_seconds(spec, len(split.x_train)),
    )
    # The trained weights through numpy (core/forward.py), ~10x faster than Keras's layers
    # and tested to give Keras's classes (tests/test_regions.py, tests/test_errors_panel.py)
    classify = class_predictor(spec, keep.snapshots[-1])
    test_predicted = classify(split.x_test)  # one run for accuracy and errors
    errors = class_errors(split.y_test, test_predicted, spec.data.n_classes)
    result = TrainResult(
        spec=spec,
        history=history,
        train_accuracy=float(np.mean(classify(split.x_train) == split.y_train)),
        test_accuracy=float(np.mean(test_predicted == split.y_test)),
        layer_params=layer_param_counts(model),
        dense_settings=dense_settings(model),
        optimizer_variables=_weight_count(model.optimizer.variables),
        seconds=time.perf_counter() - started,
        confusion=errors.confusion,
        class_precision=errors.precision,
        class_recall=errors.recall,
        snapshots=tuple(keep.snapshots),
    )
    return model, result
