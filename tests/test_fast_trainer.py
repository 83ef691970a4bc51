"""The fast trainer computes what Keras computes: Keras's own training is the oracle.

Same initial weights, the same batches in the same order (with dropout, the same masks):
after 2 epochs every weight, BatchNorm statistic, optimizer slot and the iteration count
equal what ``train_on_batch`` leaves in a Keras model, for every optimizer the app offers.
"""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from components.core.spec import ACTIVATIONS, OPTIMIZERS, ModelSpec
from components.core.split import iris_split
from components.worker import layer_math
from components.worker.jobs import configure_tensorflow
from components.worker.model import build_compiled
from components.worker.one_pass import BatchLoss, data_loss, fuses_softmax_crossentropy
from components.worker.serialization import keras_file_content
from components.worker.training import PROGRAMS, epoch_permutations, fit, train

pytestmark = pytest.mark.slow  # TensorFlow

configure_tensorflow()  # as the workers run it
WIDTHS = {1: (7,), 2: (9, 5), 6: (12, 3, 10, 6, 4, 5)}
TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}
# A Dense that feeds BatchNorm has a true bias gradient of zero (BatchNorm subtracts the
# batch mean): its computed gradient is round-off, which these optimizers scale into
# full steps, so that bias and the moving mean after it differ from Keras run to run.
SCALE_ROUND_OFF = {"adam", "adamw", "rmsprop"}
# Sigmoid squeezes a layer's values into (0, 1), so the BatchNorm after it divides by a small
# deviation, which scales the round-off between our textbook BatchNorm gradient and
# TensorFlow's (measured: 1.8e-5 relative at most after 2 epochs); compared 10x looser.
SQUEEZED_INTO_BATCHNORM = {"rtol": 1e-4, "atol": 1e-6}


def built(spec: ModelSpec) -> keras.Model:
    model = build_compiled(spec)
    model.optimizer.build(model.trainable_variables)
    return model


def twins(spec: ModelSpec) -> tuple[keras.Model, keras.Model]:
    """Two compiled models with the same initial weights (and optimizer state)."""
    keras.utils.set_random_seed(spec.seed)
    ours, reference = built(spec), built(spec)
    reference.set_weights(ours.get_weights())
    return ours, reference


def train_on_batches(model: keras.Model, split, perms: np.ndarray, batch: int) -> list[float]:
    """Keras's own training step, batch by batch in ``perms``'s order; epoch mean losses."""
    losses = []
    for order in perms:
        total = 0.0
        for start in range(0, len(order), batch):
            idx = order[start : start + batch]
            logs = model.train_on_batch(split.x_train[idx], split.y_train[idx], return_dict=True)
            total += logs["loss"] * len(idx)
        losses.append(total / len(order))
    return losses


def round_off_amplified(model: keras.Model, spec: ModelSpec) -> set[str]:
    """Paths of the variables the module docstring's exception covers, for ``spec``."""
    if not spec.batchnorm or spec.optimizer not in SCALE_ROUND_OFF:
        return set()
    paths = set()
    for i in range(1, len(spec.widths) + 1):
        paths.add(model.get_layer(f"dense_{i}").bias.path)
        paths.add(model.get_layer(f"batchnorm_{i}").moving_mean.path)
    return paths


def variables_by_path(model: keras.Model) -> dict[str, np.ndarray]:
    return {v.path: np.asarray(v.numpy()) for v in [*model.weights, *model.optimizer.variables]}


def trained_both_ways(spec: ModelSpec, split, same_masks: bool = False):
    """Two epochs of ``spec`` from the same weights and batches: by the fast trainer and by
    Keras's ``train_on_batch`` (with ``same_masks``, Keras's dropout draws ours); the epoch
    losses checked equal. Returns ``(ours, reference)``."""
    perms = epoch_permutations(spec, len(split.x_train))
    ours, reference = twins(spec)
    if same_masks:
        _with_our_masks(reference, spec.seed, len(split.x_train), spec.batch_size)
    history = fit(ours, split, perms, spec.batch_size, dropout_seed=spec.seed)
    keras_losses = train_on_batches(reference, split, perms, spec.batch_size)
    np.testing.assert_allclose(history["loss"], keras_losses, rtol=1e-5)
    return ours, reference


