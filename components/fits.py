"""Straight-line fits of file size against parameter count: overhead + bytes per parameter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LineFit:
    intercept: float  # bytes a model of zero parameters would take: the fixed overhead
    slope: float  # bytes each extra parameter adds
    r2: float

    def predict(self, params: float) -> float:
        return self.intercept + self.slope * params


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> LineFit:
    """Ordinary least squares; needs at least two distinct x values."""
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if len(x) < 2 or np.ptp(x) == 0:
        raise ValueError(f"fit_line needs two or more distinct x values; got {list(xs)!r}.")
    slope, intercept = np.polyfit(x, y, 1)
    residual = float(np.sum((y - (intercept + slope * x)) ** 2))
    spread = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - residual / spread if spread > 0 else 1.0
    return LineFit(float(intercept), float(slope), r2)
