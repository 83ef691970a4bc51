"""What the ship job's files are, said from shapes alone. Pure Python.

The measurements themselves are the worker's (``components/worker/ship_files.py``); this
is what the page says about them: how gzip is set, and which of a model's Dense kernels
TFLite's dynamic-range quantization turns into int8.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass

from components.core.params import layer_rows
from components.core.spec import ModelSpec

# zlib's and the gzip command's default level, and Apache mod_deflate's (nginx's default is 1;
# Python's gzip.compress defaults to 9): on float32 weights the levels differ by ~1%.
GZIP_LEVEL = 6
# TFLite's dynamic-range quantizer leaves a weight tensor with fewer elements in float32.
INT8_MIN_ELEMENTS = 1024


def gzipped_size(data: bytes) -> int:
    """Bytes of ``data`` gzipped at GZIP_LEVEL, as a web server sends a file."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


@dataclass(frozen=True)
class Kernel:
    """A Dense layer's kernel as TFLite stores it (BatchNorm folded in: the same shape)."""

    layer: str
    n_in: int
    n_out: int

    @property
    def elements(self) -> int:
        return self.n_in * self.n_out

    @property
    def int8(self) -> bool:
        return self.elements >= INT8_MIN_ELEMENTS


def dense_kernels(spec: ModelSpec) -> list[Kernel]:
    """Every Dense kernel of ``spec``'s model, in order."""
    kernels, fan_in = [], spec.data.n_features
    for row in layer_rows(spec):
        if row.kind == "Dense":
            kernels.append(Kernel(row.name, fan_in, row.units))
            fan_in = row.units
    return kernels
