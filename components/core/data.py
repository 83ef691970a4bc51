"""The datasets, split the way a held-out test needs, and scaled where they need it.

The seed post used ``validation_split=0.2``, which takes the *last* 20% of
rows without shuffling; iris is sorted by class, so that "validation set" is
all virginica. A stratified, seeded split keeps every class in both halves.

Iris stays raw, as in the post. Every other dataset (``Dataset.scaled``) is standardized
with a ``StandardScaler`` fitted on the training split alone, then applied to both halves:
the test rows never shape the statistics they are scaled by.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from components.core.datasets import DATASETS, DEFAULT_DATASET

TEST_FRACTION = 0.2


@dataclass(frozen=True)
class Split:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def split_sizes(key: str) -> tuple[int, int]:
    """(training rows, test rows), as ``train_test_split`` rounds: the test share up."""
    rows = DATASETS[key].rows
    n_test = math.ceil(TEST_FRACTION * rows)
    return rows - n_test, n_test


@lru_cache(maxsize=8)
def dataset_split(key: str, seed: int) -> Split:
    import sklearn.datasets
    from sklearn.model_selection import train_test_split

    x, y = getattr(sklearn.datasets, DATASETS[key].loader)(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=TEST_FRACTION, stratify=y, random_state=seed
    )
    if DATASETS[key].scaled:
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler().fit(x_train)  # the training rows' statistics only
        x_train, x_test = scaler.transform(x_train), scaler.transform(x_test)
    return Split(
        x_train.astype(np.float32),
        y_train.astype(np.int32),
        x_test.astype(np.float32),
        y_test.astype(np.int32),
    )


def iris_split(seed: int) -> Split:
    """The seed post's dataset, raw."""
    return dataset_split(DEFAULT_DATASET, seed)
