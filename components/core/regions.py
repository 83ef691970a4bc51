"""Decision regions: the grid of two iris features a trained model is asked to classify.

Pure numpy: the worker runs the real model over ``grid_rows`` and packs its answers with
``decision_regions``; the page only draws the result. No streamlit, no tensorflow.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from components.core.data import Split
from components.core.results import DecisionRegions
from components.core.spec import FEATURE_NAMES, REGION_PAIRS

GRID_SIZE = 50  # points per axis: 2,500 predictions, one batch
MARGIN_FRACTION = 0.05  # of each feature's range, either side, so edge rows are not on the rim


def all_rows(split: Split) -> np.ndarray:
    """All 150 iris rows, whatever the split."""
    return np.concatenate([split.x_train, split.x_test])


def region_axes(pair: str, split: Split) -> tuple[np.ndarray, np.ndarray]:
    """The grid's x and y values: each chosen feature's range over all rows, plus a margin."""
    rows = all_rows(split)
    axes = []
    for column in REGION_PAIRS[pair]:
        low, high = float(rows[:, column].min()), float(rows[:, column].max())
        margin = MARGIN_FRACTION * (high - low)
        axes.append(np.linspace(low - margin, high + margin, GRID_SIZE, dtype=np.float32))
    return axes[0], axes[1]


def grid_rows(pair: str, held_at: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """One model input per grid point, y-major (row ``j * len(x) + i`` is ``(x[i], y[j])``);
    the two features not chosen stay at ``held_at``."""
    x_column, y_column = REGION_PAIRS[pair]
    grid_x, grid_y = np.meshgrid(x, y)  # shape (len(y), len(x))
    rows = np.tile(np.asarray(held_at, np.float32), (grid_x.size, 1))
    rows[:, x_column], rows[:, y_column] = grid_x.ravel(), grid_y.ravel()
    return rows


def decision_regions(
    pair: str, split: Split, predict: Callable[[np.ndarray], np.ndarray]
) -> DecisionRegions:
    """``predict`` (rows -> classes) over ``pair``'s grid, the others at the training means."""
    held_at = split.x_train.mean(axis=0)
    x, y = region_axes(pair, split)
    classes = np.asarray(predict(grid_rows(pair, held_at, x, y))).reshape(len(y), len(x))
    x_column, y_column = REGION_PAIRS[pair]
    return DecisionRegions(
        pair=pair,
        feature_names=(FEATURE_NAMES[x_column], FEATURE_NAMES[y_column]),
        feature_indices=(x_column, y_column),
        held_at=tuple(float(v) for v in held_at),
        x=[float(v) for v in x],
        y=[float(v) for v in y],
        classes=[[int(c) for c in row] for row in classes],
    )
