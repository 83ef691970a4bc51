"""One traced training program per model family, shared by every width.

Keras's layers hold variables of fixed shapes, so a ``tf.function`` around them is
traced again for every new width (~0.5 s, more than the training itself). Here the
program takes the weights as tensors of unknown shape: it is traced once per
*family* (the sequence of layer kinds and settings, the optimizer, the loss) and
then trains any widths. The Keras model stays the source of truth: the program
reads its structure from the model's layers, calls each Dense layer's own
activation, the model's own compiled loss (``data_loss``) plus each Dense kernel's own L2
regularizer called on the program's kernel (what ``model.compute_loss`` adds from
``model.losses``, computed there from Keras's variables), and applies Keras's optimizer
update (``update_rules``). The backward pass is written out layer by layer
(``layer_math``), not left to a ``GradientTape``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import keras
import tensorflow as tf

from components.worker import layer_math
from components.worker.update_rules import RULES, SLOT_NAMES, check_supported

# Families with a traced program in memory: each holds ~6-9 MB (its graph, and the first
# model of the family it was traced with: ~16 MB more for a 6 x 512 with Adam), measured
# with bench/memory_worker.py. Three keep a user's back-and-forth between a few kinds of
# model fast (a family evicted costs one ~0.3 s trace when it comes back) and the worker
# ~45 MB smaller after ten families than eight did.
PROGRAMS_KEPT = 3
_HYPER = ("learning_rate", "name")  # optimizer settings passed in, not traced


@dataclass(frozen=True)
class Step:
    """What one layer does, with indices into the trainable and statistics tensors."""

    kind: str  # "dense", "batchnorm" or "dropout"
    layer: keras.layers.Layer
    params: tuple[int, ...] = ()  # kernel, bias | gamma, beta
    stats: tuple[int, ...] = ()  # moving mean, moving variance

    @property
    def decays(self) -> bool:
        """A Dense whose kernel has an L2 regularizer (its factor is fed at run time)."""
        return self.kind == "dense" and self.layer.kernel_regularizer is not None


def family_key(model: keras.Model) -> tuple:
    """Everything the traced program depends on, and nothing that varies by width.

    Nor by dataset: features, classes and rows reach the program as tensors of unknown
    shape, so 4 to 64 inputs and 2 to 10 classes share one trace (tests/test_datasets_keras.py).
    """
    layers = []
    for layer in model.layers:
        config = layer.get_config()
        for varying in ("name", "units", "rate", "seed", "trainable", "dtype"):
            config.pop(varying, None)
        if config.get("kernel_regularizer"):  # its factor is fed at run time, not traced
            config["kernel_regularizer"] = config["kernel_regularizer"]["class_name"]
        layers.append((type(layer).__name__, repr(sorted(config.items()))))
    optimizer = model.optimizer
    options = {k: v for k, v in optimizer.get_config().items() if k not in _HYPER}
    loss = repr(model.get_compile_config()["loss"])
    return (tuple(layers), type(optimizer).__name__, repr(sorted(options.items())), loss)


def moving_statistics(model: keras.Model) -> list:
    """BatchNorm's moving means and variances, in layer order."""
    return [
        v
        for layer in model.layers
        if isinstance(layer, keras.layers.BatchNormalization)
        for v in (layer.moving_mean, layer.moving_variance)
    ]


def l2_factor(model: keras.Model) -> float:
    """The L2 factor shared by every regularized Dense kernel (0.0 if none is); raises for
    a regularizer the program does not add, or for two different factors."""
    factors = set()
    for layer in model.layers:
        others = [getattr(layer, name, None) for name in _OTHER_REGULARIZERS]
        kernel = getattr(layer, "kernel_regularizer", None)
        if any(others) or (kernel is not None and type(kernel) is not keras.regularizers.L2):
            raise ValueError(
                f"The fast trainer adds only an L2 kernel regularizer; layer {layer.name!r} "
                "has another regularizer."
            )
        if kernel is not None:
            factors.add(float(kernel.l2))
    if len(factors) > 1:
        raise ValueError("The fast trainer feeds one L2 factor to every Dense kernel.")
    return factors.pop() if factors else 0.0


