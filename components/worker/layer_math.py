"""The model's layers as math on tensors of any shape, with cheap gradients.

Each forward pass computes what the Keras layer's ``call`` computes, with the same
Keras ops (``keras/src/layers``): values are identical (Dropout draws its own random
mask, seeded from the link's seed, as Keras's draws its own). Where TensorFlow's automatic
gradient of those ops would be slow on tensors of unknown shape (it cannot know how
they broadcast, so it adds shape arithmetic to every product and sum), BatchNorm's
gradient is written out instead: the textbook formula, equal up to round-off, which
``tests/test_fast_trainer.py`` bounds against Keras.
"""

from __future__ import annotations

import keras
import tensorflow as tf


def dense(layer: keras.layers.Dense, x, kernel, bias):
    """``activation(x @ kernel + bias)`` with Keras's own ops: its bias gradient sums in
    Keras's order (``bias_add``'s gradient kernel sums in another, and without op
    determinism Adagrad at depth 6 drifted past the exactness test's tolerance)."""
    return layer.activation(keras.ops.add(keras.ops.matmul(x, kernel), bias))


def batchnorm_training(x, gamma, beta, epsilon: float):
    """Normalize by the batch's own moments; returns ``(outputs, mean, variance)``."""
    return _batchnorm_training(x, gamma, beta, tf.constant(epsilon, tf.float32))


# Traced once per process: tf.custom_gradient registers a global gradient function on
# every trace, which keeps that trace's graph alive; inside a tf.function of its own it
# is traced once, whatever program calls it.
@tf.function(
    input_signature=[
        tf.TensorSpec([None, None], tf.float32),
        tf.TensorSpec([None], tf.float32),
        tf.TensorSpec([None], tf.float32),
        tf.TensorSpec([], tf.float32),
    ],
    autograph=False,
)
@tf.custom_gradient
def _batchnorm_training(x, gamma, beta, epsilon):
    """Gradient, with ``x_hat = (x - mean) / sqrt(variance + epsilon)`` over a batch of n:
    ``d_beta = sum(dy)``, ``d_gamma = sum(dy * x_hat)`` and
    ``dx = gamma / sqrt(variance + epsilon) / n * (n * dy - d_beta - x_hat * d_gamma)``.
    The mean and variance outputs feed only the moving statistics, never the loss.
    """
    mean, variance = keras.ops.moments(x, axes=[0])
    outputs = keras.ops.batch_normalization(
        x, mean, variance, axis=-1, offset=beta, scale=gamma, epsilon=epsilon
    )

    def gradient(d_outputs, _d_mean, _d_variance):
        n = tf.cast(tf.shape(x)[0], x.dtype)
        inv = tf.math.rsqrt(variance + epsilon)
        x_hat = (x - mean) * inv
        d_beta = tf.reduce_sum(d_outputs, axis=0)
        d_gamma = tf.reduce_sum(d_outputs * x_hat, axis=0)
        d_x = (gamma * inv / n) * (n * d_outputs - d_beta - x_hat * d_gamma)
        return d_x, d_gamma, d_beta, tf.zeros_like(epsilon)

    return (outputs, mean, variance), gradient


def batchnorm_inference(x, gamma, beta, mean, variance, epsilon: float):
    return keras.ops.batch_normalization(
        x, mean, variance, axis=-1, offset=beta, scale=gamma, epsilon=epsilon
    )


def dropout(x, rate, seed):
    """Keep each value with probability ``1 - rate``, scaled by ``1 / (1 - rate)``, as
    Keras's Dropout does; ``seed`` (two integers) decides which values, statelessly."""
    keep = tf.random.stateless_uniform(tf.shape(x), seed=seed) >= rate
    return x * tf.stop_gradient(tf.where(keep, 1.0 / (1.0 - rate), 0.0))
