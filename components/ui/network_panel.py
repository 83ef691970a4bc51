"""Training played back: the network drawn with its weights and the decision regions at any
epoch the training kept (an epoch slider over its snapshots), and every parameter a cell
under the Parameters tab's formulas. The regions at each epoch are computed on the server,
from the snapshot (``regions_panel.regions_at``): no worker, no TensorFlow."""

from __future__ import annotations

from typing import TypeGuard

import streamlit as st

from components.charts.network_figures import SHOWN_NEURONS, min_width_px, network_figure
from components.charts.region_figures import regions_figure
from components.charts.weight_figures import layer_cells
from components.core.link_keys import written
from components.core.params import summarize
from components.core.results import TrainResult
from components.core.snapshots import WeightSnapshot
from components.core.spec import ModelSpec
from components.core.split import dataset_split
from components.ui.controls import view_toggle
from components.ui.lang import current_lang, t
from components.ui.link import write_link
from components.ui.page_style import scroll_sideways
from components.ui.regions_panel import regions_at, trained_data

NETWORK_VIEW = "network-view"  # the sideways-scrolling container's key
# ?cells=true: the heatmaps under the formulas (off by default: ~5 charts more a script run,
# for every move of every student on the default tab).
CELLS_KEY = "cells"
CELLS_AT_ONCE = 65_536  # past this many parameters, the heatmaps show one layer at a time


def nearest_snapshot(result: TrainResult, epoch: int) -> WeightSnapshot:
    """The snapshot taken closest to ``epoch`` (the earlier of two as close)."""
    return min(result.snapshots, key=lambda s: (abs(s.epoch - epoch), s.epoch))


def epoch_slider(result: TrainResult, epoch: int | None, key: str) -> WeightSnapshot:
    """A slider over the epochs the training kept, starting at the one nearest ``epoch``
    (None: the trained model's)."""
    epochs = [s.epoch for s in result.snapshots]
    if epoch is None:
        epoch = epochs[-1]
    chosen = st.select_slider(
        t("network.epoch"),
        options=epochs,
        value=nearest_snapshot(result, epoch).epoch,
        help=t("network.epoch.help", count=len(epochs)),
        key=f"{key}-{'-'.join(map(str, epochs))}",  # a new training's epochs: a new slider
    )
    snapshot = nearest_snapshot(result, chosen)
    if snapshot.epoch == 0:
        st.caption(t("network.at_start"))
    else:
        st.caption(t("network.at_epoch", epoch=snapshot.epoch, epochs=result.spec.epochs))
    return snapshot


def link_epoch(result: TrainResult | None, shown: int | None) -> None:
    """The epoch shown, in the link (``?epoch=40``); none for the trained model's own."""
    if result is None or shown is None or not result.snapshots:
        return
    write_link({"epoch": None if shown == result.snapshots[-1].epoch else written("epoch", shown)})


def _has_snapshots(result: TrainResult | None) -> TypeGuard[TrainResult]:
    if result is None:
        st.info(t("network.pending"))
        return False
    if not result.snapshots:
        st.info(t("network.no_snapshots"))
        return False
    return True


def show_network(spec: ModelSpec, result: TrainResult | None, epoch: int | None) -> int | None:
    """The Network tab: the network at the snapshot nearest ``epoch``, a slider over the
    snapshots, then the decision regions there. Returns the epoch shown (for the link), or
    None when there is nothing to show yet. Drawn from ``result.spec``, the model the
    weights belong to (the page's ``spec`` once its training is in)."""
    st.subheader(t("network.heading"))
    if not _has_snapshots(result):
        return None
    trained = result.spec  # the weights' shapes are the trained model's
    st.markdown(t("network.intro", shown=SHOWN_NEURONS))
    snapshot = epoch_slider(result, epoch, "network-epoch")
    lang = current_lang()
    scroll_sideways(NETWORK_VIEW, min_width_px(trained))
    with st.container(key=NETWORK_VIEW):
        # theme=None: Streamlit's theme would recolour the diverging scale (blue low).
        figure = network_figure(trained, snapshot, lang)
        st.plotly_chart(figure, key="network-chart", theme=None)
    st.subheader(t("network.regions", epoch=snapshot.epoch))
    data = trained_data(spec, result)
    split = dataset_split(data, trained.seed)
    figure = regions_figure(regions_at(result, snapshot, data), split, data.class_names, lang)
    st.plotly_chart(figure, key="network-regions-chart")
    return snapshot.epoch


def show_weight_heatmaps(
    spec: ModelSpec, result: TrainResult | None, epoch: int | None
) -> int | None:
    """Every parameter a cell, for under the Parameters tab's formulas: each layer's weights
    at the snapshot nearest ``epoch`` (with its own slider), counted under each heatmap.
    Returns the epoch shown, or None when there is nothing to show yet."""
    st.subheader(t("weights.heading"))
    if not view_toggle(CELLS_KEY, t("weights.show"), help=t("weights.show.help")):
        return None
    if not _has_snapshots(result):
        return None
    trained = result.spec
    st.markdown(t("weights.intro"))
    snapshot = epoch_slider(result, epoch, "weights-epoch")
    drawn = {cells.name: cells for cells in layer_cells(trained, snapshot, current_lang())}
    rows = list(summarize(trained).rows)
    total = sum(cells.cells for cells in drawn.values())
    if total > CELLS_AT_ONCE:
        st.caption(t("weights.one_at_a_time", cells=total))
        picked = st.selectbox(t("weights.layer"), list(drawn), key="weights-layer")
        rows = [row for row in rows if row.name == picked]
    for row in rows:
        if row.name not in drawn:  # Dropout
            st.caption(t("weights.dropout", name=row.name))
            continue
        st.markdown(drawn[row.name].caption)
        st.plotly_chart(drawn[row.name].figure, key=f"weights-{row.name}", theme=None)
    return snapshot.epoch