_OTHER_REGULARIZERS = (
    "bias_regularizer",
    "activity_regularizer",
    "beta_regularizer",
    "gamma_regularizer",
)


def plan(model: keras.Model) -> list[Step]:
    """The model's layers as steps on tensors, in order; raises for anything else."""
    l2_factor(model)  # raises for a regularizer the program does not add
    trainable = {id(v): i for i, v in enumerate(model.trainable_variables)}
    stats = {id(v): i for i, v in enumerate(moving_statistics(model))}
    steps = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense) and layer.use_bias:
            params = (trainable[id(layer.kernel)], trainable[id(layer.bias)])
            steps.append(Step("dense", layer, params))
        elif isinstance(layer, keras.layers.BatchNormalization) and not layer.renorm:
            params = (trainable[id(layer.gamma)], trainable[id(layer.beta)])
            moving = (stats[id(layer.moving_mean)], stats[id(layer.moving_variance)])
            steps.append(Step("batchnorm", layer, params, moving))
        elif isinstance(layer, keras.layers.Dropout) and layer.noise_shape is None:
            steps.append(Step("dropout", layer))
        else:
            raise ValueError(f"The fast trainer cannot run layer {layer.name!r} ({layer}).")
    if not steps or steps[-1].kind != "dense":
        raise ValueError("The fast trainer trains models that end in a Dense layer.")
    return steps


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
    moments: tuple[tf.Tensor, tf.Tensor] | None = None  # BatchNorm: the batch's mean, variance
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


def gradients(steps, weights, stats, x, loss, rate, dropout_seed, l2):
    """One training pass over the batch ``x``, forward then backward by hand.

    Returns ``(outputs, loss, gradients, stats)``: ``loss(outputs)`` is the compiled
    loss, to which each decayed kernel's L2 penalty (factor ``l2``) is added, as to its
    gradient; the gradients follow ``weights``'s order, and ``stats`` are the BatchNorm
    statistics moved by this batch's moments by the layer's ``momentum``, as Keras's
    ``call`` moves them; Dropout drops values.
    """
    stats, backward = list(stats), []
    for i, step in enumerate(steps):
        layer, inputs, last = step.layer, x, i == len(steps) - 1
        if step.kind == "dense":
            kernel, bias = (weights[j] for j in step.params)
            x, result, d_z = layer_math.activate(
                layer.activation, layer_math.dense(inputs, kernel, bias), loss if last else None
            )
            backward.append(_Remembered(step, inputs, kernel, activation_gradient=d_z))
        elif step.kind == "batchnorm":
            gamma, beta = (weights[j] for j in step.params)
            x, mean, variance = layer_math.batchnorm_training(inputs, gamma, beta, layer.epsilon)
            backward.append(_Remembered(step, inputs, gamma, moments=(mean, variance)))
            momentum = layer.momentum
            for j, moment in zip(step.stats, (mean, variance), strict=True):
                stats[j] = stats[j] * momentum + moment * (1.0 - momentum)
        else:
            scale = layer_math.dropout_scale(
                inputs, rate, tf.stack([dropout_seed[0], dropout_seed[1] * len(steps) + i])
            )
            x = inputs * scale
            backward.append(_Remembered(step, inputs, scale=scale))
    grads, decays = _backward(backward, len(weights)), penalties(steps, weights, l2)
    kernels = [step.params[0] for step in steps if step.decays]
    for j, (_, d_penalty) in zip(kernels, decays, strict=True):
        grads[j] = grads[j] + d_penalty
    return x, total_loss(result, decays), grads, stats


