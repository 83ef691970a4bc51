"""Plotly figures from plain data. No streamlit, no tensorflow."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from components.core.fits import LineFit
from components.core.i18n import DEFAULT_LANG, text
from components.core.results import Series, SizePoint
from components.core.seed_post import (
    SEED_POST_BYTES_PER_PARAM,
    SEED_POST_OVERHEAD_BYTES,
    SEED_POST_TABLE,
)
from components.private_hooks import unvalidated_figure

TRAIN_COLOR, TEST_COLOR = "#4c78a8", "#f58518"
# By Series, in its order: the sweep's four, then TFLite float32, float16, int8 and gzip.
SERIES_COLORS = (
    *("#4c78a8", "#72b7b2", "#54a24b", "#b279a2"),
    *("#f58518", "#eeca3b", "#9d755d", "#ff9da6"),
)
SEED_POST_COLOR = "#e45756"
LEGEND_BACKGROUND = "rgba(255, 255, 255, 0.7)"  # a legend over the plot leaves points visible


def training_figure(
    history: Mapping[str, Sequence[float]],
    epochs: int,
    height: int = 300,
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """Loss and accuracy per epoch, train and held-out test; the x axis spans all epochs.

    Two subplots side by side, laid out as ``make_subplots(rows=1, cols=2)`` lays them out
    (tests/test_figures.py holds them equal). Hovering a point reads out its epoch, loss
    and accuracy."""
    x = list(range(1, len(history["loss"]) + 1))
    traces = []
    for axis, metric in (("", "loss"), ("2", "accuracy")):
        for prefix, part, color in (("", "train", TRAIN_COLOR), ("test_", "test", TEST_COLOR)):
            name = text(lang, f"chart.{part}")
            other = "accuracy" if metric == "loss" else "loss"
            traces.append(
                {
                    "type": "scatter",
                    "x": x,
                    "y": list(history[prefix + metric]),
                    "customdata": list(history[prefix + other]),
                    "hovertemplate": curve_hover(name, metric, lang),
                    "name": name,
                    "legendgroup": name,
                    "showlegend": axis == "",
                    "line": {"color": color},
                    "mode": "lines",
                    "xaxis": f"x{axis}",
                    "yaxis": f"y{axis}",
                }
            )
    epoch_axis = {"title": {"text": text(lang, "chart.epoch")}, "range": [1, max(epochs, 2)]}
    layout = {
        "xaxis": {"anchor": "y", "domain": [0.0, 0.45], **epoch_axis},
        "yaxis": {"anchor": "x", "domain": [0.0, 1.0]},
        "xaxis2": {"anchor": "y2", "domain": [0.55, 1.0], **epoch_axis},
        "yaxis2": {"anchor": "x2", "domain": [0.0, 1.0], "range": [0, 1.02]},
        "annotations": [
            _subplot_title(text(lang, "chart.loss"), 0.225),
            _subplot_title(text(lang, "chart.accuracy"), 0.775),
        ],
        "height": height,
        "margin": {"t": 40, "b": 40, "l": 50, "r": 10},
        "legend": {"x": 0.4},
        "hovermode": "x",  # anywhere above an epoch reads out both curves there
    }
    return unvalidated_figure({"data": traces, "layout": {**layout, "template": _template()}})


@functools.cache
def _template() -> dict:
    """plotly's default template, as ``go.Figure`` puts it in every figure: one shared dict,
    never changed (Streamlit's theme is laid over it in the browser)."""
    return pio.templates[pio.templates.default].to_plotly_json()


def curve_hover(name: str, metric: str, lang: str = DEFAULT_LANG) -> str:
    """A training curve's hover read-out: epoch, loss and accuracy, whichever ``metric``
    the curve draws (``y``); the other comes as the point's ``customdata``."""
    loss, accuracy = ("y", "customdata") if metric == "loss" else ("customdata", "y")
    return (
        f"<b>{name}</b> · {text(lang, 'chart.epoch')} %{{x}}<br>"
        f"{text(lang, 'chart.loss')} %{{{loss}:.4f}}<br>"
        f"{text(lang, 'chart.accuracy')} %{{{accuracy}:.1%}}<extra></extra>"
    )


def _subplot_title(title: str, x: float) -> dict:
    return {
        "text": title,
        "x": x,
        "y": 1.0,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "center",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 16},
    }


