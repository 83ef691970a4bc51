"""The Network tab's panel and the heatmaps under the Parameters tab, each on a small page of
its own (AppTest): an epoch slider over the snapshots the training kept, the network and the
decision regions drawn at the chosen one, the epoch returned for the link, the sideways
scrolling on a phone, both languages. Made-up results of the fake engine (no TensorFlow);
the slow test plays back a real training."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from components.charts.network_figures import min_width_px
from components.core.csv_table import read_csv_table
from components.core.datasets import upload_dataset
from components.core.forward import class_predictor
from components.core.i18n import text
from components.core.regions import decision_regions, grid_rows
from components.core.results import TrainResult
from components.core.spec import ModelSpec
from components.core.split import dataset_split
from components.ui.network_panel import NETWORK_VIEW
from components.ui.regions_panel import regions_at
from tests.fake_engine import FakeEngine
from tests.helpers import PAGE_TIMEOUT
from tests.private_apis import share_installed_components
from tests.test_csv_table import IRIS_CSV
from tests.test_korean import english_runs, page_texts

SMALL = ModelSpec(widths=(6, 3), epochs=40, dataset="wine")
LARGE = ModelSpec(widths=(512, 256), epochs=40)
UPLOADED = upload_dataset(read_csv_table(IRIS_CSV.encode()), "iris.csv")
UPLOAD = ModelSpec(widths=(5,), epochs=40, dataset=UPLOADED.key, upload=UPLOADED)
RESULTS: dict[str, TrainResult | None] = {"none": None}  # the pages below read these


def result_for(case: str) -> TrainResult | None:
    if case not in RESULTS:
        spec = {"small": SMALL, "large": LARGE, "empty": SMALL, "upload": UPLOAD}[case]
        result = FakeEngine().train(spec)
        RESULTS[case] = replace(result, snapshots=()) if case == "empty" else result
        if case == "upload":  # as a worker's result arrives: without the upload's rows
            RESULTS[case] = pickle.loads(pickle.dumps(result))
    return RESULTS[case]


def page_spec(case: str) -> ModelSpec | None:
    """The page's own spec: an upload's holds its rows (a result's never does)."""
    result = result_for(case)
    return UPLOAD if case == "upload" else result.spec if result else None


def network_page():
    import streamlit as st

    from components.ui.network_panel import show_network, show_weight_heatmaps
    from tests.test_network_panel import page_spec, result_for

    result = result_for(st.query_params["case"])
    spec = page_spec(st.query_params["case"])
    show = show_weight_heatmaps if st.query_params.get("part") == "cells" else show_network
    shown = show(spec, result, int(st.query_params["epoch"]))
    st.session_state["shown"] = shown
    if st.query_params.get("linked") and shown is not None:  # as the page keeps it in the link
        st.query_params["epoch"] = str(shown)


def page(case: str, epoch: int, part: str = "network", lang: str = "en", **query) -> AppTest:
    at = share_installed_components(
        AppTest.from_function(network_page, default_timeout=PAGE_TIMEOUT)
    )
    if part == "cells":
        query.setdefault("cells", "true")  # the heatmaps' own switch, on
    at.query_params.update(case=case, epoch=str(epoch), part=part, lang=lang, **query)
    return at.run()


def chart(at: AppTest, key: str) -> dict:
    found = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key))
    return json.loads(found.proto.spec)


def edge_values(figure: dict) -> dict[tuple[int, int, int], float]:
    trace = next(t for t in figure["data"] if t.get("hovertemplate", "").startswith("layer"))
    return {(layer, i, j): value for layer, i, j, value in trace["customdata"]}


def kernels_at(result: TrainResult, epoch: int) -> dict[tuple[int, int, int], float]:
    snapshot = next(s for s in result.snapshots if s.epoch == epoch)
    dense = [layer for layer in snapshot.layers if "kernel" in layer.arrays]
    return {
        (number, i + 1, j + 1): float(layer.arrays["kernel"][i, j])
        for number, layer in enumerate(dense, start=1)
        for i in range(min(16, layer.arrays["kernel"].shape[0]))
        for j in range(min(16, layer.arrays["kernel"].shape[1]))
    }


def regions_classes(at: AppTest) -> list[list[int]]:
    return chart(at, "network-regions-chart")["data"][0]["z"]


def test_the_slider_spans_the_kept_epochs_and_starts_nearest_the_links():
    result = result_for("small")
    kept = [s.epoch for s in result.snapshots]
    assert kept == [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40]
    at = page("small", 13)
    assert not at.exception
    assert at.select_slider[0].value == 12 and at.session_state["shown"] == 12
    assert edge_values(chart(at, "network-chart")) == kernels_at(result, 12)
    at = page("small", 10**6)  # past the end: the trained model's own
    assert at.session_state["shown"] == 40


def test_moving_the_slider_plays_the_network_and_the_regions_back():
    result = result_for("small")
    split = dataset_split(SMALL.dataset, SMALL.seed)

    def regions_after(snapshot) -> list:
        predict = class_predictor(SMALL, snapshot)
        return decision_regions(SMALL.region_features, split, predict, SMALL.dataset).classes

    at = page("small", 40)
    assert regions_classes(at) == regions_after(result.snapshots[-1])  # the trained model's
    at.select_slider[0].set_value(0).run()
    assert at.session_state["shown"] == 0
    assert edge_values(chart(at, "network-chart")) == kernels_at(result, 0)
    assert regions_classes(at) == regions_after(result.snapshots[0])
    assert regions_after(result.snapshots[0]) != regions_after(result.snapshots[-1])
    assert any(h.value == text("en", "network.regions", epoch=0) for h in at.subheader)


