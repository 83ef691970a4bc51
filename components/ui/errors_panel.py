"""Where it errs: the trained model's confusion matrix and per-class precision and recall
on the held-out test split, from the model's own predictions in the worker."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd
import streamlit as st

from components.charts.error_styles import confusion_cell_css
from components.core.class_errors import CLASS_NAMES
from components.core.i18n import DEFAULT_LANG, text
from components.core.results import TrainResult
from components.ui.lang import current_lang, t

# The English page's column names (tests find the tables by them).
TRUE_COLUMN = text(DEFAULT_LANG, "errors.col.true")
PREDICTED = text(DEFAULT_LANG, "errors.col.predicted", name="{}")  # one column per class
PERCENT = st.column_config.NumberColumn(format="percent")


def show_errors(result: TrainResult | None) -> None:
    if result is None or not result.confusion:
        return  # no training, or nothing to show
    st.subheader(t("errors.heading"))
    st.markdown(t("errors.intro", rows=sum(map(sum, result.confusion))))
    lang = current_lang()
    matrix, per_class = st.container(key="errors-panel").columns([3, 2])  # for the e2e test
    with matrix:
        st.dataframe(
            confusion_table(result.confusion, result.spec.data.class_names, lang),
            hide_index=True,
        )
    with per_class:
        percents = (text(lang, "errors.col.precision"), text(lang, "errors.col.recall"))
        st.dataframe(
            per_class_table(result, lang),
            hide_index=True,
            column_config=dict.fromkeys(percents, PERCENT),
        )


def confusion_table(
    confusion: list[list[int]], class_names: Sequence[str] = CLASS_NAMES, lang: str = DEFAULT_LANG
):
    """The matrix with class names, coloured as a heatmap (a pandas Styler)."""
    # Hashable, as pandas types a column label (a list of str is not a list of Hashable)
    columns: list[Hashable] = [
        text(lang, "errors.col.predicted", name=name) for name in class_names
    ]
    frame = pd.DataFrame(confusion, columns=columns)
    frame.insert(0, text(lang, "errors.col.true"), list(class_names))
    css = pd.DataFrame(confusion_cell_css(confusion), columns=columns)
    return frame.style.apply(lambda _: css, axis=None, subset=columns)


def per_class_table(result: TrainResult, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    columns = ("class", "test_rows", "predicted_as", "precision", "recall")
    values = (
        list(result.spec.data.class_names),
        [sum(row) for row in result.confusion],
        [sum(column) for column in zip(*result.confusion, strict=True)],
        result.class_precision,
        result.class_recall,
    )
    names = [text(lang, f"errors.col.{column}") for column in columns]
    return pd.DataFrame(dict(zip(names, values, strict=True)))
