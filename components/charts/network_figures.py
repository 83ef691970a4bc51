"""The network drawn with its weights: every layer a column of neurons, every Dense weight
an edge (blue positive, red negative, shaded by size), each neuron's bias as its colour;
BatchNorm and Dropout as bands between the columns with their parameter counts.

No streamlit, no tensorflow. A plain dict figure (``private_hooks.unvalidated_figure``):
edges are a few traces, one per sign and shade, their segments separated by ``None``, and
one trace of invisible markers along them carries every edge's hover read-out, so a 6 x 512
builds and draws fast. Wide layers show their first ``SHOWN_NEURONS`` neurons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from components.charts.figures import _template
from components.core.i18n import DEFAULT_LANG, text
from components.core.params import LayerRow, summarize
from components.core.snapshots import WeightSnapshot
from components.core.spec import ModelSpec
from components.private_hooks import unvalidated_figure

SHOWN_NEURONS = 16  # per column; the rest are counted (``+ 496 more``)
POSITIVE, NEGATIVE = "#2166ac", "#b2182b"  # blue and red of RdBu, as the bias colours
# plotly's RdBu: red low, blue high (the page draws these charts without Streamlit's
# theme, which would recolour any scale).
RED_BLUE = [
    [0.0, "rgb(103,0,31)"],
    [0.1, "rgb(178,24,43)"],
    [0.2, "rgb(214,96,77)"],
    [0.3, "rgb(244,165,130)"],
    [0.4, "rgb(253,219,199)"],
    [0.5, "rgb(247,247,247)"],
    [0.6, "rgb(209,229,240)"],
    [0.7, "rgb(146,197,222)"],
    [0.8, "rgb(67,147,195)"],
    [0.9, "rgb(33,102,172)"],
    [1.0, "rgb(5,48,97)"],
]
# |weight| over the largest |weight| of its layer, up to each bound: (bound, opacity, width).
SHADES = ((0.25, 0.12, 0.6), (0.5, 0.3, 1.1), (0.75, 0.55, 1.8), (1.0, 0.85, 2.6))
INPUT_COLOR = "#bbbbbb"
BAND_OFFSET, BAND_STEP, BAND_HALF_WIDTH = 0.2, 0.17, 0.05  # BatchNorm/Dropout, past a column
ROW_PX, COLUMN_PX = 28, 150  # pixels per neuron row and between columns
MARGIN = {"t": 60, "b": 40, "l": 170, "r": 110}  # room for feature and class names


@dataclass(frozen=True)
class Column:
    """Neurons of one column: the inputs, or one Dense layer's units."""

    header: str
    width: int  # all the neurons, shown or not
    number: int  # the Dense layer's place from 1 (0: the inputs)
    biases: np.ndarray | None  # the shown neurons' biases (None: the inputs)
    labels: tuple[str, ...]  # the shown neurons' names, or empty strings


def shown(width: int) -> int:
    return min(width, SHOWN_NEURONS)


def neuron_y(index: int, count: int) -> float:
    """Neurons centred on 0, the first at the top."""
    return (count - 1) / 2 - index


def columns(spec: ModelSpec, snapshot: WeightSnapshot) -> list[Column]:
    data = spec.data
    names = tuple(data.feature_names[: shown(data.n_features)])
    result = [Column("", data.n_features, 0, None, names)]  # its header is in the catalogs
    dense = [row for row in summarize(spec).rows if row.kind == "Dense"]
    for number, row in enumerate(dense, start=1):
        bias = snapshot.arrays(row.name)["bias"][: shown(row.units)]
        is_output = number == len(dense)
        labels = data.class_names[: shown(row.units)] if is_output else ("",) * len(bias)
        header = f"{row.name} ({row.units}, {row.activation or 'linear'})"
        result.append(Column(header, row.units, number, bias, tuple(labels)))
    return result


def shade_of(magnitude: np.ndarray) -> np.ndarray:
    """Each edge's shade index from its |weight| relative to its layer's largest."""
    bounds = np.array([bound for bound, _, _ in SHADES[:-1]])
    return np.searchsorted(bounds, magnitude, side="left")


