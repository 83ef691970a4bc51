"""The model a user configures: one frozen dataclass, its limits, and the presets.

Pure Python: no streamlit, no tensorflow. Every limit is a named constant so the
controls (``model_controls``), the link's parser (``model_link``) and the tests agree on
one set of numbers. A ``ModelSpec`` raises on any value outside them; the link's reader
never gives it one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from components.core.datasets import (
    DATASET_KEYS,
    DATASETS,
    DEFAULT_DATASET,
    NO_UPLOADS,
    Dataset,
    dataset,
)

MIN_LAYERS, MAX_LAYERS = 1, 6
MIN_WIDTH, MAX_WIDTH = 1, 512
MIN_EPOCHS, MAX_EPOCHS = 1, 500
MIN_BATCH, MAX_BATCH = 1, 256
MIN_DROPOUT, MAX_DROPOUT = 0.0, 0.8
MIN_LR, MAX_LR = 1e-5, 1.0
MIN_SEED, MAX_SEED = 0, 2**31 - 1
MIN_L2, MAX_L2 = 0.0, 0.1  # L2 weight decay on every Dense kernel; 0 is none

# Keras's own activation names, as the link writes them.
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear", "gelu")

# URL values are Keras's own lowercase optimizer names.
OPTIMIZERS = ("adam", "adamw", "sgd", "rmsprop", "adagrad")

# The seed's model: 32 then 16, and halving after that for deeper nets.
DEFAULT_WIDTHS = (32, 16, 8, 4, 2, 1)
DEFAULT_LAYERS = 2
# The seed's: the first hidden Dense linear, relu after.
DEFAULT_ACTIVATIONS = ("linear", "relu", "relu", "relu", "relu", "relu")

# Iris's, the default dataset's; every dataset's are in components/core/datasets.py.
_IRIS = DATASETS[DEFAULT_DATASET]
N_FEATURES = _IRIS.n_features  # sepal and petal, length and width
N_CLASSES = _IRIS.n_classes  # setosa, versicolor, virginica
FEATURE_NAMES = _IRIS.feature_names
# The decision-regions chart's feature pairs on iris: URL id -> (x, y) column.
REGION_PAIRS = dict(_IRIS.region_pairs)


@dataclass(frozen=True)
class ModelSpec:
    """Everything that decides a trained MLP, and nothing else.

    ``widths`` are the hidden Dense layers in order, ``activations`` theirs (left out or
    short: the seed's, linear first and relu after; kept as deep as ``widths``); the output
    is a softmax Dense over the dataset's classes. ``l2`` is the L2 weight decay on every
    Dense kernel (0: none). ``region_features`` left out (None) is the dataset's first pair.
    ``upload``: the uploaded table ``dataset`` names, when it names one (not part of the
    spec's identity: the key holds the table's fingerprint).
    """

    widths: tuple[int, ...] = DEFAULT_WIDTHS[:DEFAULT_LAYERS]
    activations: tuple[str, ...] = None  # type: ignore[assignment]  # widths' depth
    batchnorm: bool = True
    dropout: float = 0.2
    optimizer: str = "adam"
    learning_rate: float = 0.001
    epochs: int = 100
    batch_size: int = 32
    seed: int = 0
    region_features: str = None  # type: ignore[assignment]  # the regions grid's pair
    dataset: str = DEFAULT_DATASET
    l2: float = 0.0
    upload: Dataset | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not MIN_LAYERS <= len(self.widths) <= MAX_LAYERS:
            raise ValueError(
                f"widths has {len(self.widths)} hidden layers; expected {MIN_LAYERS}..{MAX_LAYERS}."
            )
        for i, width in enumerate(self.widths, start=1):
            _check_range(f"h{i}", width, MIN_WIDTH, MAX_WIDTH, int)
        given = tuple(self.activations or ())[: len(self.widths)]
        activations = given + DEFAULT_ACTIVATIONS[len(given) : len(self.widths)]
        object.__setattr__(self, "activations", activations)
        for i, activation in enumerate(self.activations, start=1):
            if activation not in ACTIVATIONS:
                raise ValueError(f"a{i}={activation!r} is not one of {', '.join(ACTIVATIONS)}.")
        _check_range("l2", self.l2, MIN_L2, MAX_L2, float)
        _check_range("dropout", self.dropout, MIN_DROPOUT, MAX_DROPOUT, float)
        _check_range("lr", self.learning_rate, MIN_LR, MAX_LR, float)
        _check_range("epochs", self.epochs, MIN_EPOCHS, MAX_EPOCHS, int)
        _check_range("batch", self.batch_size, MIN_BATCH, MAX_BATCH, int)
        _check_range("seed", self.seed, MIN_SEED, MAX_SEED, int)
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer={self.optimizer!r} is not one of {', '.join(OPTIMIZERS)}.")
        uploaded = self.upload is not None and self.upload.key == self.dataset
        if self.dataset not in DATASETS and not uploaded:
            raise ValueError(
                f"dataset={self.dataset!r} is not one of {', '.join(DATASET_KEYS)} "
                "nor the uploaded table given with the spec."
            )
        if self.upload is not None and not uploaded:
            raise ValueError(f"upload {self.upload.key!r} is not dataset={self.dataset!r}.")
        pairs = self.data.region_pair_ids
        if self.region_features is None:
            object.__setattr__(self, "region_features", pairs[0])
        if self.region_features not in pairs:
            raise ValueError(
                f"region_features={self.region_features!r} is not one of {', '.join(pairs)}."
            )

    @property
    def data(self) -> Dataset:
        """The dataset's facts (components/core/datasets.py), a built-in's or the upload's."""
        return self.upload if self.upload is not None else DATASETS[self.dataset]

    def with_widths(self, widths: tuple[int, ...]) -> ModelSpec:
        return replace(self, widths=tuple(widths))

    def with_dataset(self, key: str, uploads: Mapping[str, Dataset] = NO_UPLOADS) -> ModelSpec:
        """``key``'s data (a built-in's, or one of ``uploads``); the regions pair kept if that
        dataset has it, else its first."""
        data = dataset(key, uploads)
        pairs = data.region_pair_ids
        return replace(
            self,
            dataset=key,
            upload=data if data.table is not None else None,
            region_features=self.region_features if self.region_features in pairs else pairs[0],
        )


def _check_range(name: str, value, low, high, kind: type) -> None:
    """Raise a ValueError that says what was passed and what is allowed."""
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"{name}={value!r} must be an integer.")
    if kind is float and not isinstance(value, (int, float)):
        raise ValueError(f"{name}={value!r} must be a number.")
    if not low <= value <= high:
        raise ValueError(f"{name}={value!r} is outside {low}..{high}.")


class Preset(StrEnum):
    """One-click starting points: the seed's model, its table's three columns, two extremes.
    The value names the preset's button and its text in the catalogs (``preset.<value>``)."""

    SEED_16_8 = "seed-16-8"
    SEED_32_16 = "seed-32-16"
    SEED_64_32 = "seed-64-32"
    TINY = "tiny-4-2"
    WIDE = "wide-512-256-128"


PRESETS: dict[Preset, ModelSpec] = {
    Preset.SEED_16_8: ModelSpec(widths=(16, 8)),
    Preset.SEED_32_16: ModelSpec(widths=(32, 16)),
    Preset.SEED_64_32: ModelSpec(widths=(64, 32)),
    Preset.TINY: ModelSpec(widths=(4, 2), batchnorm=False, dropout=0.0),
    Preset.WIDE: ModelSpec(widths=(512, 256, 128), epochs=50),
}
