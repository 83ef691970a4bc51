"""Where a classifier errs: its confusion matrix and per-class precision and recall.

Counted with numpy from the true and predicted classes, as scikit-learn's
``confusion_matrix`` and ``precision_recall_fscore_support(zero_division=0)`` count them
(tests/test_errors_panel.py holds the two equal): a training worker never loads
scikit-learn. Plain lists of Python numbers come out, so a result carrying them pickles
without numpy scalars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from components.core.datasets import DATASETS, DEFAULT_DATASET

CLASS_NAMES = DATASETS[DEFAULT_DATASET].class_names  # iris's; others: Dataset.class_names

# Class indices, one a row: a list, or the array a model's predictions came in.
Classes = Sequence[int] | np.ndarray


@dataclass(frozen=True)
class ClassErrors:
    confusion: list[list[int]]  # [true class][predicted class] -> rows
    precision: list[float]  # per class: of the rows predicted it, the share truly it
    recall: list[float]  # per class: of the rows truly it, the share predicted it


def class_errors(
    y_true: Classes, y_pred: Classes, n_classes: int = len(CLASS_NAMES)
) -> ClassErrors:
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)  # every class, even unseen
    np.add.at(matrix, (np.asarray(y_true, dtype=np.intp), np.asarray(y_pred, dtype=np.intp)), 1)
    right = np.diag(matrix).astype(float)
    predicted, actual = matrix.sum(axis=0), matrix.sum(axis=1)
    precision = np.divide(right, predicted, out=np.zeros(n_classes), where=predicted > 0)
    recall = np.divide(right, actual, out=np.zeros(n_classes), where=actual > 0)
    return ClassErrors(
        confusion=[[int(n) for n in row] for row in matrix],
        precision=[float(p) for p in precision],
        recall=[float(r) for r in recall],
    )