def _edges(spec: ModelSpec, snapshot: WeightSnapshot, cols: list[Column], lang: str):
    """The edge traces (one per sign and shade) and the hover markers' trace."""
    segments: dict[tuple[bool, int], tuple[list, list]] = {}
    hover_x, hover_y, hover_data = [], [], []
    dense = [row for row in summarize(spec).rows if row.kind == "Dense"]
    for number, row in enumerate(dense, start=1):
        kernel = snapshot.arrays(row.name)["kernel"]
        largest = float(np.abs(kernel).max()) or 1.0
        n_in, n_out = shown(kernel.shape[0]), shown(kernel.shape[1])
        part = kernel[:n_in, :n_out]
        shades = shade_of(np.abs(part) / largest)
        x0, x1 = number - 1, number
        for i in range(n_in):
            y0 = neuron_y(i, n_in)
            for j in range(n_out):
                y1 = neuron_y(j, n_out)
                value = float(part[i, j])
                xs, ys = segments.setdefault((value >= 0, int(shades[i, j])), ([], []))
                xs += [x0, x1, None]
                ys += [y0, y1, None]
                # Each target unit's markers at its own distance along the edges, so no two
                # edges share a hover point.
                along = 0.3 + 0.45 * (j + 0.5) / n_out
                hover_x.append(x0 + along)
                hover_y.append(y0 + along * (y1 - y0))
                hover_data.append([number, i + 1, j + 1, value])
    traces = []
    for (positive, shade), (xs, ys) in sorted(segments.items()):
        _, opacity, width = SHADES[shade]
        sign = "positive" if positive else "negative"
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": xs,
                "y": ys,
                "line": {"color": POSITIVE if positive else NEGATIVE, "width": width},
                "opacity": opacity,
                "hoverinfo": "skip",
                "name": text(lang, f"network.{sign}"),
                "legendgroup": sign,
                "showlegend": False,
            }
        )
    for sign, color in (("positive", POSITIVE), ("negative", NEGATIVE)):  # one legend entry each
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": [None],
                "y": [None],
                "line": {"color": color, "width": 2},
                "name": text(lang, f"network.{sign}"),
                "legendgroup": sign,
                "showlegend": True,
            }
        )
    traces.append(
        {
            "type": "scatter",
            "mode": "markers",
            "x": hover_x,
            "y": hover_y,
            "customdata": hover_data,
            "marker": {"size": 7, "color": "rgba(0, 0, 0, 0)"},
            "hovertemplate": text(lang, "network.hover_edge"),
            "name": text(lang, "network.weights"),
            "showlegend": False,
        }
    )
    return traces


def _neurons(cols: list[Column], lang: str) -> list[dict]:
    inputs = cols[0]
    n = shown(inputs.width)
    input_trace = {
        "type": "scatter",
        "mode": "markers+text",
        "x": [0] * n,
        "y": [neuron_y(i, n) for i in range(n)],
        "text": list(inputs.labels),
        "textposition": "middle left",
        "cliponaxis": False,
        "customdata": [[i + 1, name] for i, name in enumerate(inputs.labels)],
        "hovertemplate": text(lang, "network.hover_input"),
        "marker": {"size": 14, "color": INPUT_COLOR, "line": {"width": 1, "color": "#555"}},
        "name": text(lang, "network.inputs"),
        "showlegend": False,
    }
    xs, ys, biases, labels, data = [], [], [], [], []
    for col in cols[1:]:
        assert col.biases is not None  # every column but the inputs' has its biases
        n = len(col.biases)
        for j in range(n):
            xs.append(col.number)
            ys.append(neuron_y(j, n))
            biases.append(float(col.biases[j]))
            labels.append(col.labels[j])
            data.append([col.number, j + 1, float(col.biases[j])])
    reach = max((abs(b) for b in biases), default=1.0) or 1.0
    unit_trace = {
        "type": "scatter",
        "mode": "markers+text",
        "x": xs,
        "y": ys,
        "text": labels,
        "textposition": "middle right",
        "cliponaxis": False,
        "customdata": data,
        "hovertemplate": text(lang, "network.hover_unit"),
        "marker": {
            "size": 14,
            "color": biases,
            "colorscale": RED_BLUE,
            "cmin": -reach,
            "cmax": reach,
            "line": {"width": 1, "color": "#555"},
            "colorbar": {  # across the top right, clear of the class names
                "title": {"text": text(lang, "network.bias"), "side": "top"},
                "orientation": "h",
                "x": 1.0,
                "xanchor": "right",
                "y": 1.0,
                "yanchor": "bottom",
                "len": 0.35,
                "thickness": 10,
            },
        },
        "name": text(lang, "network.units"),
        "showlegend": False,
    }
    return [input_trace, unit_trace]


