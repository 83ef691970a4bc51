"""Iris from scikit-learn, split the way a held-out test needs.

The seed post used ``validation_split=0.2``, which takes the *last* 20% of
rows without shuffling; iris is sorted by class, so that "validation set" is
all virginica. A stratified, seeded split keeps every class in both halves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

TEST_FRACTION = 0.2


@dataclass(frozen=True)
class Split:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


@lru_cache(maxsize=8)
def iris_split(seed: int) -> Split:
    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split

    x, y = load_iris(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(
        x.astype(np.float32),
        y.astype(np.int32),
        test_size=TEST_FRACTION,
        stratify=y,
        random_state=seed,
    )
    return Split(x_train, y_train, x_test, y_test)
