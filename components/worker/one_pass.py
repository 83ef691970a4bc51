"""One training pass over a batch, forward then backward by hand, on plain tensors.

``forward`` is the model at inference; ``gradients`` is one training pass over a
minibatch: the outputs, the loss (the compiled loss, ``data_loss``, plus each decayed
Dense kernel's L2 penalty, as ``model.compute_loss`` sums them), every trainable
tensor's gradient and the batch's moments that move the BatchNorm statistics.
Both take the ``Step`` s of ``family_plan.plan`` and the weights as a list of tensors in
``model.trainable_variables`` order; they call each layer's own activation and
regularizer and ``layer_math`` for the rest. Nothing here is traced by itself: the
program in ``family_program`` calls it inside its graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import keras
import tensorflow as tf

from components.worker import layer_math
from components.worker.family_plan import Step


def forward(steps, weights, stats, x):
    """The model's output for ``x`` at inference: BatchNorm by its moving statistics,
    Dropout passing values through, as Keras's ``call`` does when not training."""
    for step in steps:
        layer = step.layer
        if step.kind == "dense":
            x = layer.activation(layer_math.dense(x, *(weights[j] for j in step.params)))
        elif step.kind == "batchnorm":
            gamma, beta = (weights[j] for j in step.params)
            mean, variance = (stats[j] for j in step.stats)
            x = layer_math.batchnorm_inference(x, gamma, beta, mean, variance, layer.epsilon)
    return x


@dataclass(frozen=True)
class _Remembered:
    """What the backward pass needs of one layer's forward pass."""

    step: Step
    inputs: tf.Tensor
    weight: tf.Tensor | None = None  # Dense's kernel, BatchNorm's gamma
    # Dense: its activation's gradient, given the gradient from above (None for the last
    # layer, whose gradient starts at its loss)
    activation_gradient: Callable[[tf.Tensor | None], tf.Tensor] | None = None
    # BatchNorm: the batch's mean and 1 / sqrt(variance + epsilon)
    normalizer: tuple[tf.Tensor, tf.Tensor] | None = None
    scale: tf.Tensor | None = None  # Dropout: what it multiplied its inputs by


def penalties(steps, weights, l2) -> list:
    """Each decayed Dense kernel's ``(penalty, gradient)``, in layer order (as
    ``model.losses`` lists them): Keras's regularizer on the program's kernel."""
    return [
        layer_math.decay(step.layer.kernel_regularizer, l2, weights[step.params[0]])
        for step in steps
        if step.decays
    ]


def total_loss(data_loss, decays):
    """The data loss plus the penalties, summed as ``model.compute_loss`` sums them."""
    if not decays:
        return data_loss
    return keras.ops.sum([data_loss, *(keras.ops.sum(penalty) for penalty, _ in decays)])


@dataclass(frozen=True)
class BatchLoss:
    """How a training step scores the last layer's output: the compiled loss (``data_loss``)
    on the batch's labels, through its own ops on a tape, or ``fused``
    (``layer_math.softmax_crossentropy``, where ``fuses_softmax_crossentropy`` holds)."""

    loss: Callable
    labels: tf.Tensor
    fused: bool = False

    def activate(self, activation, z, rows):
        """``(outputs, loss, gradient)`` of the last layer, as ``layer_math.activate``."""
        if self.fused:
            return layer_math.softmax_crossentropy(activation, z, self.labels, rows)
        return layer_math.activate(activation, z, lambda probs: self.loss(self.labels, probs))


def fuses_softmax_crossentropy(model: keras.Model) -> bool:
    """Whether ``model`` ends in a softmax scored by Keras's sparse categorical cross-entropy,
    the function ``compile(loss="sparse_categorical_crossentropy")`` names, with its defaults."""
    loss = data_loss(model)
    return (
        model.layers[-1].activation is keras.activations.softmax
        and isinstance(loss, _BatchMean)
        and loss.fn is keras.losses.sparse_categorical_crossentropy
    )


def statistic_momenta(steps) -> list[float]:
    """Each BatchNorm statistic's momentum, in statistics order (mean, then variance)."""
    momenta: dict[int, float] = {}
    for step in steps:
        for j in step.stats:
            momenta[j] = step.layer.momentum
    return [momenta[j] for j in sorted(momenta)]


