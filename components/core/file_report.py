"""What the "Where the bytes go" panel shows, as plain data measured in a worker.

Free of TensorFlow: the server unpickles these, which imports this module.
Every byte count is an exact integer read from a real saved file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from components.core.spec import ModelSpec


class FileFormat(StrEnum):
    """A way the current model is saved. Its display text is the catalogs'
    ``file.format.<value>``."""

    KERAS_BARE = "keras_bare"  # .keras, the optimizer not built (untrained)
    KERAS = "keras"
    H5 = "h5"  # legacy .h5, with the optimizer
    H5_NO_OPTIMIZER = "h5_no_optimizer"
    WEIGHTS_H5 = "weights_h5"
    KERAS_GZIP = "keras_gzip"  # the .keras file gzipped, as a web server sends it
    SAVED_MODEL = "saved_model"  # a directory
    TFLITE = "tflite"


class PartKind(StrEnum):
    """A kind of bytes inside a file; the anatomy chart gives each its own colour. Its
    display text is the catalogs' ``file.kind.<value>``."""

    ZIP = "zip"
    JSON = "json"
    WEIGHTS = "weights"
    OPTIMIZER = "optimizer"
    HDF5 = "hdf5"


@dataclass(frozen=True)
class Part:
    """A run of bytes in a file: what it is, what kind, how many."""

    name: str
    kind: PartKind
    bytes: int
    what: str = ""


@dataclass(frozen=True)
class Anatomy:
    """A file split into parts that add up to its exact size."""

    file: FileFormat
    total: int  # os.path.getsize of the file
    parts: tuple[Part, ...]

    @property
    def accounted(self) -> int:
        return sum(part.bytes for part in self.parts)

    def bytes_of(self, kind: PartKind) -> int:
        return sum(part.bytes for part in self.parts if part.kind == kind)


@dataclass(frozen=True)
class FormatSize:
    """The current model saved one way: the call, the exact size, and its files."""

    format: FileFormat
    code: str
    bytes: int
    files: tuple[tuple[str, int], ...] = ()  # (relative path, bytes) for a directory
    note: str = ""


@dataclass(frozen=True)
class OptimizerRow:
    """The current model's .keras file with one optimizer built (as after training)."""

    label: str
    code: str
    file_bytes: int
    weight_bytes: int  # the model's own float32 weights
    slot_bytes: int  # per-parameter state: momentum, velocity, ...
    scalar_bytes: int  # iteration counter, learning rate and other single numbers
    trainable: int
    params: int

    @property
    def slots_per_trainable(self) -> float:
        """Float32 numbers the optimizer keeps per trainable parameter."""
        return self.slot_bytes / 4 / self.trainable

    @property
    def bytes_per_trainable(self) -> float:
        """The weight itself (4 bytes) plus its optimizer slots."""
        return self.weight_bytes / self.params + self.slot_bytes / self.trainable

    @property
    def bytes_per_param(self) -> float:
        """Weight and optimizer data over all parameters (BatchNorm statistics have no slots)."""
        return (self.weight_bytes + self.slot_bytes) / self.params


@dataclass(frozen=True)
class DtypeRow:
    """The current model's weights stored in one number format."""

    label: str
    code: str
    file_bytes: int
    data_bytes: int  # the stored numbers themselves
    numbers: int  # how many numbers the file stores
    note: str = ""

    @property
    def bytes_per_number(self) -> float:
        return self.data_bytes / self.numbers


@dataclass(frozen=True)
class FileReport:
    spec: ModelSpec
    params: int
    trainable: int
    formats: tuple[FormatSize, ...]
    keras_anatomy: Anatomy
    h5_anatomy: Anatomy
    optimizers: tuple[OptimizerRow, ...]
    dtypes: tuple[DtypeRow, ...]

    def format_size(self, file_format: FileFormat) -> FormatSize:
        return next(size for size in self.formats if size.format == file_format)

    def format_bytes(self, file_format: FileFormat) -> int:
        return self.format_size(file_format).bytes
