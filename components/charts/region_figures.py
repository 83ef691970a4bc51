"""The decision-regions figure: the predicted class over two features, iris's rows on top.

No streamlit, no tensorflow.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from components.core.class_errors import CLASS_NAMES
from components.core.data import Split
from components.core.results import DecisionRegions

CLASS_COLORS = ("#4c78a8", "#f58518", "#54a24b")  # setosa, versicolor, virginica
REGION_OPACITY = 0.35  # the regions stay behind the points
POINT_SYMBOLS = {"train": "circle", "test": "diamond-open"}  # test rows marked apart


def _class_colorscale() -> list[list]:
    """A step colour scale: each class a flat band, no blending between classes."""
    steps = []
    for c, color in enumerate(CLASS_COLORS):
        steps += [[c / len(CLASS_COLORS), color], [(c + 1) / len(CLASS_COLORS), color]]
    return steps


def _regions_trace(regions: DecisionRegions) -> go.Heatmap:
    names = [[CLASS_NAMES[c] for c in row] for row in regions.classes]
    return go.Heatmap(
        x=regions.x,
        y=regions.y,
        z=regions.classes,
        text=names,
        zmin=-0.5,
        zmax=len(CLASS_NAMES) - 0.5,
        colorscale=_class_colorscale(),
        opacity=REGION_OPACITY,
        showscale=False,
        hovertemplate="%{x:.2f}, %{y:.2f}: predicted %{text}<extra></extra>",
    )


def _points_traces(regions: DecisionRegions, split: Split) -> list[go.Scatter]:
    x_column, y_column = regions.feature_indices
    traces = []
    parts = (("train", split.x_train, split.y_train), ("test", split.x_test, split.y_test))
    for part, x, y in parts:
        for c, name in enumerate(CLASS_NAMES):
            rows = x[np.asarray(y) == c]
            traces.append(
                go.Scatter(
                    x=rows[:, x_column].tolist(),
                    y=rows[:, y_column].tolist(),
                    mode="markers",
                    name=f"{name} ({part})",
                    marker={
                        "color": CLASS_COLORS[c],
                        "symbol": POINT_SYMBOLS[part],
                        "size": 7 if part == "train" else 10,
                        "line": {"width": 1 if part == "train" else 2, "color": "#333"},
                    },
                )
            )
    return traces


def regions_figure(regions: DecisionRegions, split: Split) -> go.Figure:
    """The model's class at each grid point, shaded; train rows as dots, test rows as open
    diamonds, each in its true class's colour (a dot on another colour is a miss)."""
    fig = go.Figure([_regions_trace(regions), *_points_traces(regions, split)])
    x_name, y_name = regions.feature_names
    fig.update_xaxes(title_text=x_name, range=[regions.x[0], regions.x[-1]])
    fig.update_yaxes(title_text=y_name, range=[regions.y[0], regions.y[-1]])
    fig.update_layout(height=420, margin={"t": 20, "b": 40, "l": 50, "r": 10})
    return fig