def bytes_figure(
    points: Sequence[SizePoint],
    fits: Mapping[Series, LineFit],
    current: SizePoint | None,
    log_axes: bool = True,
    height: int | None = None,
    lang: str = DEFAULT_LANG,
    current_gzip: SizePoint | None = None,
) -> go.Figure:
    """Measured files per series, fitted lines, the current model, the seed post's numbers
    (and, with ``current_gzip``, the trained model's file gzipped).

    ``fits`` names the series drawn. With a ``height`` (the first screen's small chart) the
    legend sits inside the plot's empty top-left corner: files grow up and to the right.
    """
    all_params = [p.params for p in points] + [row.dense_params for row in SEED_POST_TABLE]
    # Sampled densely so the straight fits stay smooth curves on log axes.
    line_x = np.geomspace(min(all_params), max(all_params), 60).tolist()
    traces = []
    for series, fit in fits.items():
        color = SERIES_COLORS[list(Series).index(series)]  # the same color on every chart
        mine = [p for p in points if p.series == series]
        traces.append(_measured_trace(series, mine, color, lang))
        traces.append(_fit_trace(series, fit, line_x, color, lang))
    traces.append(_seed_post_files_trace(lang))
    traces.append(_seed_post_law_trace(line_x, lang))
    if current is not None:
        traces.append(_current_trace(current, lang))
    if current_gzip is not None:
        gzip_color = SERIES_COLORS[list(Series).index(Series.KERAS_GZIP)]
        traces.append(_current_trace(current_gzip, lang, "chart.your_model_gzip", gzip_color))
    # Log axes label 2x and 5x steps too: SI prefixes (30k, 1M) keep them apart.
    axis = {"type": "log", "tickformat": "~s"} if log_axes else {"tickformat": ","}
    params_axis = "chart.params_axis" if height else "chart.params_axis_seed"
    if height:  # the legend in the plot's top-left corner, over the empty space
        legend = {
            "orientation": "h",
            "x": 0.01,
            "y": 0.99,
            "font": {"size": 10},
            "bgcolor": LEGEND_BACKGROUND,
        }
    else:
        legend = {"orientation": "h", "y": -0.18}
    layout = {
        "height": height or 460,
        "xaxis": {"title": {"text": text(lang, params_axis)}, **axis},
        "yaxis": {"title": {"text": text(lang, "chart.file_size")}, **axis},
        "margin": {"t": 10 if height else 20, "b": 40, "l": 60, "r": 10},
        "legend": legend,
    }
    return unvalidated_figure({"data": traces, "layout": {**layout, "template": _template()}})


def _measured_trace(series: Series, mine: Sequence[SizePoint], color: str, lang: str) -> dict:
    return dict(
        type="scatter",
        x=[p.params for p in mine],
        y=[p.bytes for p in mine],
        mode="markers",
        name=text(lang, "chart.measured", series=text(lang, f"series.{series.value}")),
        legendgroup=series.value,
        marker={"color": color, "size": 8},
        customdata=[["/".join(map(str, p.widths))] for p in mine],
        hovertemplate=text(lang, "chart.hover_measured"),
    )


def _fit_trace(series: Series, fit: LineFit, line_x: list[float], color: str, lang: str) -> dict:
    return dict(
        type="scatter",
        x=line_x,
        y=[fit.predict(x) for x in line_x],
        mode="lines",
        name=text(lang, "chart.fit", intercept=fit.intercept, slope=fit.slope),
        legendgroup=series.value,
        line={"color": color, "dash": "dot"},
        hoverinfo="skip",
    )


def _seed_post_files_trace(lang: str) -> dict:
    return dict(
        type="scatter",
        x=[row.dense_params for row in SEED_POST_TABLE],
        y=[row.bytes for row in SEED_POST_TABLE],
        mode="markers",
        name=text(lang, "chart.seed_files"),
        marker={"color": SEED_POST_COLOR, "size": 11, "symbol": "diamond"},
        customdata=[["/".join(map(str, row.widths))] for row in SEED_POST_TABLE],
        hovertemplate=text(lang, "chart.hover_seed"),
    )


def _seed_post_law_trace(line_x: list[float], lang: str) -> dict:
    overhead, per_param = SEED_POST_OVERHEAD_BYTES, SEED_POST_BYTES_PER_PARAM
    return dict(
        type="scatter",
        x=line_x,
        y=[overhead + per_param * x for x in line_x],
        mode="lines",
        # The post counted Dense parameters only: its line is in those, like its diamonds.
        name=text(lang, "chart.seed_law", overhead=overhead, per_param=per_param),
        line={"color": SEED_POST_COLOR, "dash": "dash"},
        hoverinfo="skip",
    )


def _current_trace(
    current: SizePoint, lang: str, name: str = "chart.your_model", color: str = "black"
) -> dict:
    return dict(
        type="scatter",
        x=[current.params],
        y=[current.bytes],
        mode="markers",
        name=text(lang, name),
        marker={"color": color, "size": 16, "symbol": "star"},
        hovertemplate=text(lang, "chart.hover_yours"),
    )
