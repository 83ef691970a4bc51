"""One traced training program per model family, shared by every width.

Keras's layers hold variables of fixed shapes, so a ``tf.function`` around them is
traced again for every new width (~0.5 s, more than the training itself). Here the
program takes the weights as tensors of unknown shape: it is traced once per
*family* (the sequence of layer kinds and settings, the optimizer, the loss:
``family_plan.family_key``) and then trains any widths. The Keras model stays the
source of truth: the program reads its structure from the model's layers
(``family_plan.plan``), calls each Dense layer's own activation, the model's own
compiled loss (``one_pass.data_loss``) plus each Dense kernel's own L2 regularizer
called on the program's kernel (what ``model.compute_loss`` adds from ``model.losses``,
computed there from Keras's variables), and applies Keras's optimizer update
(``update_rules``). The backward pass is written out layer by layer (``one_pass``,
``layer_math``), not left to a ``GradientTape``.

``ProgramCache.for_model`` returns the program for a compiled model, tracing it only
for a family not already in memory; ``build_program`` states the program's inputs
and outputs.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import keras
import tensorflow as tf

from components.private_hooks import on_single_threaded_executor
from components.worker.family_plan import Step, family_key, moving_statistics, plan
from components.worker.layer_math import dropout_scale, kept_scale
from components.worker.one_pass import (
    BatchLoss,
    data_loss,
    forward,
    fuses_softmax_crossentropy,
    gradients,
    penalties,
    statistic_momenta,
    total_loss,
)
from components.worker.update_rules import RULES, SLOT_NAMES, check_supported

# Families with a traced program in memory: each holds ~6-9 MB (its graph, and the first
# model of the family it was traced with: ~16 MB more for a 6 x 512 with Adam), measured
# with bench/memory_worker.py. Three keep a user's back-and-forth between a few kinds of
# model fast (a family evicted costs one ~0.3 s trace when it comes back) and the worker
# ~45 MB smaller after ten families than eight did.
PROGRAMS_KEPT = 3


def _correct(y_true, probs):
    hits = tf.equal(tf.argmax(probs, axis=1, output_type=tf.int32), y_true)
    return tf.reduce_sum(tf.cast(hits, tf.float32))


def pack(tensors) -> tf.Tensor:
    """Tensors as one flat vector: the program carries a few vectors, not ~50 tensors."""
    return tf.concat([t if t.shape.rank == 1 else tf.reshape(t, [-1]) for t in tensors], axis=0)


def _unpack(flat, sizes, shapes: list, ranks: tuple[int, ...]) -> list:
    """``flat`` cut into ``sizes``, each piece of rank 2 reshaped to its ``shapes`` entry."""
    if not ranks:
        return []
    pieces = tf.split(flat, sizes, num=len(ranks))
    return [
        tf.reshape(p, shape) if r == 2 else p
        for p, shape, r in zip(pieces, shapes, ranks, strict=True)
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
        tf.TensorSpec([None], tf.int32),  # keep_rows
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
    fused_loss: bool  # the last softmax and its loss as one op (``fuses_softmax_crossentropy``)
    steps: list[Step]
    rule: Callable  # the optimizer's update (``update_rules.RULES``)
    config: dict  # the optimizer's settings
    ranks: tuple[int, ...]  # of each trainable variable
    stat_ranks: tuple[int, ...]  # of each BatchNorm statistic


def build_program(model: keras.Model, on_trace=lambda: None):
    """A tf.function training ``model``'s family for any number of epochs.

    ``run(data, perms, keep_rows, settings, step, weights, stats, slots, layout)`` ->
    ``(metrics per epoch, kept weights, kept stats, step, weights, stats, slots)``.
    ``perms`` holds one row order per epoch; ``metrics`` is loss, accuracy, test loss, test
    accuracy. After epoch ``e`` the weights and statistics are written to row
    ``keep_rows[e]`` of the kept ones, so snapshots need no call of their own: the host
    gives each epoch to keep a row, every other epoch the last row, a scratch. The trainable
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
        fused_loss=fuses_softmax_crossentropy(model),
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
    def run(data, perms, keep_rows, settings, step, weights, stats, slots, layout):
        on_trace()
        return _run_epochs(
            family, data, (perms, keep_rows), settings, step, weights, stats, slots, layout
        )

    return on_single_threaded_executor(run)


def _spread(sizes, values: list[float]) -> tf.Tensor:
    """One vector: ``values[j]`` repeated ``sizes[j]`` times, for each ``j`` in turn."""
    return tf.concat([tf.fill([sizes[j]], value) for j, value in enumerate(values)], axis=0)


@dataclass(frozen=True)
class _Layout:
    """What every step needs of the weights' layout, computed once a call, outside the
    loops: each trainable variable's size and (rank 2) shape, each statistic's size, and
    each statistic's momentum and ``1 - momentum`` as vectors (``None`` without BatchNorm),
    so one multiply-add moves every BatchNorm's statistics as Keras moves each."""

    sizes: tf.Tensor
    shapes: list
    stat_sizes: tf.Tensor
    momentum: tf.Tensor | None
    rest: tf.Tensor | None

    @classmethod
    def of(cls, family: _Family, layout) -> _Layout:
        sizes, shapes, stat_sizes = layout
        momenta = statistic_momenta(family.steps)
        momentum = rest = None
        if momenta:  # each as Keras computes it: ``momentum`` and ``1.0 - momentum`` in Python
            momentum = _spread(stat_sizes, momenta)
            rest = _spread(stat_sizes, [1.0 - m for m in momenta])
        return cls(sizes, [shapes[i] for i in range(len(family.ranks))], stat_sizes, momentum, rest)

    def weights(self, family: _Family, flat) -> list:
        return _unpack(flat, self.sizes, self.shapes, family.ranks)

    def statistics(self, family: _Family, flat) -> list:
        return _unpack(flat, self.stat_sizes, [None] * len(family.stat_ranks), family.stat_ranks)

    def moved(self, stats, moments):
        """``statistic * momentum + moment * (1 - momentum)``, Keras's update, elementwise."""
        if self.momentum is None:
            return stats
        return stats * self.momentum + pack(moments) * self.rest


