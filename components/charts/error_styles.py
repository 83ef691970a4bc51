"""Cell colours for the confusion matrix table: a heatmap drawn by the table itself.

A table rather than a plotly figure: the page's charts are counted by its tests and the
numbers read better as numbers. No streamlit, no tensorflow.
"""

from __future__ import annotations

from collections.abc import Sequence

RIGHT_RGB, WRONG_RGB = "84, 162, 75", "228, 87, 86"  # the page's green and red
MIN_ALPHA, MAX_ALPHA = 0.15, 0.85  # a lone row still shows; a full row stays readable


def confusion_cell_css(confusion: Sequence[Sequence[int]]) -> list[list[str]]:
    """One CSS background per cell: green on the diagonal (right), red off it (errs), as
    strong as the cell's share of its true class's rows; empty cells stay plain."""
    css = []
    for true, row in enumerate(confusion):
        total = sum(row) or 1
        css.append(
            [
                _shade(RIGHT_RGB if true == predicted else WRONG_RGB, count / total)
                if count
                else ""
                for predicted, count in enumerate(row)
            ]
        )
    return css


def _shade(rgb: str, share: float) -> str:
    alpha = MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * share
    return f"background-color: rgba({rgb}, {alpha:.2f})"
