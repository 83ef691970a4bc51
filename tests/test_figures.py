"""The first screen's figures, built as plain dicts without plotly's validation, are the
figures plotly's own validated builders make (``make_subplots``, ``go.Scatter``,
``update_layout``): plotly is the oracle, as Keras is for parameter counts."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from components import private_hooks
from components.charts import figures
from components.charts.figures import bytes_figure, training_figure
from components.core.fits import fit_line
from components.core.i18n import text
from components.core.results import Series, SizePoint
from components.core.seed_post import (
    SEED_POST_BYTES_PER_PARAM,
    SEED_POST_OVERHEAD_BYTES,
    SEED_POST_TABLE,
)

HISTORY = {
    "loss": [1.1, 0.8, 0.5],
    "accuracy": [0.3, 0.6, 0.9],
    "test_loss": [1.2, 0.9, 0.6],
    "test_accuracy": [0.33, 0.5, 0.93],
}


def reference_training_figure(history, epochs, height, lang):
    titles = (text(lang, "chart.loss"), text(lang, "chart.accuracy"))
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles)
    x = list(range(1, len(history["loss"]) + 1))
    for col, metric in ((1, "loss"), (2, "accuracy")):
        for prefix, part, color in (
            ("", "train", figures.TRAIN_COLOR),
            ("test_", "test", figures.TEST_COLOR),
        ):
            name = text(lang, f"chart.{part}")
            other = "accuracy" if metric == "loss" else "loss"
            trace = go.Scatter(
                x=x,
                y=list(history[prefix + metric]),
                customdata=list(history[prefix + other]),
                hovertemplate=figures.curve_hover(name, metric, lang),
                name=name,
                legendgroup=name,
                showlegend=col == 1,
                line={"color": color},
                mode="lines",
            )
            fig.add_trace(trace, row=1, col=col)
        fig.update_xaxes(
            title_text=text(lang, "chart.epoch"), range=[1, max(epochs, 2)], row=1, col=col
        )
    fig.update_yaxes(range=[0, 1.02], row=1, col=2)
    fig.update_layout(
        height=height,
        margin={"t": 40, "b": 40, "l": 50, "r": 10},
        legend={"x": 0.4},
        hovermode="x",
    )
    return fig


def reference_bytes_figure(points, fits, current, log_axes, height, lang):
    fig = go.Figure()
    all_params = [p.params for p in points] + [row.dense_params for row in SEED_POST_TABLE]
    line_x = np.geomspace(min(all_params), max(all_params), 60).tolist()
    for series, fit in fits.items():
        color = figures.SERIES_COLORS[list(Series).index(series)]
        mine = [p for p in points if p.series == series]
        name = text(lang, "chart.measured", series=text(lang, f"series.{series.value}"))
        fig.add_trace(
            go.Scatter(
                x=[p.params for p in mine],
                y=[p.bytes for p in mine],
                mode="markers",
                name=name,
                legendgroup=series.value,
                marker={"color": color, "size": 8},
                customdata=[["/".join(map(str, p.widths))] for p in mine],
                hovertemplate=text(lang, "chart.hover_measured"),
            )
        )
        fig.add_trace(
            go.Scatter(
                x=line_x,
                y=[fit.predict(x) for x in line_x],
                mode="lines",
                name=text(lang, "chart.fit", intercept=fit.intercept, slope=fit.slope),
                legendgroup=series.value,
                line={"color": color, "dash": "dot"},
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[row.dense_params for row in SEED_POST_TABLE],
            y=[row.bytes for row in SEED_POST_TABLE],
            mode="markers",
            name=text(lang, "chart.seed_files"),
            marker={"color": figures.SEED_POST_COLOR, "size": 11, "symbol": "diamond"},
            customdata=[["/".join(map(str, row.widths))] for row in SEED_POST_TABLE],
            hovertemplate=text(lang, "chart.hover_seed"),
        )
    )
    overhead, per_param = SEED_POST_OVERHEAD_BYTES, SEED_POST_BYTES_PER_PARAM
    fig.add_trace(
        go.Scatter(
            x=line_x,
            y=[overhead + per_param * x for x in line_x],
            mode="lines",
            name=text(lang, "chart.seed_law", overhead=overhead, per_param=per_param),
            line={"color": figures.SEED_POST_COLOR, "dash": "dash"},
            hoverinfo="skip",
        )
    )
    if current is not None:
        fig.add_trace(
            go.Scatter(
                x=[current.params],
                y=[current.bytes],
                mode="markers",
                name=text(lang, "chart.your_model"),
                marker={"color": "black", "size": 16, "symbol": "star"},
                hovertemplate=text(lang, "chart.hover_yours"),
            )
        )
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
            legend={
                "x": 0.01,
                "y": 0.99,
                "font": {"size": 10},
                "bgcolor": "rgba(255, 255, 255, 0.7)",
            },
        )
    axis = {"type": "log", "tickformat": "~s"} if log_axes else {"tickformat": ","}
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    return fig


def _points() -> list[SizePoint]:
    points = []
    for series, per_param in ((Series.KERAS_WITH_OPTIMIZER, 13.0), (Series.WEIGHTS_H5, 4.5)):
        for width in (8, 16, 64):
            params = 4 * width + width + width * 3 + 3
            points.append(
                SizePoint(series, (width,), params, params, int(30_000 + per_param * params))
            )
    return points


def _fits(points):
    fits = {}
    for series in {p.series for p in points}:
        mine = [p for p in points if p.series == series]
        fits[series] = fit_line([p.params for p in mine], [p.bytes for p in mine])
    return dict(sorted(fits.items(), key=lambda item: list(Series).index(item[0])))


def test_the_unvalidated_figure_hook_is_active_on_the_pinned_plotly():
    assert private_hooks.plotly_unvalidated_status().active


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("epochs", "height"), [(100, 330), (1, 300)])
def test_the_training_figure_is_plotlys_own(epochs, height, lang):
    ours = training_figure(HISTORY, epochs, height, lang)
    assert ours.to_dict() == reference_training_figure(HISTORY, epochs, height, lang).to_dict()
    assert go.Figure(ours.to_dict()).to_dict() == ours.to_dict()  # valid as plotly checks it


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("log_axes", [True, False])
@pytest.mark.parametrize("height", [None, 330])
@pytest.mark.parametrize("with_current", [True, False])
def test_the_bytes_figure_is_plotlys_own(lang, log_axes, height, with_current):
    points = _points()
    current = points[1] if with_current else None
    fits = _fits(points)
    ours = bytes_figure(points, fits, current, log_axes, height, lang)
    reference = reference_bytes_figure(points, fits, current, log_axes, height, lang)
    assert ours.to_dict() == reference.to_dict()
    assert go.Figure(ours.to_dict()).to_dict() == ours.to_dict()


@pytest.mark.parametrize(
    ("lang", "words"), [("en", ("epoch", "Accuracy")), ("ko", ("에포크", "정확도"))]
)
def test_hovering_a_training_curve_reads_out_epoch_loss_and_accuracy(lang, words):
    """Each curve's points carry the other metric of the same epoch, and its hover text
    names the epoch, the loss (4 decimals) and the accuracy (a percentage)."""
    traces = training_figure(HISTORY, 3, 300, lang).to_dict()["data"]
    for trace, (drawn, carried) in zip(
        traces,
        [
            ("loss", "accuracy"),
            ("test_loss", "test_accuracy"),
            ("accuracy", "loss"),
            ("test_accuracy", "test_loss"),
        ],
        strict=True,
    ):
        assert list(trace["y"]) == HISTORY[drawn] and list(trace["customdata"]) == HISTORY[carried]
        template = trace["hovertemplate"]
        assert all(word in template for word in words) and "%{x}" in template
        loss, accuracy = ("y", "customdata") if "loss" in drawn else ("customdata", "y")
        assert f"%{{{loss}:.4f}}" in template and f"%{{{accuracy}:.1%}}" in template
