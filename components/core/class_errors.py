"""Where a classifier errs: its confusion matrix and per-class precision and recall.

Computed with scikit-learn from the true and predicted classes; plain lists of Python
numbers come out, so a result carrying them pickles without numpy scalars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from components.core.datasets import DATASETS, DEFAULT_DATASET

CLASS_NAMES = DATASETS[DEFAULT_DATASET].class_names  # iris's; others: Dataset.class_names


@dataclass(frozen=True)
class ClassErrors:
    confusion: list[list[int]]  # [true class][predicted class] -> rows
    precision: list[float]  # per class: of the rows predicted it, the share truly it
    recall: list[float]  # per class: of the rows truly it, the share predicted it


def class_errors(
    y_true: Sequence[int], y_pred: Sequence[int], n_classes: int = len(CLASS_NAMES)
) -> ClassErrors:
    # Imported here: scikit-learn's metrics take a moment to load, and the page imports this.
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    labels = list(range(n_classes))  # every class, even one never predicted
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    precision, recall, _, _ = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0.0
    )
    return ClassErrors(
        confusion=[[int(n) for n in row] for row in matrix],
        precision=[float(p) for p in precision],
        recall=[float(r) for r in recall],
    )
