"""Straight-line fits of file size against parameter count: overhead + bytes per parameter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Measured values: a list, or the array a fit computed them into.
Values = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class LineFit:
    intercept: float  # bytes a model of zero parameters would take: the fixed overhead
    slope: float  # bytes each extra parameter adds
    r2: float

    def predict(self, params: float) -> float:
        return self.intercept + self.slope * params


def fit_line(xs: Values, ys: Values) -> LineFit:
    """Ordinary least squares; needs at least two distinct x values."""
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if len(x) < 2 or np.ptp(x) == 0:
        raise ValueError(f"fit_line needs two or more distinct x values; got {list(xs)!r}.")
    slope, intercept = np.polyfit(x, y, 1)
    residual = float(np.sum((y - (intercept + slope * x)) ** 2))
    spread = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - residual / spread if spread > 0 else 1.0
    return LineFit(float(intercept), float(slope), r2)


@dataclass(frozen=True)
class SizeLaw:
    """bytes = overhead + per_trainable x trainable + per_non_trainable x non-trainable.

    A straight line in the parameter count misses by a few percent when BatchNorm is
    on: its moving statistics are not trained, so the optimizer keeps no slots for
    them, and their share of the parameters changes with width. Two counts fix that.
    """

    overhead: float
    per_trainable: float
    # 0.0 when no model in the fit had non-trainable parameters. When both counts grow
    # in lockstep (one hidden layer) they cannot be told apart: both get one slope.
    per_non_trainable: float

    def predict(self, trainable: float, non_trainable: float) -> float:
        per_count = self.per_trainable * trainable + self.per_non_trainable * non_trainable
        return self.overhead + per_count


def fit_size_law(
    trainable: Sequence[float], non_trainable: Sequence[float], sizes: Sequence[float]
) -> SizeLaw:
    """Least squares on both counts; needs three or more models of distinct sizes."""
    t, n, y = (np.asarray(v, dtype=float) for v in (trainable, non_trainable, sizes))
    if len(y) < 3 or np.ptp(t) == 0:
        raise ValueError(f"fit_size_law needs three or more distinct models; got {len(y)}.")
    if not np.any(n):
        line = fit_line(t, y)
        return SizeLaw(line.intercept, line.slope, 0.0)
    columns = np.column_stack([np.ones_like(t), t, n])
    if np.linalg.matrix_rank(columns) < 3:
        line = fit_line(t + n, y)
        return SizeLaw(line.intercept, line.slope, line.slope)
    overhead, per_trainable, per_non_trainable = np.linalg.lstsq(columns, y, rcond=None)[0]
    return SizeLaw(float(overhead), float(per_trainable), float(per_non_trainable))


def max_abs_percent_error(predicted: Sequence[float], measured: Sequence[float]) -> float:
    """The worst miss, as a percentage of the measured value."""
    p, m = np.asarray(predicted, dtype=float), np.asarray(measured, dtype=float)
    return float(np.max(np.abs(p - m) / m) * 100)
