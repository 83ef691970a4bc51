"""Pinned runs side by side: their held-out test accuracy per epoch, one line a run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from components.core.i18n import DEFAULT_LANG, text

# The current run in black, the pins in the training chart's palette.
CURRENT_COLOR = "#222222"
PIN_COLORS = ("#4c78a8", "#f58518", "#54a24b", "#b279a2")


def compare_figure(
    curves: Sequence[tuple[str, Mapping[str, Sequence[float]]]],
    metric: str = "test_accuracy",
    lang: str = DEFAULT_LANG,
) -> go.Figure:
    """One line per ``(label, history)``: the first is the current run, the rest the pins."""
    fig = go.Figure()
    for number, (label, history) in enumerate(curves):
        color = CURRENT_COLOR if number == 0 else PIN_COLORS[(number - 1) % len(PIN_COLORS)]
        values = list(history[metric])
        fig.add_trace(
            go.Scatter(
                x=list(range(1, len(values) + 1)),
                y=values,
                name=label,
                mode="lines",
                line={"color": color, "dash": "dot" if number == 0 else "solid"},
            )
        )
    title = text(lang, f"chart.{metric}")
    fig.update_xaxes(title_text=text(lang, "chart.epoch"))
    fig.update_yaxes(title_text=title, range=[0, 1.02] if "accuracy" in metric else None)
    fig.update_layout(height=320, margin={"t": 30, "b": 40, "l": 60, "r": 10}, title=title)
    return fig