def assert_variables_equal(ours: keras.Model, reference: keras.Model, spec: ModelSpec) -> list:
    """Every weight, statistic, slot and counter equal, but the module docstring's
    exception; returns the paths compared."""
    exempt = round_off_amplified(ours, spec)
    mine, theirs = variables_by_path(ours), variables_by_path(reference)
    assert mine.keys() == theirs.keys()
    compared = [path for path in mine if path not in exempt]
    tolerance = TOLERANCE
    if spec.batchnorm and "sigmoid" in spec.activations:
        tolerance = SQUEEZED_INTO_BATCHNORM
    for path in compared:
        np.testing.assert_allclose(mine[path], theirs[path], **tolerance, err_msg=path)
    return compared


CASES = [
    (optimizer, depth, batchnorm)
    for optimizer in OPTIMIZERS
    for depth in (1, 2, 6)
    for batchnorm in (True, False)
]


@pytest.mark.parametrize(("optimizer", "depth", "batchnorm"), CASES)
def test_two_epochs_equal_keras_train_on_batch(optimizer, depth, batchnorm):
    spec = ModelSpec(
        widths=WIDTHS[depth],
        batchnorm=batchnorm,
        dropout=0.0,
        optimizer=optimizer,
        learning_rate=0.001,
        epochs=2,
        batch_size=32,
        seed=3,
    )
    split = iris_split(spec.seed)
    ours, reference = trained_both_ways(spec, split)

    steps = spec.epochs * math.ceil(len(split.x_train) / spec.batch_size)
    assert int(ours.optimizer.iterations.numpy()) == steps
    mine = variables_by_path(ours)
    compared = assert_variables_equal(ours, reference, spec)
    assert len(compared) >= len(mine) - 2 * depth
    # Those variables' only effect: BatchNorm subtracts the batch mean, which holds the
    # bias, so with batch statistics the exempt variables cancel and outputs must agree.
    x = np.concatenate([split.x_train, split.x_test])
    np.testing.assert_allclose(ours(x, training=True), reference(x, training=True), atol=1e-4)


def test_the_exempt_variables_are_only_those_bias_feeds_batchnorm():
    """The exception is narrow: for SGD the same variables match Keras exactly."""
    spec = ModelSpec(widths=(9, 5), dropout=0.0, optimizer="adam", epochs=2, seed=3)
    model = built(spec)
    assert round_off_amplified(model, spec) == {
        "iris_mlp/dense_1/bias",
        "iris_mlp/batchnorm_1/moving_mean",
        "iris_mlp/dense_2/bias",
        "iris_mlp/batchnorm_2/moving_mean",
    }


def test_widths_and_settings_never_retrace_the_family_program():
    family = ModelSpec(widths=(4, 4), epochs=3)
    train(family)
    traces = PROGRAMS.traces
    for spec in (
        ModelSpec(widths=(33, 17), epochs=3),
        ModelSpec(widths=(512, 1), epochs=2, batch_size=7, seed=5),
        ModelSpec(widths=(2, 300), dropout=0.5, learning_rate=0.03, epochs=4, batch_size=120),
    ):
        train(spec)
    assert PROGRAMS.traces == traces
    train(ModelSpec(widths=(4, 4, 4), epochs=3))  # a new depth is a new family
    assert PROGRAMS.traces == traces + 1


def test_the_apps_models_fuse_softmax_and_loss_and_another_loss_does_not():
    """Every comparison with Keras here trains the fused pair; a compiled loss of one's own
    runs its own ops on the tape (the next test)."""
    model = build_compiled(ModelSpec(widths=(6, 5)))
    assert fuses_softmax_crossentropy(model)
    model.compile(optimizer=model.optimizer, loss=lambda y, p: 2.0 * p[:, 0])
    assert not fuses_softmax_crossentropy(model)


def test_the_fused_softmax_and_loss_give_the_tapes_numbers_bit_for_bit():
    loss = data_loss(build_compiled(ModelSpec()))
    rng = np.random.default_rng(0)
    z = tf.constant(rng.standard_normal((7, 3)) * 3, tf.float32)
    labels = tf.constant([0, 2, 1, 1, 0, 2, 2], tf.int32)

    @tf.function  # in a graph, as the training program runs it
    def both(z):
        rows = tf.cast(tf.shape(z)[0], tf.float32)
        fused = BatchLoss(loss, labels, fused=True).activate(keras.activations.softmax, z, rows)
        taped = BatchLoss(loss, labels).activate(keras.activations.softmax, z, rows)
        return [(out, value, gradient()) for out, value, gradient in (fused, taped)]

    (fused, taped) = both(z)
    for ours, theirs in zip(fused, taped, strict=True):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_the_loss_trained_is_the_models_compiled_loss():
    """Compile a different loss: the fast trainer follows it (and matches Keras with it)."""
    spec = ModelSpec(widths=(6, 5), dropout=0.0, optimizer="sgd", learning_rate=0.1, epochs=2)

    def doubled(y_true, y_pred):
        return 2.0 * keras.losses.sparse_categorical_crossentropy(y_true, y_pred)

    ours, reference = twins(spec)
    for model in (ours, reference):
        model.compile(optimizer=model.optimizer, loss=doubled)
    split = iris_split(spec.seed)
    perms = epoch_permutations(spec, len(split.x_train))
    history = fit(ours, split, perms, spec.batch_size)
    np.testing.assert_allclose(
        history["loss"], train_on_batches(reference, split, perms, spec.batch_size), rtol=1e-5
    )
    for mine, theirs in zip(ours.weights, reference.weights, strict=True):
        np.testing.assert_allclose(mine.numpy(), theirs.numpy(), **TOLERANCE)


