"""The fast trainer: ``model.fit`` semantics, a fraction of its overhead.

``model.fit`` spends most of its time per epoch and per call in Python, not in
arithmetic. Here a chunk of epochs runs as one compiled TensorFlow loop: the
same Keras layers, optimizer and loss, minibatches of ``batch_size`` reshuffled
every epoch (last batch partial, as in ``fit``). Between chunks control returns
to Python to report progress, honour a cancel request and a deadline.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf

from components.data import Split, iris_split
from components.model import build_compiled
from components.results import HISTORY_KEYS, JobCancelled, TrainingTimedOut, TrainResult
from components.spec import ModelSpec

PROGRESS_UPDATES = 25  # chunks per training: enough to see curves grow


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


def epoch_permutations(spec: ModelSpec, n: int) -> np.ndarray:
    """One shuffled row order per epoch, seeded: the same spec gives the same batches."""
    rng = np.random.default_rng(spec.seed)
    return np.stack([rng.permutation(n) for _ in range(spec.epochs)]).astype(np.int32)


def _compile_loop(model: keras.Model, split: Split, batch_size: int):
    """A tf.function running any number of epochs; returns per-epoch metrics."""
    x, y = tf.constant(split.x_train), tf.constant(split.y_train)
    x_test, y_test = tf.constant(split.x_test), tf.constant(split.y_test)
    n = len(split.x_train)
    n_batches = math.ceil(n / batch_size)
    loss_fn, optimizer = keras.losses.SparseCategoricalCrossentropy(), model.optimizer

    def correct(y_true, probs):
        hits = tf.equal(tf.argmax(probs, axis=1, output_type=tf.int32), y_true)
        return tf.reduce_sum(tf.cast(hits, tf.float32))

    @tf.function(input_signature=[tf.TensorSpec([None, n], tf.int32)])
    def run(perms):
        epochs = tf.shape(perms)[0]
        out = tf.TensorArray(tf.float32, size=epochs)
        for e in tf.range(epochs):
            loss_sum, hit_sum = tf.constant(0.0), tf.constant(0.0)
            for b in tf.range(n_batches):
                idx = perms[e, b * batch_size : (b + 1) * batch_size]
                xb, yb = tf.gather(x, idx), tf.gather(y, idx)
                with tf.GradientTape() as tape:
                    probs = model(xb, training=True)
                    loss = loss_fn(yb, probs)
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
                loss_sum += loss * tf.cast(tf.shape(idx)[0], tf.float32)
                hit_sum += correct(yb, probs)
            test_probs = model(x_test, training=False)
            metrics = [
                loss_sum / n,
                hit_sum / n,
                loss_fn(y_test, test_probs),
                correct(y_test, test_probs) / len(split.x_test),
            ]
            out = out.write(e, tf.stack(metrics))
        return out.stack()

    return run


def _skip_single_replica_all_reduce(optimizer: keras.optimizers.Optimizer) -> None:
    """Stop a leak of ~20 MB per trained model.

    Keras sums gradients across replicas with ``all_reduce``, built on
    ``tf.custom_gradient``, which registers a new global gradient function on every
    trace and so keeps each traced graph alive forever. With one replica the sum is
    the identity, so skipping it changes no number.
    """
    if tf.distribute.get_strategy().num_replicas_in_sync == 1:
        optimizer._all_reduce_sum_gradients = list


def accuracy(model: keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    probs = model(x, training=False)
    return float(np.mean(np.argmax(np.asarray(probs), axis=1) == y))


def train(
    spec: ModelSpec,
    on_progress: Callable[[int, dict[str, list[float]]], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    deadline: float | None = None,
) -> tuple[keras.Model, TrainResult]:
    """Train ``spec`` on iris; ``on_progress(epochs_done, new_history_rows)`` per chunk.

    Raises JobCancelled when ``should_stop()`` turns true and
    TrainingTimedOut when ``time.monotonic()`` passes ``deadline``.
    """
    started = time.perf_counter()
    keras.utils.set_random_seed(spec.seed)
    split = iris_split(spec.seed)
    model = build_compiled(spec)
    model.optimizer.build(model.trainable_variables)
    _skip_single_replica_all_reduce(model.optimizer)
    run = _compile_loop(model, split, spec.batch_size)
    perms = epoch_permutations(spec, len(split.x_train))
    chunk = max(1, math.ceil(spec.epochs / PROGRESS_UPDATES))
    history: dict[str, list[float]] = {key: [] for key in HISTORY_KEYS}
    for start in range(0, spec.epochs, chunk):
        if should_stop is not None and should_stop():
            raise JobCancelled()
        if deadline is not None and time.monotonic() > deadline:
            raise TrainingTimedOut()
        rows = run(tf.constant(perms[start : start + chunk])).numpy()
        new = {key: rows[:, i].astype(float).tolist() for i, key in enumerate(HISTORY_KEYS)}
        for key in HISTORY_KEYS:
            history[key].extend(new[key])
        if on_progress is not None:
            on_progress(len(history["loss"]), new)
    result = TrainResult(
        spec=spec,
        history=history,
        train_accuracy=accuracy(model, split.x_train, split.y_train),
        test_accuracy=accuracy(model, split.x_test, split.y_test),
        layer_params=layer_param_counts(model),
        optimizer_variables=_weight_count(model.optimizer.variables),
        seconds=time.perf_counter() - started,
    )
    return model, result