def _run_epochs(family: _Family, data, epochs, settings, step, weights, stats, slots, layout):
    """Every epoch of ``epochs = (perms, keep_rows)``: minibatches, then the epoch's
    metrics, then its weights and statistics to their kept row, as one graph."""
    perms, keep_rows = epochs
    batch_size = settings[0]
    n_batches = (tf.shape(data[0])[0] + batch_size - 1) // batch_size
    epochs = tf.shape(perms)[0]
    layout = _Layout.of(family, layout)
    dropout_kept = kept_scale(settings[2])  # once a call, not every epoch

    def epoch(e, step, weights, stats, slots, out, kept):
        zero = tf.constant(0.0)
        epoch_of_training = step // tf.cast(n_batches, tf.int64)
        masks = _epoch_masks(family, data[0], settings, dropout_kept, layout, epoch_of_training)
        _, carried = tf.while_loop(
            lambda b, _: b < n_batches,
            lambda b, carried: (
                b + 1,
                _train_step(family, data, perms, settings, masks, layout, e, b, carried),
            ),
            (tf.constant(0), (step, weights, stats, slots, zero, zero)),
        )
        step, weights, stats, slots, loss_sum, hit_sum = carried
        metrics = _epoch_metrics(
            family, data, layout, settings[4], weights, stats, loss_sum, hit_sum
        )
        kept = [rows.write(keep_rows[e], v) for rows, v in zip(kept, (weights, stats), strict=True)]
        return e + 1, step, weights, stats, slots, out.write(e, metrics), kept

    out = tf.TensorArray(tf.float32, size=epochs)
    rows = tf.reduce_max(keep_rows) + 1
    # The scratch row written first: no epoch may write it, and stack reads every row
    kept = [tf.TensorArray(tf.float32, size=rows).write(rows - 1, v) for v in (weights, stats)]
    _, step, weights, stats, slots, out, kept = tf.while_loop(
        lambda e, *_: e < epochs,
        epoch,
        (tf.constant(0), step, weights, stats, slots, out, kept),
    )
    return out.stack(), kept[0].stack(), kept[1].stack(), step, weights, stats, slots


def _epoch_masks(family: _Family, x, settings, kept, layout: _Layout, epoch) -> list:
    """Each Dropout layer's mask over every row of the training's ``epoch``, in layer order:
    ``layer_math.dropout_scale`` drawn once a layer and epoch, from stream
    ``epoch * len(steps) + i`` of the link's seed (``i``: the layer's place), so no two draws
    of a training share a stream; each step takes its minibatch's rows. ``epoch`` counts
    from the optimizer's steps, not from the call's first epoch: chunking changes no mask."""
    rate, seed = settings[2], settings[3]
    rows, features = tf.shape(x)[0], tf.shape(x)[1]
    first = epoch * len(family.steps)
    return [
        dropout_scale(
            tf.stack([rows, features if s.width_of is None else layout.shapes[s.width_of][1]]),
            rate,
            tf.stack([seed, first + i]),
            kept,
        )
        for i, s in enumerate(family.steps)
        if s.kind == "dropout"
    ]


def _train_step(family: _Family, data, perms, settings, masks, layout: _Layout, e, b, carried):
    """Minibatch ``b`` of epoch ``e``, whose Dropout masks are ``masks``
    (``_epoch_masks``): ``carried`` is ``(step, weights, stats, slots, loss_sum, hits)``."""
    x, y, *_ = data
    batch_size, lr, _, _, l2 = settings
    step, weights, stats, slots, loss_sum, hit_sum = carried
    batch = slice(b * batch_size, (b + 1) * batch_size)  # the minibatch's places in the epoch
    idx = perms[e, batch]
    xb, yb = tf.gather(x, idx), tf.gather(y, idx)
    rows = tf.cast(tf.shape(idx)[0], tf.float32)
    probs, loss, grads, moments = gradients(
        family.steps,
        layout.weights(family, weights),
        xb,
        BatchLoss(family.loss, yb, family.fused_loss),
        [mask[batch] for mask in masks],
        l2,
        rows,
    )
    grads = pack(grads)
    (weights,), new_slots = family.rule(
        family.config, lr, step, [weights], [grads], [[s] for s in slots]
    )
    return (
        step + 1,
        weights,
        layout.moved(stats, moments),
        [s for (s,) in new_slots],
        loss_sum + loss * rows,
        hit_sum + _correct(yb, probs),
    )


def _epoch_metrics(family: _Family, data, layout: _Layout, l2, weights, stats, loss_sum, hit_sum):
    """Loss and accuracy over the epoch's minibatches, then on the held-out test rows."""
    x, _, x_test, y_test = data
    n = tf.cast(tf.shape(x)[0], tf.float32)
    weights = layout.weights(family, weights)
    test_probs = forward(family.steps, weights, layout.statistics(family, stats), x_test)
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