# Every activation with BatchNorm on and off under SGD and Adagrad, which do not scale
# round-off into full steps, so every variable is compared (Adam with BatchNorm: see below).
ACTIVATION_CASES = [
    *((activation, optimizer, batchnorm)
      for activation in ACTIVATIONS
      for optimizer in ("sgd", "adagrad")
      for batchnorm in (True, False)),
    *((activation, "adam", False) for activation in ACTIVATIONS),
]  # fmt: skip


@pytest.mark.parametrize(("activation", "optimizer", "batchnorm"), ACTIVATION_CASES)
def test_every_activation_equals_keras_train_on_batch(activation, optimizer, batchnorm):
    """Each activation on every hidden layer (and a mix), against Keras's own steps."""
    spec = ModelSpec(
        widths=(9, 5, 6),
        activations=(activation, activation, "tanh" if activation == "gelu" else "gelu"),
        batchnorm=batchnorm,
        dropout=0.0,
        optimizer=optimizer,
        learning_rate=0.001,
        epochs=2,
        seed=4,
    )
    ours, reference = trained_both_ways(spec, iris_split(spec.seed))
    dense = [layer for layer in ours.layers if isinstance(layer, keras.layers.Dense)]
    assert [layer.activation.__name__ for layer in dense[:3]] == [*spec.activations]
    assert round_off_amplified(ours, spec) == set()
    assert_variables_equal(ours, reference, spec)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_with_adam_and_batchnorm_trains_the_outputs_keras_does(activation):
    """Adam with BatchNorm: a bias feeding BatchNorm (and, after a linear layer, a beta) has
    a true gradient of ~0 that Adam scales into full steps of round-off, which Keras's own
    runs differ by too; through a nonlinear activation that bias reaches the kernels'
    gradients a little. The losses still equal Keras's and the outputs agree."""
    spec = ModelSpec(
        widths=(9, 5, 6),
        activations=(activation, activation, "relu"),
        dropout=0.0,
        epochs=2,
        seed=4,
    )
    split = iris_split(spec.seed)
    ours, reference = trained_both_ways(spec, split)
    x = np.concatenate([split.x_train, split.x_test])
    np.testing.assert_allclose(ours(x, training=True), reference(x, training=True), atol=1e-4)
    np.testing.assert_allclose(ours(x), reference(x), atol=1e-3)


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("batchnorm", [True, False])
def test_l2_weight_decay_equals_keras_train_on_batch(optimizer, batchnorm):
    """L2 on every Dense kernel: the same weights and slots as Keras's steps, and the epoch
    loss Keras reports, penalty included."""
    spec = ModelSpec(
        widths=(9, 5),
        batchnorm=batchnorm,
        dropout=0.0,
        optimizer=optimizer,
        learning_rate=0.001,
        epochs=2,
        seed=5,
        l2=0.05,
    )
    ours, reference = trained_both_ways(spec, iris_split(spec.seed))
    assert len(reference.losses) == 3  # every Dense kernel, the output's too
    assert_variables_equal(ours, reference, spec)


def test_l2_changes_training_and_the_loss_by_the_penalty():
    """The decay is really there: the same model without it trains to other weights, and
    Keras's loss of our trained model (penalty included) is our reported test loss."""
    with_decay = ModelSpec(widths=(9, 5), dropout=0.0, epochs=2, seed=5, l2=0.05)
    split = iris_split(with_decay.seed)
    perms = epoch_permutations(with_decay, len(split.x_train))
    decayed = twins(with_decay)[0]
    history = fit(decayed, split, perms, with_decay.batch_size)
    keras.utils.set_random_seed(with_decay.seed)
    plain = built(ModelSpec(widths=(9, 5), dropout=0.0, epochs=2, seed=5))
    fit(plain, split, perms, with_decay.batch_size)
    kernel = decayed.get_layer("dense_1").kernel.numpy()
    assert not np.allclose(kernel, plain.get_layer("dense_1").kernel.numpy(), **TOLERANCE)
    keras_test_loss = decayed.evaluate(split.x_test, split.y_test, verbose=0, return_dict=True)
    np.testing.assert_allclose(history["test_loss"][-1], keras_test_loss["loss"], rtol=1e-5)


