"""Every parameter a cell: each Dense layer's kernel as an inputs x units heatmap with its
bias as the row under it, each BatchNorm's gamma, beta, moving mean and moving variance as
four rows. The cells drawn are counted, so the page can say ``4 x 32 + 32 = 160 cells``
and a test can hold that to Keras's ``count_params()``.

No streamlit, no tensorflow; plain dict figures (``private_hooks.unvalidated_figure``).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np

from components.charts.figures import _template
from components.charts.network_figures import RED_BLUE
from components.core.i18n import DEFAULT_LANG, text
from components.core.params import summarize
from components.core.snapshots import WeightSnapshot
from components.core.spec import ModelSpec
from components.private_hooks import unvalidated_figure

BATCHNORM_ROWS = ("gamma", "beta", "moving_mean", "moving_variance")
KERNEL_PX = (60, 420)  # a kernel's height: 8 px an input row, within these bounds
ROW_PX = 26  # a bias or BatchNorm row
MARGIN = {"t": 10, "b": 40, "l": 110, "r": 10}
COLOR_AXIS = {"colorscale": RED_BLUE, "cmid": 0, "colorbar": {"thickness": 10}}


@dataclass(frozen=True)
class LayerCells:
    """One layer's parameters as drawn: its figure, how many cells it has, and the
    sentence that counts them."""

    name: str
    kind: str
    cells: int
    caption: str
    figure: object


def typed_array(array: np.ndarray) -> dict:
    """The float32 numbers as plotly.js reads a typed array: exact, and 5.3 characters of
    JSON a cell rather than ~10 as decimals (a 512 x 512 kernel: 1.4 MB)."""
    values = np.ascontiguousarray(array, dtype="<f4")
    shape = ", ".join(str(n) for n in values.shape)
    return {"dtype": "f4", "bdata": base64.b64encode(values.tobytes()).decode(), "shape": shape}


def _heatmap(z: dict, x: list, y: list, axis: str, hover: str) -> dict:
    return {
        "type": "heatmap",
        "z": z,
        "x": x,
        "y": y,
        "coloraxis": "coloraxis",
        "hovertemplate": hover,
        "xaxis": "x",
        "yaxis": axis,
    }


def dense_cells(name: str, kernel: np.ndarray, bias: np.ndarray, lang: str) -> LayerCells:
    fan_in, units = kernel.shape
    units_axis = list(range(1, units + 1))
    kernel_px = int(np.clip(8 * fan_in, *KERNEL_PX))
    height = kernel_px + ROW_PX + MARGIN["t"] + MARGIN["b"] + 10
    split = (ROW_PX + 10) / (kernel_px + ROW_PX + 10)  # the bias row's share of the plot
    traces = [
        _heatmap(
            typed_array(kernel),
            units_axis,
            list(range(1, fan_in + 1)),
            "y",
            text(lang, "weights.hover_kernel"),
        ),
        _heatmap(
            typed_array(bias[None, :]),
            units_axis,
            [text(lang, "weights.bias")],
            "y2",
            text(lang, "weights.hover_bias"),
        ),
    ]
    layout = {
        "xaxis": {"anchor": "y2", "title": {"text": text(lang, "weights.units")}},
        "yaxis": {
            "domain": [split, 1.0],
            "autorange": "reversed",  # input 1 at the top, as the kernel's first row
            "title": {"text": text(lang, "weights.kernel")},
        },
        "yaxis2": {"domain": [0.0, split - 10 / height], "type": "category"},
    }
    cells = kernel.size + bias.size
    caption = text(lang, "weights.dense_cells", name=name, fan_in=fan_in, units=units, cells=cells)
    return LayerCells(name, "Dense", cells, caption, _figure(traces, layout, height))


def batchnorm_cells(name: str, arrays: dict[str, np.ndarray], lang: str) -> LayerCells:
    units = len(arrays["gamma"])
    z = typed_array(np.stack([arrays[row] for row in BATCHNORM_ROWS]))
    trace = _heatmap(
        z,
        list(range(1, units + 1)),
        list(BATCHNORM_ROWS),
        "y",
        text(lang, "weights.hover_batchnorm"),
    )
    layout = {
        "xaxis": {"title": {"text": text(lang, "weights.units")}},
        "yaxis": {"autorange": "reversed", "type": "category"},
    }
    height = ROW_PX * len(BATCHNORM_ROWS) + MARGIN["t"] + MARGIN["b"] + 20
    cells = sum(arrays[row].size for row in BATCHNORM_ROWS)
    caption = text(lang, "weights.batchnorm_cells", name=name, units=units, cells=cells)
    return LayerCells(name, "BatchNormalization", cells, caption, _figure([trace], layout, height))


def _figure(traces: list[dict], layout: dict, height: int):
    layout = {**layout, "coloraxis": COLOR_AXIS, "height": height, "margin": MARGIN}
    return unvalidated_figure({"data": traces, "layout": {**layout, "template": _template()}})


def layer_cells(
    spec: ModelSpec, snapshot: WeightSnapshot, lang: str = DEFAULT_LANG
) -> list[LayerCells]:
    """Every layer with parameters, in the model's order, drawn with ``snapshot``'s weights
    (Dropout keeps none and has no figure)."""
    drawn = []
    for row in summarize(spec).rows:
        if row.kind == "Dense":
            arrays = snapshot.arrays(row.name)
            drawn.append(dense_cells(row.name, arrays["kernel"], arrays["bias"], lang))
        elif row.kind == "BatchNormalization":
            drawn.append(batchnorm_cells(row.name, snapshot.arrays(row.name), lang))
    return drawn
