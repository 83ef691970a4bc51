"""The datasets, split the way a held-out test needs, and scaled where they need it.

The seed post used ``validation_split=0.2``, which takes the *last* 20% of
rows without shuffling; iris is sorted by class, so that "validation set" is
all virginica. A stratified, seeded split keeps every class in both halves.

Iris stays raw, as in the post. Every other dataset (``Dataset.scaled``) is standardized
with a ``StandardScaler`` fitted on the training split alone, then applied to both halves:
the test rows never shape the statistics they are scaled by. An uploaded CSV
(``datasets.upload_dataset``, its rows carried with its facts) is split and standardized the
same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from components.core.datasets import DEFAULT_DATASET, UPLOAD_LOADER, Dataset, facts

TEST_FRACTION = 0.2


@dataclass(frozen=True)
class Split:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def split_sizes(data: Dataset | str) -> tuple[int, int]:
    """(training rows, test rows), as ``train_test_split`` rounds: the test share up."""
    rows = facts(data).rows
    n_test = math.ceil(TEST_FRACTION * rows)
    return rows - n_test, n_test


@lru_cache(maxsize=8)  # an upload's key holds its fingerprint: one key, one table
def dataset_split(data: Dataset | str, seed: int) -> Split:
    """``data`` (a Dataset, or a built-in's key) split for ``seed``, scaled if it is."""
    from sklearn.model_selection import train_test_split

    data = facts(data)
    x, y = _features_and_labels(data)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=TEST_FRACTION, stratify=y, random_state=seed
    )
    if data.scaled:
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler().fit(x_train)  # the training rows' statistics only
        x_train, x_test = scaler.transform(x_train), scaler.transform(x_test)
    return Split(
        x_train.astype(np.float32),
        y_train.astype(np.int32),
        x_test.astype(np.float32),
        y_test.astype(np.int32),
    )


def _features_and_labels(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    if data.loader == UPLOAD_LOADER:
        if data.table is None:  # a pickled copy: the rows stay with the page's session
            raise ValueError(f"{data.key!r} came without its rows: split it where it was read.")
        return data.table.features, data.table.labels
    import sklearn.datasets

    return getattr(sklearn.datasets, data.loader)(return_X_y=True)


def stand_in_split(data: Dataset | str = DEFAULT_DATASET) -> Split:
    """Made-up rows shaped like the dataset's split, every class present: what a worker's
    warm-up trains on, since tracing needs shapes, not values, and the real split needs
    scikit-learn (~1 s to load), which workers never load (the server splits)."""
    n_train, n_test = split_sizes(data)
    features, classes = facts(data).n_features, facts(data).n_classes
    rng = np.random.default_rng(0)

    def rows(n: int) -> tuple[np.ndarray, np.ndarray]:
        x = rng.normal(size=(n, features)).astype(np.float32)
        return x, (np.arange(n) % classes).astype(np.int32)

    (x_train, y_train), (x_test, y_test) = rows(n_train), rows(n_test)
    return Split(x_train, y_train, x_test, y_test)


def iris_split(seed: int) -> Split:
    """The seed post's dataset, raw."""
    return dataset_split(DEFAULT_DATASET, seed)
