"""The decision-regions figure: the predicted class over two features, the rows on top.

No streamlit, no tensorflow.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from components.core.class_errors import CLASS_NAMES
from components.core.i18n import DEFAULT_LANG, text
from components.core.results import DecisionRegions
from components.core.split import Split

# One per class, up to digits' ten; iris's three (setosa, versicolor, virginica) first.
CLASS_COLORS = (
    *("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2"),
    *("#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"),
)
REGION_OPACITY = 0.35  # the regions stay behind the points
POINT_SYMBOLS = {"train": "circle", "test": "diamond-open"}  # test rows marked apart


def _class_colorscale(n_classes: int) -> list[list]:
    """A step colour scale: each class a flat band, no blending between classes."""
    steps = []
    for c, color in enumerate(CLASS_COLORS[:n_classes]):
        steps += [[c / n_classes, color], [(c + 1) / n_classes, color]]
    return steps


def _regions_trace(regions: DecisionRegions, class_names: Sequence[str], lang: str) -> go.Heatmap:
    names = [[class_names[c] for c in row] for row in regions.classes]
    return go.Heatmap(
        x=regions.x,
        y=regions.y,
        z=regions.classes,
        text=names,
        zmin=-0.5,
        zmax=len(class_names) - 0.5,
        colorscale=_class_colorscale(len(class_names)),
        opacity=REGION_OPACITY,
        showscale=False,
        hovertemplate=text(lang, "chart.hover_region"),
    )


def _points_traces(
    regions: DecisionRegions, split: Split, class_names: Sequence[str], lang: str
) -> list[go.Scatter]:
    x_column, y_column = regions.feature_indices
    traces = []
    parts = (("train", split.x_train, split.y_train), ("test", split.x_test, split.y_test))
    for part, x, y in parts:
        for c, name in enumerate(class_names):
            rows = x[np.asarray(y) == c]
            traces.append(
                go.Scatter(
                    x=rows[:, x_column].tolist(),
                    y=rows[:, y_column].tolist(),
                    mode="markers",
                    name=text(
                        lang, "chart.region_rows", name=name, part=text(lang, f"chart.{part}")
                    ),
                    marker={
                        "color": CLASS_COLORS[c],
                        "symbol": POINT_SYMBOLS[part],
                        "size": 7 if part == "train" else 10,
                        "line": {"width": 1 if part == "train" else 2, "color": "#333"},
                    },
                )
            )
    return traces


def regions_figure(
    regions: DecisionRegions,
    split: Split,
    class_names: Sequence[str] = CLASS_NAMES,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """The model's class at each grid point, shaded; train rows as dots, test rows as open
    diamonds, each in its true class's colour (a dot on another colour is a miss)."""
    traces = [
        _regions_trace(regions, class_names, lang),
        *_points_traces(regions, split, class_names, lang),
    ]
    fig = go.Figure(traces)
    x_name, y_name = regions.feature_names
    fig.update_xaxes(title_text=x_name, range=[regions.x[0], regions.x[-1]])
    fig.update_yaxes(title_text=y_name, range=[regions.y[0], regions.y[-1]])
    fig.update_layout(height=420, margin={"t": 20, "b": 40, "l": 50, "r": 10})
    return fig