def _backward(backward: list[_Remembered], count: int) -> list:
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
            assert r.moments is not None
            mean, variance = r.moments
            d, d_gamma, d_beta = layer_math.batchnorm_gradients(
                r.inputs, r.weight, mean, variance, r.step.layer.epsilon, d
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


def _correct(y_true, probs):
    hits = tf.equal(tf.argmax(probs, axis=1, output_type=tf.int32), y_true)
    return tf.reduce_sum(tf.cast(hits, tf.float32))


def pack(tensors) -> tf.Tensor:
    """Tensors as one flat vector: the program carries a few vectors, not ~50 tensors."""
    return tf.concat([tf.reshape(t, [-1]) for t in tensors], axis=0)


def _unpack(flat, sizes, shapes, ranks: tuple[int, ...]) -> list:
    if not ranks:
        return []
    pieces = tf.split(flat, sizes, num=len(ranks))
    return [
        tf.reshape(p, shapes[i]) if r == 2 else p
        for i, (p, r) in enumerate(zip(pieces, ranks, strict=True))
    ]


def _signature(slot_kinds: int, variables: int, statistics: int) -> list:
    """The program's inputs: every size that depends on widths is left unknown."""
    vector = tf.TensorSpec([None], tf.float32)
    return [
        [  # x, y, x_test, y_test
            tf.TensorSpec([None, None], tf.float32),
            tf.TensorSpec([None], tf.int32),
            tf.TensorSpec([None, None], tf.float32),
            tf.TensorSpec([None], tf.int32),
        ],
        tf.TensorSpec([None, None], tf.int32),  # perms
        [  # batch size, learning rate, dropout rate, dropout seed, L2 factor
            tf.TensorSpec([], tf.int32),
            tf.TensorSpec([], tf.float32),
            tf.TensorSpec([], tf.float32),
            tf.TensorSpec([], tf.int64),
            tf.TensorSpec([], tf.float32),
        ],
        tf.TensorSpec([], tf.int64),  # optimizer iterations so far
        vector,  # trainable weights
        vector,  # BatchNorm moving statistics
        [vector] * slot_kinds,  # optimizer slots, one vector per kind
        [  # sizes and shapes of the trainable variables, sizes of the statistics
            tf.TensorSpec([variables], tf.int32),
            tf.TensorSpec([variables, 2], tf.int32),
            tf.TensorSpec([statistics], tf.int32),
        ],
    ]


@dataclass(frozen=True)
class _Family:
    """What the traced program closes over: one model family's structure and update rule."""

    loss: Callable  # the model's compiled loss alone (``data_loss``)
    steps: list[Step]
    rule: Callable  # the optimizer's update (``update_rules.RULES``)
    config: dict  # the optimizer's settings
    ranks: tuple[int, ...]  # of each trainable variable
    stat_ranks: tuple[int, ...]  # of each BatchNorm statistic


def build_program(model: keras.Model, on_trace=lambda: None):
    """A tf.function training ``model``'s family for any number of epochs.

    ``run(data, perms, settings, step, weights, stats, slots, layout)`` ->
    ``(metrics per epoch, step, weights, stats, slots)``. ``perms`` holds one row order
    per epoch; ``metrics`` is loss, accuracy, test loss, test accuracy. The trainable
    weights, the BatchNorm statistics and each kind of optimizer slot travel as one flat
    vector each, in variable order; ``layout`` gives each variable's size and shape.
    Every update is elementwise, so packing changes no number. ``on_trace()`` runs each
    time TensorFlow traces the program (Python runs only then).
    """
    optimizer = model.optimizer
    kind = type(optimizer).__name__
    config = optimizer.get_config()
    check_supported(kind, config)
    family = _Family(
        loss=data_loss(model),
        steps=plan(model),
        rule=RULES[kind],
        config=config,
        ranks=tuple(len(v.shape) for v in model.trainable_variables),
        stat_ranks=tuple(1 for _ in moving_statistics(model)),
    )
    signature = _signature(len(SLOT_NAMES[kind]), len(family.ranks), len(family.stat_ranks))

    # Loops written as tf.while_loop, not converted by AutoGraph: converting this code
    # and the Keras code it calls cost ~2 s of every new family's ~2.7 s trace.
    @tf.function(input_signature=signature, autograph=False)
    def run(data, perms, settings, step, weights, stats, slots, layout):
        on_trace()
        return _run_epochs(family, data, perms, settings, step, weights, stats, slots, layout)

    return run


def _run_epochs(family: _Family, data, perms, settings, step, weights, stats, slots, layout):
    """Every epoch of ``perms``: minibatches, then the epoch's metrics, as one graph."""
    batch_size = settings[0]
    n_batches = (tf.shape(data[0])[0] + batch_size - 1) // batch_size
    epochs = tf.shape(perms)[0]

    def epoch(e, step, weights, stats, slots, out):
        zero = tf.constant(0.0)
        _, carried = tf.while_loop(
            lambda b, _: b < n_batches,
            lambda b, carried: (
                b + 1,
                _train_step(family, data, perms, settings, layout, e, b, carried),
            ),
            (tf.constant(0), (step, weights, stats, slots, zero, zero)),
        )
        step, weights, stats, slots, loss_sum, hit_sum = carried
        metrics = _epoch_metrics(
            family, data, layout, settings[4], weights, stats, loss_sum, hit_sum
        )
        return e + 1, step, weights, stats, slots, out.write(e, metrics)

    out = tf.TensorArray(tf.float32, size=epochs)
    _, step, weights, stats, slots, out = tf.while_loop(
        lambda e, *_: e < epochs, epoch, (tf.constant(0), step, weights, stats, slots, out)
    )
    return out.stack(), step, weights, stats, slots


def _train_step(family: _Family, data, perms, settings, layout, e, b, carried):
    """One minibatch: ``carried`` is ``(step, weights, stats, slots, loss_sum, hits)``."""
    x, y, *_ = data
    batch_size, lr, rate, dropout_seed, l2 = settings
    sizes, shapes, stat_sizes = layout
    step, weights, stats, slots, loss_sum, hit_sum = carried
    idx = perms[e, b * batch_size : (b + 1) * batch_size]
    xb, yb = tf.gather(x, idx), tf.gather(y, idx)
    probs, loss, grads, new_stats = gradients(
        family.steps,
        _unpack(weights, sizes, shapes, family.ranks),
        _unpack(stats, stat_sizes, None, family.stat_ranks),
        xb,
        lambda probs: family.loss(yb, probs),
        rate,
        tf.stack([dropout_seed, step]),
        l2,
    )
    grads = pack(grads)
    (weights,), new_slots = family.rule(
        family.config, lr, step, [weights], [grads], [[s] for s in slots]
    )
    return (
        step + 1,
        weights,
        pack(new_stats) if family.stat_ranks else stats,
        [s for (s,) in new_slots],
        loss_sum + loss * tf.cast(tf.shape(idx)[0], tf.float32),
        hit_sum + _correct(yb, probs),
    )


def _epoch_metrics(family: _Family, data, layout, l2, weights, stats, loss_sum, hit_sum):
    """Loss and accuracy over the epoch's minibatches, then on the held-out test rows."""
    x, _, x_test, y_test = data
    sizes, shapes, stat_sizes = layout
    n = tf.cast(tf.shape(x)[0], tf.float32)
    weights = _unpack(weights, sizes, shapes, family.ranks)
    test_probs = forward(
        family.steps, weights, _unpack(stats, stat_sizes, None, family.stat_ranks), x_test
    )
    test_loss = total_loss(  # with the penalty, as Keras's evaluate reports it
        family.loss(y_test, test_probs), penalties(family.steps, weights, l2)
    )
    return tf.stack(
        [
            loss_sum / n,
            hit_sum / n,
            test_loss,
            _correct(y_test, test_probs) / tf.cast(tf.shape(x_test)[0], tf.float32),
        ]
    )


class ProgramCache:
    """Traced programs by family key, least recently used first out."""

    def __init__(self, size: int = PROGRAMS_KEPT) -> None:
        self._programs: OrderedDict = OrderedDict()
        self._size = size
        self.traces = 0  # every trace of every program, evicted ones included

    def for_model(self, model: keras.Model):
        decayed = [layer for layer in model.layers if getattr(layer, "kernel_regularizer", None)]
        if len(model.losses) != len(decayed):
            raise ValueError(
                "The fast trainer reads weights from its own tensors and adds only Dense "
                "kernels' L2 regularizers; other layer losses (added losses, other "
                "regularizers) would be computed from Keras's variables."
            )
        key = family_key(model)
        if key not in self._programs:
            # The program keeps this model's layers and compiled loss; the family key
            # guarantees every model it trains has the same ones.
            self._programs[key] = build_program(model, self._count_trace)
        self._programs.move_to_end(key)
        while len(self._programs) > self._size:
            self._programs.popitem(last=False)
        return self._programs[key]

    def _count_trace(self) -> None:
        self.traces += 1
