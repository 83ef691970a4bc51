"""Decision regions: the grid of two features a trained model is asked to classify.

Pure numpy: the worker runs the real model over ``grid_rows`` and packs its answers with
``decision_regions``; the page only draws the result. No streamlit, no tensorflow.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from components.core.datasets import DEFAULT_DATASET, Dataset
from components.core.datasets import facts as dataset_facts
from components.core.results import DecisionRegions
from components.core.split import Split

GRID_SIZE = 50  # points per axis: 2,500 predictions, one batch
MARGIN_FRACTION = 0.05  # of each feature's range, either side, so edge rows are not on the rim


def all_rows(split: Split) -> np.ndarray:
    """All the dataset's rows (150 for iris), whatever the split."""
    return np.concatenate([split.x_train, split.x_test])


def axis_name(dataset: Dataset | str, column: int) -> str:
    """A feature as the chart's axis names it: scaled ones say so (their values are z-scores)."""
    data = dataset_facts(dataset)
    name = data.feature_names[column]
    return f"{name} (standardized)" if data.scaled else name


def region_axes(
    pair: str, split: Split, dataset: Dataset | str = DEFAULT_DATASET
) -> tuple[np.ndarray, np.ndarray]:
    """The grid's x and y values: each chosen feature's range over all rows, plus a margin."""
    rows = all_rows(split)
    axes = []
    for column in dataset_facts(dataset).region_columns(pair):
        low, high = float(rows[:, column].min()), float(rows[:, column].max())
        margin = MARGIN_FRACTION * (high - low)
        axes.append(np.linspace(low - margin, high + margin, GRID_SIZE, dtype=np.float32))
    return axes[0], axes[1]


def grid_rows(
    pair: str,
    held_at: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    dataset: Dataset | str = DEFAULT_DATASET,
) -> np.ndarray:
    """One model input per grid point, y-major (row ``j * len(x) + i`` is ``(x[i], y[j])``);
    the features not chosen stay at ``held_at``."""
    x_column, y_column = dataset_facts(dataset).region_columns(pair)
    grid_x, grid_y = np.meshgrid(x, y)  # shape (len(y), len(x))
    rows = np.tile(np.asarray(held_at, np.float32), (grid_x.size, 1))
    rows[:, x_column], rows[:, y_column] = grid_x.ravel(), grid_y.ravel()
    return rows


def decision_regions(
    pair: str,
    split: Split,
    predict: Callable[[np.ndarray], np.ndarray],
    dataset: Dataset | str = DEFAULT_DATASET,
) -> DecisionRegions:
    """``predict`` (rows -> classes) over ``pair``'s grid, the others at the training means."""
    held_at = split.x_train.mean(axis=0)
    x, y = region_axes(pair, split, dataset)
    rows = grid_rows(pair, held_at, x, y, dataset)
    classes = np.asarray(predict(rows)).reshape(len(y), len(x))
    x_column, y_column = dataset_facts(dataset).region_columns(pair)
    return DecisionRegions(
        pair=pair,
        feature_names=(axis_name(dataset, x_column), axis_name(dataset, y_column)),
        feature_indices=(x_column, y_column),
        held_at=tuple(float(v) for v in held_at),
        x=[float(v) for v in x],
        y=[float(v) for v in y],
        classes=[[int(c) for c in row] for row in classes],
    )
