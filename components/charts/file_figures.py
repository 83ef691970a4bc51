"""Figures for "Where the bytes go": plotly from plain data. No streamlit, no tensorflow."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from components.core.file_report import Anatomy, OptimizerRow, PartKind
from components.core.i18n import DEFAULT_LANG, Note, text

# Parts of one kind share a hue; alternate shades keep neighbouring parts apart.
KIND_SHADES = {
    PartKind.WEIGHTS: ("#4c78a8",),
    PartKind.OPTIMIZER: ("#f58518", "#ffbf79"),
    PartKind.JSON: ("#54a24b", "#88d27a"),
    PartKind.HDF5: ("#bab0ac",),
    PartKind.ZIP: ("#79706e", "#9d9592", "#5b5655", "#c9c2bf"),
}


def anatomy_figure(anatomies: Sequence[Anatomy], lang: str = DEFAULT_LANG) -> go.Figure:
    """One horizontal bar per file, stacked from its parts, exact bytes on hover."""
    fig = go.Figure()
    shown: set[str] = set()
    for anatomy in anatomies:
        file = text(lang, f"file.format.{anatomy.file.value}")
        used = dict.fromkeys(KIND_SHADES, 0)
        for part in anatomy.parts:
            shades = KIND_SHADES[part.kind]
            color = shades[used[part.kind] % len(shades)]
            used[part.kind] += 1
            share = part.bytes / anatomy.total
            kind = text(lang, f"file.kind.{part.kind.value}")
            name, what = (
                text(lang, s) if isinstance(s, Note) else s for s in (part.name, part.what)
            )
            fig.add_trace(
                go.Bar(
                    y=[file],
                    x=[part.bytes],
                    orientation="h",
                    name=kind,
                    legendgroup=part.kind,
                    showlegend=part.kind not in shown,
                    marker={"color": color, "line": {"color": "white", "width": 1}},
                    text=[name if share > 0.08 else ""],
                    textposition="inside",
                    insidetextanchor="middle",
                    hovertemplate=f"{name}<br>{part.bytes:,} bytes ({share:.1%})"
                    f"<br>{what}<extra>{file}</extra>",
                )
            )
            shown.add(part.kind)
    fig.update_layout(
        barmode="stack",
        height=90 + 70 * len(anatomies),
        margin={"t": 10, "b": 40, "l": 10, "r": 10},
        xaxis={"title": text(lang, "chart.bytes"), "tickformat": ","},
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.35, "traceorder": "normal"},
        uniformtext={"minsize": 9, "mode": "hide"},
    )
    return fig


def optimizer_figure(
    rows: Sequence[OptimizerRow], current: str, lang: str = DEFAULT_LANG
) -> go.Figure:
    """Bytes per trainable parameter: the float32 weight plus each optimizer's slots."""
    labels = [
        text(lang, "chart.yours", label=row.label) if row.label == current else row.label
        for row in rows
    ]
    weight = [row.bytes_per_trainable - row.slot_bytes / row.trainable for row in rows]
    slots = [row.slot_bytes / row.trainable for row in rows]
    fig = go.Figure(
        [
            go.Bar(
                x=labels,
                y=weight,
                name=text(lang, "chart.the_weight"),
                marker_color=KIND_SHADES[PartKind.WEIGHTS][0],
                hovertemplate="%{y:.2f} bytes<extra>weight</extra>",
            ),
            go.Bar(
                x=labels,
                y=slots,
                name=text(lang, "chart.optimizer_slots"),
                marker_color=KIND_SHADES[PartKind.OPTIMIZER][0],
                text=[f"{row.bytes_per_trainable:.2f}" for row in rows],
                textposition="outside",
                hovertemplate="%{y:.2f} bytes<extra>optimizer slots</extra>",
            ),
        ]
    )
    fig.update_layout(
        barmode="stack",
        height=320,
        margin={"t": 20, "b": 40, "l": 50, "r": 10},
        yaxis={"title": text(lang, "chart.bytes_per_trainable"), "range": [0, 19]},
        legend={"orientation": "h", "y": 1.12, "traceorder": "normal"},
    )
    return fig
