"""The model's layers as math on tensors of any shape, each with its gradient written out.

Each forward pass computes what the Keras layer's ``call`` computes, with Keras's ops or
the TensorFlow ops they run (``keras/src/layers``): values are identical (Dropout draws
its own random mask, seeded from the link's seed, as Keras's draws its own). Gradients are
written out because TensorFlow's automatic ones, on tensors of unknown shape, cannot know
how products and sums broadcast, and add shape arithmetic to every one: most of a small
model's step. Dense's are the ops TensorFlow's own MatMul and AddV2 gradients run;
BatchNorm's is the textbook formula, equal up to round-off; activations and the loss,
elementwise, keep TensorFlow's own (a softmax under Keras's sparse cross-entropy through
the one op that gives both). ``tests/test_fast_trainer.py`` bounds all of it against Keras.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import keras
import tensorflow as tf


def dense(x, kernel, bias):
    """``x @ kernel + bias`` with Keras's own ops, before the layer's activation."""
    return keras.ops.add(keras.ops.matmul(x, kernel), bias)


def dense_gradients(x, kernel, d_outputs, to_inputs: bool):
    """``(d_kernel, d_bias, d_x)`` of :func:`dense`; ``d_x`` only if ``to_inputs``.

    The bias's is summed over the batch as AddV2's gradient sums it (``bias_add``'s
    kernel sums in another order, and Adagrad at depth 6 drifted past the test's
    tolerance with it).
    """
    d_kernel = tf.linalg.matmul(x, d_outputs, transpose_a=True)
    d_bias = tf.reduce_sum(d_outputs, axis=0)
    d_x = tf.linalg.matmul(d_outputs, kernel, transpose_b=True) if to_inputs else None
    return d_kernel, d_bias, d_x


def activate(activation, z, then: Callable | None = None):
    """``(activation(z), then(activation(z)), gradient)``: ``gradient(d)`` is the
    derivative of the second with respect to ``z`` (times ``d``, the gradient arriving
    from above), by TensorFlow's own gradients: for the last layer, ``then`` is the
    compiled loss, so the model's own loss is what trains."""
    with tf.GradientTape() as tape:
        tape.watch(z)
        outputs = activation(z)
        result = outputs if then is None else then(outputs)
    return outputs, result, lambda d=None: tape.gradient(result, z, output_gradients=d)


def softmax_crossentropy(softmax, z, labels, rows):
    """What :func:`activate` gives for a softmax output scored by Keras's
    ``sparse_categorical_crossentropy`` averaged over the batch (``rows``, a float), the same
    numbers in a third of the ops: the one op Keras's loss runs on the logits gives every
    row's loss and its gradient; their mean is Keras's ``divide_no_nan``, and the tape's
    gradient of that mean, ``divide_no_nan(1, rows)``, scales each row's gradient."""
    per_row, backprop = tf.raw_ops.SparseSoftmaxCrossEntropyWithLogits(
        features=z, labels=tf.cast(labels, tf.int64)
    )
    loss = tf.math.divide_no_nan(tf.reduce_sum(per_row), rows)
    return softmax(z), loss, lambda d=None: backprop * tf.math.divide_no_nan(1.0, rows)


def decay(regularizer, factor, kernel):
    """``(penalty, gradient)``: Keras's own L2 regularizer called on the program's ``kernel``
    (``factor * sum(kernel^2)``, as ``model.losses`` computes it on Keras's variable), with
    its factor fed at run time so one trace serves every ``l2``; the gradient
    (``2 * factor * kernel``) is TensorFlow's own, on a local tape."""
    fed = copy.copy(regularizer)
    fed.l2 = factor  # L2's public factor; its __call__ casts it to the kernel's dtype
    with tf.GradientTape() as tape:
        tape.watch(kernel)
        penalty = fed(kernel)
    return penalty, tape.gradient(penalty, kernel)


def batchnorm_training(x, gamma, beta, epsilon: float):
    """Normalize by the batch's own moments; returns ``(outputs, mean, variance, inv)``,
    ``inv`` being ``1 / sqrt(variance + epsilon)``, which the gradient needs again.

    The ops of Keras's ``ops.moments`` and ``ops.batch_normalization`` (TensorFlow's
    ``nn.moments`` and ``nn.batch_normalization``), the same numbers: the moments reduced
    without ``keepdims`` rather than kept then squeezed, and with no ``stop_gradient``,
    which only a tape reads.
    """
    mean = tf.reduce_mean(x, axis=0)
    variance = tf.reduce_mean(tf.math.squared_difference(x, mean), axis=0)
    inv = tf.math.rsqrt(variance + epsilon)
    scaled = inv * gamma
    return x * scaled + (beta - mean * scaled), mean, variance, inv


def batchnorm_gradients(x, gamma, mean, inv, d_outputs, n=None):
    """``(d_x, d_gamma, d_beta)`` of :func:`batchnorm_training`, over a batch of n with
    ``x_hat = (x - mean) * inv``: ``d_beta = sum(dy)``, ``d_gamma = sum(dy * x_hat)`` and
    ``dx = gamma * inv / n * (n * dy - d_beta - x_hat * d_gamma)``.
    The mean and variance feed only the moving statistics, never the loss. ``n``: the
    batch's rows as a float, if the caller has it already (else read from ``x``).
    """
    if n is None:
        n = tf.cast(tf.shape(x)[0], x.dtype)
    x_hat = (x - mean) * inv
    d_beta = tf.reduce_sum(d_outputs, axis=0)
    d_gamma = tf.reduce_sum(d_outputs * x_hat, axis=0)
    d_x = (gamma * inv / n) * (n * d_outputs - d_beta - x_hat * d_gamma)
    return d_x, d_gamma, d_beta


def batchnorm_inference(x, gamma, beta, mean, variance, epsilon: float):
    return keras.ops.batch_normalization(
        x, mean, variance, axis=-1, offset=beta, scale=gamma, epsilon=epsilon
    )


_AUTO_SELECT = tf.random.Algorithm.AUTO_SELECT.value  # stateless_uniform's default


def kept_scale(rate):
    """What Keras's Dropout multiplies each value it keeps by: ``1 / (1 - rate)``."""
    return 1.0 / (1.0 - rate)


def dropout_scale(shape, rate, seed, kept=None):
    """What Keras's Dropout multiplies values of ``shape`` by: ``kept``
    (``kept_scale(rate)``, computed here unless given) for each value kept, with probability
    ``1 - rate``, 0 for each dropped; ``seed`` (two integers) decides which, statelessly.
    The gradient is the same product.

    The draw is ``tf.random.stateless_uniform``'s own op, without its ``* (1 - 0) + 0``
    to the default range: the same numbers, three ops fewer.
    """
    key, counter = tf.raw_ops.StatelessRandomGetKeyCounter(seed=seed)
    uniform = tf.raw_ops.StatelessRandomUniformV2(
        shape=shape, key=key, counter=counter, alg=_AUTO_SELECT, dtype=tf.float32
    )
    return tf.where(uniform >= rate, kept_scale(rate) if kept is None else kept, 0.0)


def dropout(x, rate, seed):
    return x * dropout_scale(tf.shape(x), rate, seed)