@pytest.mark.parametrize("part", ["network", "cells"])
def test_the_epoch_shown_goes_to_the_link_and_back(part):
    result = result_for("small")
    at = page("small", 7, part=part, linked="1")
    assert at.query_params["epoch"] == "8"
    for epoch in (0, 36, 20):
        at.select_slider[0].set_value(epoch).run()
        assert not at.exception
        assert at.session_state["shown"] == epoch and at.query_params["epoch"] == str(epoch)
        assert at.select_slider[0].value == epoch
    if part == "network":
        assert edge_values(chart(at, "network-chart")) == kernels_at(result, 20)


def test_the_network_scrolls_sideways_rather_than_shrinking():
    at = page("small", 40)
    styles = " ".join(element.proto.body for element in at.get("html"))
    assert f".st-key-{NETWORK_VIEW} {{ overflow-x: auto; }}" in styles
    assert f"min-width: {min_width_px(SMALL)}px" in styles
    assert min_width_px(SMALL) > 390  # wider than a phone: it scrolls there
    assert any(c.proto.id.endswith("network-chart") for c in at.get("plotly_chart"))


def test_nothing_to_play_back_says_why():
    at = page("none", 0)
    assert at.info[0].value == text("en", "network.pending") and at.session_state["shown"] is None
    at = page("empty", 0)
    assert at.info[0].value == text("en", "network.no_snapshots")
    assert at.session_state["shown"] is None and not at.get("plotly_chart")


def test_every_parameter_a_cell_under_the_formulas():
    at = page("small", 20, part="cells")
    assert not at.exception and at.session_state["shown"] == 20
    charts = [c.proto.id for c in at.get("plotly_chart")]
    assert len(charts) == 5  # dense_1, batchnorm_1, dense_2, batchnorm_2, output
    cells = [m.value for m in at.markdown if "cells" in m.value]
    assert cells[0] == "`dense_1`: 13 x 6 kernel + 6 bias = 84 cells"
    assert [c.value for c in at.caption if "Dropout" in c.value] == [
        "`dropout_1`: Dropout keeps no parameters.",
        "`dropout_2`: Dropout keeps no parameters.",
    ]


def test_a_large_model_shows_one_layer_at_a_time():
    at = page("large", 40, part="cells")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    at.selectbox[0].set_value("dense_2").run()
    assert len(at.get("plotly_chart")) == 1
    assert any(m.value.startswith("`dense_2`: 512 x 256 kernel") for m in at.markdown)


@pytest.mark.parametrize("part", ["network", "cells"])
def test_in_korean(part):
    at = page("small", 40, part=part, lang="ko")
    assert not at.exception
    heading = "network.heading" if part == "network" else "weights.heading"
    assert at.subheader[0].value == text("ko", heading)
    names = {*SMALL.data.feature_names, *SMALL.data.class_names}
    assert english_runs(page_texts(at), names) == []


@pytest.mark.slow  # TensorFlow: a real training played back
def test_a_real_training_plays_back():
    from components.worker.jobs import configure_tensorflow
    from components.worker.training import train

    configure_tensorflow()
    spec = ModelSpec(widths=(24, 8), epochs=30, seed=5)
    model, RESULTS["real"] = train(spec)
    result = RESULTS["real"]
    at = page("real", 30)
    assert edge_values(chart(at, "network-chart")) == kernels_at(result, 30)
    regions = regions_at(result, result.snapshots[-1], spec.data)
    rows = grid_rows(spec.region_features, np.array(regions.held_at), regions.x, regions.y)
    keras_classes = np.argmax(np.asarray(model(rows, training=False)), axis=1)
    assert regions_classes(at) == keras_classes.reshape(len(regions.y), -1).tolist()
    first = model.layers[0].kernel.numpy()
    assert edge_values(chart(at, "network-chart"))[1, 2, 3] == float(first[1, 2])
    at.select_slider[0].set_value(0).run()
    assert edge_values(chart(at, "network-chart")) == kernels_at(result, 0)
    assert np.asarray(regions_classes(at)).shape == (50, 50)


def test_the_regions_at_an_epoch_are_computed_once_for_every_session():
    result = result_for("small")
    middle = result.snapshots[5]
    first = regions_at(result, middle, SMALL.data)
    assert regions_at(replace(result), middle, SMALL.data) is first  # another session's copy
    last = regions_at(result, result.snapshots[-1], SMALL.data)  # the Regions tab's
    assert regions_at(replace(result), result.snapshots[-1], SMALL.data) is last


def test_an_uploads_network_plays_back_on_the_sessions_rows():
    result = result_for("upload")
    assert result.spec.upload.table is None  # what reaches the page from a worker
    at = page("upload", 40)
    at.select_slider[0].set_value(8).run()
    assert not at.exception and at.session_state["shown"] == 8
    split = dataset_split(UPLOADED, UPLOAD.seed)
    predict = class_predictor(UPLOAD, result.snapshots[2])
    at_8 = decision_regions(UPLOAD.region_features, split, predict, UPLOADED)
    assert regions_classes(at) == at_8.classes
