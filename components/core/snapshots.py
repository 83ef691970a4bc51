"""The weights a training keeps along the way, for playing it back. Pure numpy.

A training keeps its weights at the start (epoch 0) and after about every tenth of its
epochs, the last one being the trained model's own: the network view, the heatmaps and the
decision regions scrub through them. Bounded in bytes: a model too large for eleven copies
keeps fewer, evenly spread, but always its first and last.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SNAPSHOTS = 10  # intervals: epoch 0 and ten more points of the training
SNAPSHOT_BYTES = 8 * 1024 * 1024  # what one training's snapshots may hold (float32)


@dataclass(frozen=True)
class LayerWeights:
    """One layer's weights as Keras names and shapes them: a Dense ``kernel`` (inputs x
    units) and ``bias``; a BatchNorm ``gamma``, ``beta``, ``moving_mean`` and
    ``moving_variance``. Dropout keeps none and has no entry."""

    name: str  # the Keras layer's name, as in ``params.layer_rows``
    arrays: dict[str, np.ndarray]


@dataclass(frozen=True)
class WeightSnapshot:
    epoch: int  # epochs trained when taken: 0 is the initial weights
    layers: tuple[LayerWeights, ...]

    @property
    def nbytes(self) -> int:
        """The numbers it holds, in bytes."""
        return sum(array.nbytes for layer in self.layers for array in layer.arrays.values())

    def layer(self, name: str) -> LayerWeights | None:
        return next((layer for layer in self.layers if layer.name == name), None)

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        """The named layer's arrays; KeyError for a layer that keeps none (Dropout)."""
        layer = self.layer(name)
        if layer is None:
            raise KeyError(name)
        return layer.arrays


def snapshot_epochs(epochs: int, weights: int) -> list[int]:
    """The epochs after which a training of ``epochs`` keeps its ``weights`` numbers: 0, the
    last, and evenly between, as many as ``SNAPSHOT_BYTES`` holds (at most ``SNAPSHOTS + 1``)."""
    fits = max(2, SNAPSHOT_BYTES // (4 * max(weights, 1)))
    count = min(SNAPSHOTS + 1, fits, epochs + 1)
    return sorted({round(k * epochs / (count - 1)) for k in range(count)})
