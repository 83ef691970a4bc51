"""Plain data that crosses from a worker process to the server.

Kept free of TensorFlow: unpickling a result in the server imports the module
that defines its class, and the server must never load TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from components.core.snapshots import WeightSnapshot
from components.core.spec import ModelSpec

# Bump when a change to the trainer alters its numbers: results stored on disk by an
# older revision are then never served (store.py puts it in every key).
# Bump too when a stored result's shape changes, so no older one is read as the new.
# 2: one thread per op, no op determinism, Keras's add; 3: class errors; 4: decision regions;
# 5: datasets (ModelSpec gained ``dataset``: every key's shape changed); 6: file reports
# keyed by ``FileFormat`` and ``PartKind`` ids; 7: weight snapshots; 9: file reports gained
# the gzipped .keras row; 10: the single-threaded executor (sums in another order, ~1e-7);
# 11: Dropout masks drawn once an epoch, decision regions no longer in a result
TRAINER_REVISION = 11

HISTORY_KEYS = ("loss", "accuracy", "test_loss", "test_accuracy")


class Series(StrEnum):
    """A series of the bytes chart: one kind of saved file, in the chart's order. Its legend
    and table text is the catalogs' ``series.<value>``."""

    KERAS_WITH_OPTIMIZER = "keras_with_optimizer"
    H5_WITH_OPTIMIZER = "h5_with_optimizer"
    WEIGHTS_H5 = "weights_h5"
    KERAS_WITHOUT_OPTIMIZER = "keras_without_optimizer"
    # What people ship, measured only when asked (the ship job: TFLite conversions are slow).
    TFLITE_FLOAT32 = "tflite_float32"
    TFLITE_FLOAT16 = "tflite_float16"
    TFLITE_INT8 = "tflite_int8"  # dynamic-range: int8 weights, float32 activations
    KERAS_GZIP = "keras_gzip"  # the trained .keras file as a web server sends it


# The bytes sweep's files, saved at every width of a shape on the page's first screen.
SWEEP_SERIES = (
    Series.KERAS_WITH_OPTIMIZER,
    Series.H5_WITH_OPTIMIZER,
    Series.WEIGHTS_H5,
    Series.KERAS_WITHOUT_OPTIMIZER,
)
# The ship job's: what goes to a phone (TFLite) and over the wire (gzip).
SHIP_SERIES = (
    Series.TFLITE_FLOAT32,
    Series.TFLITE_FLOAT16,
    Series.TFLITE_INT8,
    Series.KERAS_GZIP,
)


class JobCancelled(Exception):
    """A newer request superseded this job, or the page waiting for it moved on."""


class TrainingTimedOut(Exception):
    """The training ran past its time limit."""


class TrainingDiverged(Exception):
    """The loss became NaN or infinite at ``epoch`` (from 1): the weights are no longer
    numbers, so training stops and nothing of it is kept."""

    def __init__(self, epoch: int) -> None:
        super().__init__(epoch)
        self.epoch = epoch


@dataclass(frozen=True)
class DecisionRegions:
    """The trained model's predicted class over a grid of two features, the others held at
    their training-split means: ``classes[j][i]`` is the class at ``(x[i], y[j])``."""

    pair: str  # the spec's region_features id
    feature_names: tuple[str, str]  # x then y
    feature_indices: tuple[int, int]  # their columns in the dataset
    held_at: tuple[float, ...]  # every feature's value where the grid holds it (all of them)
    x: list[float]
    y: list[float]
    classes: list[list[int]]  # [y index][x index], plain ints


@dataclass
class TrainResult:
    spec: ModelSpec
    history: dict[str, list[float]]  # HISTORY_KEYS, one value per epoch
    train_accuracy: float
    test_accuracy: float
    layer_params: list[tuple[str, int, int]]  # Keras's (name, trainable, non-trainable)
    optimizer_variables: int  # Keras's count once the optimizer is built
    seconds: float
    model_file: bytes = b""  # the trained model saved as .keras, for the download button
    # On the test split (core/class_errors.py); defaults so results pickled before them load.
    confusion: list[list[int]] = field(default_factory=list)  # [true class][predicted class]
    class_precision: list[float] = field(default_factory=list)  # per class, the targets' order
    class_recall: list[float] = field(default_factory=list)
    # The weights at epoch 0 and about every tenth of the training, the last the trained
    # model's own (core/snapshots.py).
    snapshots: tuple[WeightSnapshot, ...] = ()
    # Keras's (name, activation, kernel L2 factor) of every Dense layer, for the check.
    dense_settings: tuple[tuple[str, str, float], ...] = ()

    @property
    def model_bytes(self) -> int:
        return len(self.model_file)


@dataclass(frozen=True)
class SizePoint:
    """One real file: which model, how many parameters, how many bytes."""

    series: Series
    widths: tuple[int, ...]
    params: int  # model.count_params(): weights incl. BatchNorm, no optimizer
    dense_params: int  # Dense layers only, as the seed post counted
    bytes: int
