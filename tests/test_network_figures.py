"""The network drawn: every edge drawn and read out is the snapshot's own kernel entry (its
sign the edge's colour, its size the shade), every neuron's colour its bias, BatchNorm and
Dropout with their counts, wide layers counted (``+ 496 more``), in both languages; plotly's
own validation accepts the figure. Made-up snapshots here; tests/test_weight_cells_keras.py
draws a trained Keras model's."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from components.charts import network_figures as nf
from components.charts.network_figures import SHADES, SHOWN_NEURONS, network_figure
from components.core.i18n import text
from components.core.params import summarize
from components.core.spec import ModelSpec
from tests.fake_engine import made_up_snapshots

SPEC = ModelSpec(widths=(20, 5), epochs=10, dataset="wine", dropout=0.25)
WIDE = ModelSpec(widths=(512, 20, 16), epochs=10, dataset="digits", batchnorm=False)


def hover_points(figure: dict) -> list[list]:
    trace = next(t for t in figure["data"] if t.get("hovertemplate", "").startswith("layer"))
    return trace["customdata"]


def dense_kernels(spec, snapshot) -> list[np.ndarray]:
    rows = [row for row in summarize(spec).rows if row.kind == "Dense"]
    return [snapshot.layer(row.name).arrays for row in rows]


def shown_count(n: int) -> int:
    return min(n, SHOWN_NEURONS)


def index_of(y: float, count: int) -> int:
    """The neuron a y position draws, the first at the top (the inverse of neuron_y)."""
    index = (count - 1) / 2 - y
    assert index == int(index)
    return int(index)


@pytest.mark.parametrize("spec", [SPEC, WIDE], ids=["wine", "digits-wide"])
def test_every_edge_read_out_is_its_kernel_entry(spec):
    snapshot = made_up_snapshots(spec)[-1]
    figure = network_figure(spec, snapshot).to_dict()
    layers = dense_kernels(spec, snapshot)
    expected = {
        (number, i + 1, j + 1): float(arrays["kernel"][i, j])
        for number, arrays in enumerate(layers, start=1)
        for i in range(shown_count(arrays["kernel"].shape[0]))
        for j in range(shown_count(arrays["kernel"].shape[1]))
    }
    drawn = {(layer, i, j): value for layer, i, j, value in hover_points(figure)}
    assert drawn == expected  # every shown edge, once, with its exact value


@pytest.mark.parametrize("spec", [SPEC, WIDE], ids=["wine", "digits-wide"])
def test_every_edges_colour_is_its_sign_and_its_shade_its_size(spec):
    snapshot = made_up_snapshots(spec)[-1]
    figure = network_figure(spec, snapshot).to_dict()
    kernels = [arrays["kernel"] for arrays in dense_kernels(spec, snapshot)]
    segments = 0
    for trace in figure["data"]:
        if trace.get("mode") != "lines" or trace["x"] == [None]:
            continue
        xs, ys = trace["x"], trace["y"]
        for k in range(0, len(xs), 3):
            kernel = kernels[xs[k + 1] - 1]
            n_in, n_out = (shown_count(n) for n in kernel.shape)
            value = kernel[index_of(ys[k], n_in), index_of(ys[k + 1], n_out)]
            assert trace["line"]["color"] == (nf.POSITIVE if value >= 0 else nf.NEGATIVE)
            size = abs(value) / np.abs(kernel).max()
            shade = next(s for s, (bound, _, _) in enumerate(SHADES) if size <= bound)
            assert (trace["opacity"], trace["line"]["width"]) == SHADES[shade][1:]
            segments += 1
    assert segments == len(hover_points(figure))


def test_every_neurons_colour_is_its_bias():
    snapshot = made_up_snapshots(WIDE)[-1]
    figure = network_figure(WIDE, snapshot).to_dict()
    units = next(t for t in figure["data"] if t.get("name") == text("en", "network.units"))
    biases = [
        float(b) for arrays in dense_kernels(WIDE, snapshot) for b in arrays["bias"][:SHOWN_NEURONS]
    ]
    assert units["marker"]["color"] == biases
    assert [row[2] for row in units["customdata"]] == biases
    assert units["text"][-10:] == list(WIDE.data.class_names)  # the outputs named by class


def notes(figure: dict) -> list[str]:
    return [note["text"] for note in figure["layout"]["annotations"]]


def test_wide_layers_say_how_many_more_they_have():
    figure = network_figure(WIDE, made_up_snapshots(WIDE)[-1]).to_dict()
    more = [note for note in notes(figure) if note.startswith("+")]
    # digits' 64 pixels, then 512, 20, 16 wide, then 10 classes
    assert more == ["+ 48 more", "+ 496 more", "+ 4 more"]
    inputs = figure["data"][-2]
    assert inputs["text"] == list(WIDE.data.feature_names[:SHOWN_NEURONS])


def test_batchnorm_and_dropout_are_drawn_with_their_counts():
    figure = network_figure(SPEC, made_up_snapshots(SPEC)[-1]).to_dict()
    rows = summarize(SPEC).rows
    expected = [
        f"BatchNorm · {row.total:,} params"
        if row.kind == "BatchNormalization"
        else "Dropout 0.25 · 0 params"
        for row in rows
        if row.kind != "Dense"
    ]
    assert [n for n in notes(figure) if n.startswith(("BatchNorm", "Dropout"))] == expected
    assert expected[0] == "BatchNorm · 80 params"
    assert len(figure["layout"]["shapes"]) == len(expected)


def test_in_korean():
    snapshot = made_up_snapshots(WIDE)[-1]
    figure = network_figure(WIDE, snapshot, "ko").to_dict()
    assert "+ 496개 더" in notes(figure)
    edges = next(t for t in figure["data"] if "-> 노드" in t.get("hovertemplate", ""))
    assert edges["hovertemplate"].startswith("층 %{customdata[0]}, 입력 %{customdata[1]}")
    assert edges["customdata"] == hover_points(network_figure(WIDE, snapshot).to_dict())


def test_the_hover_reads_as_the_issue_asks():
    template = text("en", "network.hover_edge")
    filled = template.replace("%{customdata[0]}", "1").replace("%{customdata[1]}", "3")
    filled = filled.replace("%{customdata[2]}", "17").replace("%{customdata[3]:.3f}", "-0.412")
    assert filled == "layer 1, input 3 -> unit 17: -0.412<extra></extra>"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_plotly_validates_the_figure(lang):
    for spec in (SPEC, WIDE):
        go.Figure(network_figure(spec, made_up_snapshots(spec)[0], lang).to_dict())
