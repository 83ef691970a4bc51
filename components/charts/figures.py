"""Plotly figures from plain data. No streamlit, no tensorflow."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.core.fits import LineFit
from components.core.i18n import DEFAULT_LANG, text
from components.core.results import Series, SizePoint
from components.core.seed_post import (
    SEED_POST_BYTES_PER_PARAM,
    SEED_POST_OVERHEAD_BYTES,
    SEED_POST_TABLE,
)

TRAIN_COLOR, TEST_COLOR = "#4c78a8", "#f58518"
SERIES_COLORS = ("#4c78a8", "#72b7b2", "#54a24b", "#b279a2")
SEED_POST_COLOR = "#e45756"
LEGEND_BACKGROUND = "rgba(255, 255, 255, 0.7)"  # a legend over the plot leaves points visible


def training_figure(
    history: Mapping[str, Sequence[float]],
    epochs: int,
    height: int = 300,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """Loss and accuracy per epoch, train and held-out test; the x axis spans all epochs."""
    titles = (text(lang, "chart.loss"), text(lang, "chart.accuracy"))
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles)
    x = list(range(1, len(history["loss"]) + 1))
    for col, metric in ((1, "loss"), (2, "accuracy")):
        for prefix, part, color in (("", "train", TRAIN_COLOR), ("test_", "test", TEST_COLOR)):
            name = text(lang, f"chart.{part}")
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=list(history[prefix + metric]),
                    name=name,
                    legendgroup=name,
                    showlegend=col == 1,
                    line={"color": color},
                    mode="lines",
                ),
                row=1,
                col=col,
            )
        fig.update_xaxes(
            title_text=text(lang, "chart.epoch"), range=[1, max(epochs, 2)], row=1, col=col
        )
    fig.update_yaxes(range=[0, 1.02], row=1, col=2)
    fig.update_layout(height=height, margin={"t": 40, "b": 40, "l": 50, "r": 10}, legend={"x": 0.4})
    return fig


def bytes_figure(
    points: Sequence[SizePoint],
    fits: Mapping[Series, LineFit],
    current: SizePoint | None,
    log_axes: bool = True,
    height: int | None = None,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """Measured files per series, fitted lines, the current model, the seed post's numbers.

    ``fits`` names the series drawn. With a ``height`` (the first screen's small chart) the
    legend sits inside the plot's empty top-left corner: files grow up and to the right.
    """
    fig = go.Figure()
    all_params = [p.params for p in points] + [row.dense_params for row in SEED_POST_TABLE]
    # Sampled densely so the straight fits stay smooth curves on log axes.
    line_x = np.geomspace(min(all_params), max(all_params), 60).tolist()
    for series, fit in fits.items():
        color = SERIES_COLORS[list(Series).index(series)]  # the same color on every chart
        mine = [p for p in points if p.series == series]
        fig.add_trace(_measured_trace(series, mine, color, lang))
        fig.add_trace(_fit_trace(series, fit, line_x, color, lang))
    fig.add_trace(_seed_post_files_trace(lang))
    fig.add_trace(_seed_post_law_trace(line_x, lang))
    if current is not None:
        fig.add_trace(_current_trace(current, lang))
    fig.update_layout(
        height=height or 460,
        xaxis_title=text(lang, "chart.params_axis_seed"),
        yaxis_title=text(lang, "chart.file_size"),
        margin={"t": 20, "b": 40, "l": 60, "r": 10},
        legend={"orientation": "h", "y": -0.18},
    )
    if height:
        fig.update_layout(
            xaxis_title=text(lang, "chart.params_axis"),
            margin={"t": 10, "b": 40, "l": 60, "r": 10},
            legend={"x": 0.01, "y": 0.99, "font": {"size": 10}, "bgcolor": LEGEND_BACKGROUND},
        )
    # Log axes label 2x and 5x steps too: SI prefixes (30k, 1M) keep them apart.
    axis = {"type": "log", "tickformat": "~s"} if log_axes else {"tickformat": ","}
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    return fig


def _measured_trace(series: Series, mine: Sequence[SizePoint], color: str, lang: str) -> go.Scatter:
    return go.Scatter(
        x=[p.params for p in mine],
        y=[p.bytes for p in mine],
        mode="markers",
        name=text(lang, "chart.measured", series=text(lang, f"series.{series.value}")),
        legendgroup=series,
        marker={"color": color, "size": 8},
        customdata=[["/".join(map(str, p.widths))] for p in mine],
        hovertemplate=text(lang, "chart.hover_measured"),
    )


def _fit_trace(
    series: Series, fit: LineFit, line_x: list[float], color: str, lang: str
) -> go.Scatter:
    return go.Scatter(
        x=line_x,
        y=[fit.predict(x) for x in line_x],
        mode="lines",
        name=text(lang, "chart.fit", intercept=fit.intercept, slope=fit.slope),
        legendgroup=series,
        line={"color": color, "dash": "dot"},
        hoverinfo="skip",
    )


def _seed_post_files_trace(lang: str) -> go.Scatter:
    return go.Scatter(
        x=[row.dense_params for row in SEED_POST_TABLE],
        y=[row.bytes for row in SEED_POST_TABLE],
        mode="markers",
        name=text(lang, "chart.seed_files"),
        marker={"color": SEED_POST_COLOR, "size": 11, "symbol": "diamond"},
        customdata=[["/".join(map(str, row.widths))] for row in SEED_POST_TABLE],
        hovertemplate=text(lang, "chart.hover_seed"),
    )


def _seed_post_law_trace(line_x: list[float], lang: str) -> go.Scatter:
    overhead, per_param = SEED_POST_OVERHEAD_BYTES, SEED_POST_BYTES_PER_PARAM
    return go.Scatter(
        x=line_x,
        y=[overhead + per_param * x for x in line_x],
        mode="lines",
        # The post counted Dense parameters only: its line is in those, like its diamonds.
        name=text(lang, "chart.seed_law", overhead=overhead, per_param=per_param),
        line={"color": SEED_POST_COLOR, "dash": "dash"},
        hoverinfo="skip",
    )


def _current_trace(current: SizePoint, lang: str) -> go.Scatter:
    return go.Scatter(
        x=[current.params],
        y=[current.bytes],
        mode="markers",
        name=text(lang, "chart.your_model"),
        marker={"color": "black", "size": 16, "symbol": "star"},
        hovertemplate=text(lang, "chart.hover_yours"),
    )
