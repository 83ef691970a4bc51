"""A model's inference from one weight snapshot, in numpy: what Keras's ``model(x)`` computes.

Pure numpy, so the page can scrub the decision regions through training on the server,
without a worker. Float32 throughout, as the model runs; the formulas are Keras's own (TF
backend): Dense ``x @ kernel + bias`` then its activation, BatchNorm at inference with its
moving statistics, Dropout passing through. ``tests/test_forward.py`` holds it to Keras.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from components.core.params import LayerRow, layer_rows
from components.core.snapshots import WeightSnapshot
from components.core.spec import ModelSpec

BATCHNORM_EPSILON = 1e-3  # Keras's BatchNormalization default


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to ~1e-7 (Abramowitz and Stegun 7.1.26), below float32's resolution at gelu's scale."""
    t = 1.0 / (1.0 + 0.3275911 * np.abs(x))
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return np.sign(x) * (1.0 - poly * np.exp(-x * x))


def _softmax(x: np.ndarray) -> np.ndarray:
    shifted = np.exp(x - x.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # exp(-x) overflows to inf for x < -88: sigmoid is 0
        return (1.0 / (1.0 + np.exp(-x))).astype(np.float32)


def _gelu(x: np.ndarray) -> np.ndarray:
    # Keras's default, approximate=False: the exact Gaussian CDF.
    wide = x.astype(np.float64)
    return (0.5 * wide * (1.0 + _erf(wide / math.sqrt(2.0)))).astype(np.float32)


ACTIVATIONS: dict[str | None, Callable[[np.ndarray], np.ndarray]] = {
    None: lambda x: x,
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, np.float32(0)),
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
    "gelu": _gelu,
    "softmax": _softmax,
}


def _batchnorm(x: np.ndarray, arrays: dict[str, np.ndarray]) -> np.ndarray:
    # tf.nn.batch_normalization's own order of operations.
    inv = (1.0 / np.sqrt(arrays["moving_variance"] + np.float32(BATCHNORM_EPSILON))) * arrays[
        "gamma"
    ]
    return x * inv + (arrays["beta"] - arrays["moving_mean"] * inv)


def forward(rows: Sequence[LayerRow], snapshot: WeightSnapshot, x: np.ndarray) -> np.ndarray:
    """The output of the layers ``rows`` (``params.layer_rows``) with ``snapshot``'s weights."""
    out = np.asarray(x, dtype=np.float32)
    for row in rows:
        if row.kind == "Dropout":
            continue  # inference: the identity
        layer = snapshot.layer(row.name)
        if layer is None:
            raise ValueError(f"the snapshot has no weights for layer {row.name}")
        if row.kind == "Dense":
            out = out @ layer.arrays["kernel"] + layer.arrays["bias"]
            out = ACTIVATIONS[row.activation](out).astype(np.float32, copy=False)
        else:
            out = _batchnorm(out, layer.arrays).astype(np.float32, copy=False)
    return out


def class_probabilities(spec: ModelSpec, snapshot: WeightSnapshot, x: np.ndarray) -> np.ndarray:
    """``spec``'s model at ``snapshot``: one row of class probabilities per row of ``x``."""
    return forward(layer_rows(spec), snapshot, x)


def class_predictor(
    spec: ModelSpec, snapshot: WeightSnapshot
) -> Callable[[np.ndarray], np.ndarray]:
    """rows -> predicted classes, for ``regions.decision_regions``."""
    return lambda x: np.argmax(class_probabilities(spec, snapshot, x), axis=1)
