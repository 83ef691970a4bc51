"""Where a classifier errs on iris: its confusion matrix and per-class precision and recall.

Computed with scikit-learn from the true and predicted classes; plain lists of Python
numbers come out, so a result carrying them pickles without numpy scalars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CLASS_NAMES = ("setosa", "versicolor", "virginica")  # iris's targets 0, 1, 2


@dataclass(frozen=True)
class ClassErrors:
    confusion: list[list[int]]  # [true class][predicted class] -> rows
    precision: list[float]  # per class: of the rows predicted it, the share truly it
    recall: list[float]  # per class: of the rows truly it, the share predicted it


def class_errors(y_true: Sequence[int], y_pred: Sequence[int]) -> ClassErrors:
    # Imported here: scikit-learn's metrics take a moment to load, and the page imports this.
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    labels = list(range(len(CLASS_NAMES)))  # every class, even one never predicted
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    precision, recall, _, _ = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0.0
    )
    return ClassErrors(
        confusion=[[int(n) for n in row] for row in matrix],
        precision=[float(p) for p in precision],
        recall=[float(r) for r in recall],
    )
