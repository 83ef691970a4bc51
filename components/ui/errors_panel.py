"""Where it errs: the trained model's confusion matrix and per-class precision and recall
on the held-out test split, from the model's own predictions in the worker."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from components.charts.error_styles import confusion_cell_css
from components.core.class_errors import CLASS_NAMES
from components.core.results import TrainResult

TRUE_COLUMN = "true class"
PREDICTED = "predicted {}"  # one matrix column per class
PERCENT = st.column_config.NumberColumn(format="percent")


def show_errors(result: TrainResult | None) -> None:
    if result is None or not result.confusion:
        return  # no training, or nothing to show
    st.subheader("Where it errs")
    st.markdown(
        f"The trained model on the {sum(map(sum, result.confusion))} held-out test rows: "
        "each row of the matrix is a true class, each column the class the model predicted, "
        "so the diagonal is what it gets right and every other cell a mistake. *Precision*: "
        "of the rows predicted a class, the share truly it; *recall*: of a class's rows, the "
        "share found."
    )
    matrix, per_class = st.container(key="errors-panel").columns([3, 2])  # for the e2e test
    with matrix:
        st.dataframe(
            confusion_table(result.confusion, result.spec.data.class_names), hide_index=True
        )
    with per_class:
        st.dataframe(
            per_class_table(result),
            hide_index=True,
            column_config={"precision": PERCENT, "recall": PERCENT},
        )


def confusion_table(confusion: list[list[int]], class_names: Sequence[str] = CLASS_NAMES):
    """The matrix with class names, coloured as a heatmap (a pandas Styler)."""
    columns = [PREDICTED.format(name) for name in class_names]
    frame = pd.DataFrame(confusion, columns=columns)
    frame.insert(0, TRUE_COLUMN, list(class_names))
    css = pd.DataFrame(confusion_cell_css(confusion), columns=columns)
    return frame.style.apply(lambda _: css, axis=None, subset=columns)


def per_class_table(result: TrainResult) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "class": list(result.spec.data.class_names),
            "test rows": [sum(row) for row in result.confusion],
            "predicted as it": [sum(column) for column in zip(*result.confusion, strict=True)],
            "precision": result.class_precision,
            "recall": result.class_recall,
        }
    )
