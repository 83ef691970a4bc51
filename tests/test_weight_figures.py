"""Every parameter a cell: each heatmap's cells are the snapshot's numbers, exactly (read back
from the typed arrays the browser reads), and the count under each equals the formulas'
count for its layer; plotly's own validation accepts every figure. Made-up snapshots here;
tests/test_weight_cells_keras.py holds the counts to Keras's ``count_params()``."""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go
import pytest

from components.charts.weight_figures import layer_cells
from components.core.params import summarize
from components.core.spec import ModelSpec
from tests.fake_engine import made_up_snapshots

KERAS_ORDER = ("gamma", "beta", "moving_mean", "moving_variance")  # as the issue lists them
SPECS = [
    ModelSpec(widths=(32,), epochs=5),
    ModelSpec(widths=(7, 3, 12), epochs=5, dataset="digits", dropout=0.0),
    ModelSpec(widths=(5, 4), epochs=5, dataset="breast_cancer", batchnorm=False),
]


def cells_of(z: dict) -> np.ndarray:
    """A typed array as plotly.js decodes it."""
    assert z["dtype"] == "f4"
    shape = tuple(int(n) for n in z["shape"].split(","))
    return np.frombuffer(base64.b64decode(z["bdata"]), "<f4").reshape(shape)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.dataset)
def test_every_cell_is_its_weight_and_every_layer_counts_its_parameters(spec):
    snapshot = made_up_snapshots(spec)[-1]
    drawn = layer_cells(spec, snapshot)
    rows = [row for row in summarize(spec).rows if row.kind != "Dropout"]
    assert [cells.name for cells in drawn] == [row.name for row in rows]
    for cells, row in zip(drawn, rows, strict=True):
        arrays = snapshot.layer(row.name).arrays
        traces = cells.figure.to_dict()["data"]
        values = [cells_of(trace["z"]) for trace in traces]
        if row.kind == "Dense":
            kernel, bias = values
            np.testing.assert_array_equal(kernel, arrays["kernel"])
            np.testing.assert_array_equal(bias, arrays["bias"][None, :])
            assert len(traces[0]["y"]) == kernel.shape[0] and len(traces[0]["x"]) == row.units
        else:
            (four,) = values
            assert traces[0]["y"] == list(KERAS_ORDER)
            np.testing.assert_array_equal(four, np.stack([arrays[n] for n in KERAS_ORDER]))
        assert cells.cells == sum(v.size for v in values) == row.total
        assert f"= {row.total:,} cells" in cells.caption


def test_the_counts_read_as_the_formulas():
    spec = ModelSpec(widths=(32,), epochs=5)
    captions = [cells.caption for cells in layer_cells(spec, made_up_snapshots(spec)[0])]
    assert captions[0] == "`dense_1`: 4 x 32 kernel + 32 bias = 160 cells"
    assert captions[1].startswith("`batchnorm_1`: 4 x 32 (gamma, beta, moving mean")
    ko = [cells.caption for cells in layer_cells(spec, made_up_snapshots(spec)[0], "ko")]
    assert ko[0] == "`dense_1`: 4 x 32 kernel + 32 상수 = 160칸"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_plotly_validates_every_figure(lang):
    for spec in SPECS:
        for cells in layer_cells(spec, made_up_snapshots(spec)[0], lang):
            go.Figure(cells.figure.to_dict())
