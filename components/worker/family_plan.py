"""A Keras model as steps on tensors, and the key of its family.

``plan`` reads a compiled model's layers into ``Step`` s (Dense, BatchNorm, Dropout, with
indices into the trainable variables and the BatchNorm statistics) and raises for
anything the fast trainer does not run. ``family_key`` is everything a traced program
depends on and nothing that varies by width or dataset: two models with the same key
train in the same program. ``l2_factor`` is the one L2 factor fed at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras

_HYPER = ("learning_rate", "name")  # optimizer settings passed in, not traced


@dataclass(frozen=True)
class Step:
    """What one layer does, with indices into the trainable and statistics tensors."""

    kind: str  # "dense", "batchnorm" or "dropout"
    layer: keras.layers.Layer
    params: tuple[int, ...] = ()  # kernel, bias | gamma, beta
    stats: tuple[int, ...] = ()  # moving mean, moving variance
    width_of: int | None = None  # Dropout: the kernel whose columns it drops (None: the inputs)

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
    steps: list[Step] = []
    kernel = None  # the last Dense kernel so far
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense) and layer.use_bias:
            params = (trainable[id(layer.kernel)], trainable[id(layer.bias)])
            steps.append(Step("dense", layer, params))
            kernel = params[0]
        elif isinstance(layer, keras.layers.BatchNormalization) and not layer.renorm:
            params = (trainable[id(layer.gamma)], trainable[id(layer.beta)])
            moving = (stats[id(layer.moving_mean)], stats[id(layer.moving_variance)])
            steps.append(Step("batchnorm", layer, params, moving))
        elif isinstance(layer, keras.layers.Dropout) and layer.noise_shape is None:
            steps.append(Step("dropout", layer, width_of=kernel))
        else:
            raise ValueError(f"The fast trainer cannot run layer {layer.name!r} ({layer}).")
    if not steps or steps[-1].kind != "dense":
        raise ValueError("The fast trainer trains models that end in a Dense layer.")
    return steps