def gradients(steps, weights, x, loss: BatchLoss, dropped: list, l2, rows):
    """One training pass over the batch ``x`` of ``rows`` rows (a float), forward then
    backward by hand.

    Returns ``(outputs, loss, gradients, moments)``: ``loss`` scores the outputs by the
    compiled loss, to which each decayed kernel's L2 penalty (factor ``l2``) is added, as to its
    gradient; the gradients follow ``weights``'s order; ``moments`` are each BatchNorm's
    batch mean and variance in statistics order, which move its statistics as Keras's
    ``call`` moves them (by the layer's ``momentum``: ``statistic_momenta``); each Dropout
    layer multiplies its inputs by its entry of ``dropped``, in layer order
    (``layer_math.dropout_scale``).
    """
    moments: dict[int, tf.Tensor] = {}  # by statistic, as plan() numbers them
    backward: list[_Remembered] = []
    scales = iter(dropped)
    for i, step in enumerate(steps):
        layer, inputs, last = step.layer, x, i == len(steps) - 1
        if step.kind == "dense":
            kernel, bias = (weights[j] for j in step.params)
            z = layer_math.dense(inputs, kernel, bias)
            if last:
                x, result, d_z = loss.activate(layer.activation, z, rows)
            else:
                x, _, d_z = layer_math.activate(layer.activation, z)
            backward.append(_Remembered(step, inputs, kernel, activation_gradient=d_z))
        elif step.kind == "batchnorm":
            gamma, beta = (weights[j] for j in step.params)
            x, mean, variance, inv = layer_math.batchnorm_training(
                inputs, gamma, beta, layer.epsilon
            )
            backward.append(_Remembered(step, inputs, gamma, normalizer=(mean, inv)))
            moments.update(zip(step.stats, (mean, variance), strict=True))
        else:
            scale = next(scales)
            x = inputs * scale
            backward.append(_Remembered(step, inputs, scale=scale))
    grads, decays = _backward(backward, len(weights), rows), penalties(steps, weights, l2)
    kernels = [step.params[0] for step in steps if step.decays]
    for j, (_, d_penalty) in zip(kernels, decays, strict=True):
        grads[j] = grads[j] + d_penalty
    return x, total_loss(result, decays), grads, [moments[j] for j in sorted(moments)]


def _backward(backward: list[_Remembered], count: int, rows) -> list:
    """Each trainable tensor's gradient, from the last layer's back to the first's."""
    grads: list = [None] * count
    # The gradient arriving from above: None until the last layer (a Dense, by plan()) starts it
    d: tf.Tensor | None = None
    first_trained = min(i for i, r in enumerate(backward) if r.step.params)
    for i in range(len(backward) - 1, first_trained - 1, -1):
        r = backward[i]
        if r.step.kind == "dense":
            assert r.activation_gradient is not None
            d_kernel, d_bias, d = layer_math.dense_gradients(
                r.inputs, r.weight, r.activation_gradient(d), to_inputs=i > first_trained
            )
            grads[r.step.params[0]], grads[r.step.params[1]] = d_kernel, d_bias
        elif r.step.kind == "batchnorm":
            assert r.normalizer is not None
            mean, inv = r.normalizer
            d, d_gamma, d_beta = layer_math.batchnorm_gradients(
                r.inputs, r.weight, mean, inv, d, rows
            )
            grads[r.step.params[0]], grads[r.step.params[1]] = d_gamma, d_beta
        else:
            assert d is not None and r.scale is not None
            d = d * r.scale
    return grads


def data_loss(model: keras.Model) -> Callable:
    """The model's compiled loss without ``model.losses``: Keras's loss for what
    ``compile(loss=...)`` was given (``model.loss``); a function averaged over the batch by
    a ``keras.losses.Loss``, as ``compile`` wraps a single output's (its wrapper class is
    not public)."""
    loss = keras.losses.get(model.loss)
    return loss if isinstance(loss, keras.losses.Loss) else _BatchMean(loss)


class _BatchMean(keras.losses.Loss):
    """A loss function per row, averaged over the batch (``Loss``'s default reduction)."""

    def __init__(self, fn: Callable) -> None:
        super().__init__(name=getattr(fn, "__name__", "loss"))
        self.fn = fn

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred)