def _bands(spec: ModelSpec, lang: str) -> tuple[list[dict], list[dict], list[dict]]:
    """BatchNorm and Dropout after each Dense, as shaded bands with their counts: shapes,
    their labels, and a hover marker each with the formula."""
    shapes, notes, hovers = [], [], []
    number, place = 0, 0
    half = max(shown(row.units) for row in summarize(spec).rows) / 2 + 0.4
    for row in summarize(spec).rows:
        if row.kind == "Dense":
            number, place = number + 1, 0
            continue
        x = number + BAND_OFFSET + BAND_STEP * place
        place += 1
        batchnorm = row.kind == "BatchNormalization"
        color = "rgba(114, 183, 178, 0.35)" if batchnorm else "rgba(186, 176, 172, 0.35)"
        shapes.append(
            {
                "type": "rect",
                "x0": x - BAND_HALF_WIDTH,
                "x1": x + BAND_HALF_WIDTH,
                "y0": -half,
                "y1": half,
                "fillcolor": color,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        label = (
            text(lang, "network.batchnorm", params=row.total)
            if batchnorm
            else text(lang, "network.dropout", rate=spec.dropout, params=row.total)
        )
        notes.append(
            {
                "text": label,
                "x": x,
                "y": 0,
                "textangle": -90,
                "showarrow": False,
                "font": {"size": 11},
                "bgcolor": "rgba(255, 255, 255, 0.8)",
            }
        )
        hovers.append(_band_hover(row, x, lang))
    return shapes, notes, hovers


def _band_hover(row: LayerRow, x: float, lang: str) -> dict:
    return {
        "type": "scatter",
        "mode": "markers",
        "x": [x],
        "y": [0],
        "customdata": [[row.name, row.formula]],
        "marker": {"size": 24, "color": "rgba(0, 0, 0, 0)"},
        "hovertemplate": "%{customdata[0]}: %{customdata[1]}<extra></extra>",
        "name": row.name,
        "showlegend": False,
    }


def _column_notes(cols: list[Column], top: float, bottom: float, lang: str) -> list[dict]:
    notes = []
    for x, col in enumerate(cols):
        header = text(lang, "network.inputs_header", count=col.width) if x == 0 else col.header
        notes.append(
            {"text": f"<b>{header}</b>", "x": x, "y": top, "showarrow": False, "yanchor": "bottom"}
        )
        hidden = col.width - shown(col.width)
        if hidden > 0:
            notes.append(
                {
                    "text": text(lang, "network.more", count=hidden),
                    "x": x,
                    "y": bottom,
                    "showarrow": False,
                    "yanchor": "top",
                    "font": {"color": "#555"},
                }
            )
    return notes


def network_figure(spec: ModelSpec, snapshot: WeightSnapshot, lang: str = DEFAULT_LANG):
    """``spec``'s network drawn with ``snapshot``'s weights (a plain dict figure)."""
    cols = columns(spec, snapshot)
    tallest = max(shown(col.width) for col in cols)
    top, bottom = (tallest - 1) / 2 + 0.7, -(tallest - 1) / 2 - 0.7
    shapes, band_notes, band_hovers = _bands(spec, lang)
    traces = [*_edges(spec, snapshot, cols, lang), *band_hovers, *_neurons(cols, lang)]
    hidden_axis = {"visible": False, "fixedrange": True}
    layout = {
        "xaxis": {**hidden_axis, "range": [-0.15, len(cols) - 1 + 0.15]},
        "yaxis": {**hidden_axis, "range": [bottom - 0.6, top + 0.8]},
        "shapes": shapes,
        "annotations": [*_column_notes(cols, top, bottom, lang), *band_notes],
        "height": MARGIN["t"] + MARGIN["b"] + ROW_PX * (tallest + 3),
        "margin": MARGIN,
        "hovermode": "closest",
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "xanchor": "left"},
        "plot_bgcolor": "white",
    }
    return unvalidated_figure({"data": traces, "layout": {**layout, "template": _template()}})


def min_width_px(spec: ModelSpec) -> int:
    """The width under which the drawing would crowd: the page scrolls sideways instead."""
    return COLUMN_PX * (len(spec.widths) + 1) + MARGIN["l"] + MARGIN["r"]