def test_one_trace_serves_every_l2_factor():
    train(ModelSpec(widths=(4, 4), epochs=2, l2=0.01))
    traces = PROGRAMS.traces
    train(ModelSpec(widths=(6, 3), epochs=2, l2=0.07))
    assert PROGRAMS.traces == traces


def test_a_model_with_other_layer_losses_is_refused_with_a_clear_message():
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, bias_regularizer="l2", name="output")]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.optimizer.build(model.trainable_variables)
    split = iris_split(0)
    with pytest.raises(ValueError, match="regularizers"):
        fit(model, split, epoch_permutations(ModelSpec(epochs=1), 120), 32)


@pytest.mark.parametrize(
    "spec",
    [
        ModelSpec(epochs=3),
        ModelSpec(widths=(20, 10, 5), batchnorm=False, optimizer="sgd", epochs=2),
        ModelSpec(widths=(8,), dropout=0.0, optimizer="rmsprop", epochs=2, batch_size=50),
    ],
    ids=["default", "sgd-3-layers", "rmsprop-1-layer"],
)
def test_trained_keras_file_has_the_length_of_one_trained_by_model_fit(spec):
    split = iris_split(spec.seed)
    model, _ = train(spec)
    keras.utils.set_random_seed(spec.seed)
    fitted = build_compiled(spec)
    fitted.fit(
        split.x_train, split.y_train, epochs=spec.epochs, batch_size=spec.batch_size, verbose=0
    )
    assert len(keras_file_content(model)) == len(keras_file_content(fitted))
    assert int(model.optimizer.iterations.numpy()) == int(fitted.optimizer.iterations.numpy())


def _with_our_masks(model: keras.Model, dropout_seed: int, rows: int, batch_size: int) -> None:
    """Give ``model``'s Dropout layers the masks the fast trainer draws: the same
    ``layer_math.dropout_scale``, one draw over an epoch's ``rows`` per layer, seeded by the
    epoch and the layer's place as the program seeds it, each minibatch taking its rows, so
    Keras's own training step can be compared with dropout on."""
    layers = len(model.layers)
    batches = -(-rows // batch_size)
    for place, layer in enumerate(model.layers):
        if not isinstance(layer, keras.layers.Dropout):
            continue

        def call(inputs, training=False, place=place, rate=layer.rate):
            if not training:
                return inputs
            step = tf.cast(model.optimizer.iterations, tf.int64)
            epoch, batch = step // batches, step % batches
            seed = tf.stack([tf.constant(dropout_seed, tf.int64), epoch * layers + place])
            shape = tf.stack([rows, tf.shape(inputs)[1]])
            scale = layer_math.dropout_scale(shape, tf.constant(rate, tf.float32), seed)
            return inputs * scale[batch * batch_size : (batch + 1) * batch_size]

        layer.call = call


@pytest.mark.parametrize(("optimizer", "batchnorm"), [("sgd", False), ("adam", True)])
def test_two_epochs_with_dropout_equal_keras_given_the_same_masks(optimizer, batchnorm):
    spec = ModelSpec(
        widths=(9, 5),
        batchnorm=batchnorm,
        dropout=0.5,
        optimizer=optimizer,
        learning_rate=0.01,
        epochs=2,
        seed=3,
    )
    ours, reference = trained_both_ways(spec, iris_split(spec.seed), same_masks=True)
    assert_variables_equal(ours, reference, spec)


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_our_dropout_drops_and_scales_as_keras_dropout_does(rate):
    """Keras's Dropout layer is the oracle for what a mask does: which values survive (a
    share ``1 - rate``) and what they become (scaled by ``1 / (1 - rate)``)."""
    x = np.ones((400, 250), np.float32)
    keras.utils.set_random_seed(0)
    theirs = np.asarray(keras.layers.Dropout(rate)(x, training=True))
    ours = np.asarray(
        layer_math.dropout(tf.constant(x), tf.constant(rate, tf.float32), tf.constant([3, 7]))
    )
    np.testing.assert_allclose(np.unique(ours), np.unique(theirs), rtol=1e-6)
    assert abs((ours == 0).mean() - rate) < 0.01 and abs((theirs == 0).mean() - rate) < 0.01
