"""Decision regions: the trained model's predicted class over two features of its dataset
(the pair in the link), the rows drawn on top. Computed here, on the server, from the
weights a training kept (core/forward.py, tested to give Keras's classes) when a tab shows
them, not in the worker for every training: most trainings' regions are never looked at."""

from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

from components.charts.region_figures import regions_figure
from components.core.datasets import Dataset
from components.core.forward import class_predictor
from components.core.i18n import DEFAULT_LANG, text
from components.core.regions import decision_regions
from components.core.results import DecisionRegions, TrainResult
from components.core.snapshots import WeightSnapshot
from components.core.spec import ModelSpec
from components.core.split import dataset_split
from components.ui.lang import current_lang, t

HEADING = text(DEFAULT_LANG, "regions.heading")  # as the English page says it
LISTED_HELD = 2  # held features named one by one up to this many (iris's two); else counted
# Regions computed from snapshots, shared by every session: the same link trains the same
# snapshots, and a 6 x 512's grid costs ~0.14 s of server CPU, so a class looking at (or
# scrubbing through) the teacher's model computes each epoch once. ~20 KB each.
REGIONS_KEPT = 256
_regions: OrderedDict[tuple[ModelSpec, int], DecisionRegions] = OrderedDict()
_regions_lock = threading.Lock()


def trained_data(spec: ModelSpec, result: TrainResult) -> Dataset:
    """The dataset ``result`` was trained on, with its rows: a result never carries an
    upload's table, the page's ``spec`` does when it names the same upload."""
    return spec.data if spec.dataset == result.spec.dataset else result.spec.data


def regions_at(result: TrainResult, snapshot: WeightSnapshot, data: Dataset) -> DecisionRegions:
    """The decision regions with ``snapshot``'s weights on ``data`` (``trained_data``)."""
    trained = result.spec
    key = (trained, snapshot.epoch)
    with _regions_lock:
        if key in _regions:
            _regions.move_to_end(key)
            return _regions[key]
    split = dataset_split(data, trained.seed)
    predict = class_predictor(trained, snapshot)
    regions = decision_regions(trained.region_features, split, predict, data)
    with _regions_lock:
        _regions[key] = regions
        while len(_regions) > REGIONS_KEPT:
            _regions.popitem(last=False)
    return regions


def held_sentence(spec: ModelSpec, regions: DecisionRegions) -> str:
    """Where the grid holds the features it does not vary."""
    data = spec.data
    held = [
        t("regions.held_at", feature=data.feature_names[i], value=value)
        for i, value in enumerate(regions.held_at)
        if i not in regions.feature_indices
    ]
    if not held:  # a table of one or two features: the grid varies all there is
        return t("regions.held_none")
    if len(held) <= LISTED_HELD:
        return t("regions.held_listed", held=t("regions.and").join(held))
    where = t("regions.held_scaled") if data.scaled else ""
    return t("regions.held_counted", count=len(held), where=where)


def show_regions(spec: ModelSpec, result: TrainResult | None) -> None:
    if result is None or not result.snapshots:
        return  # no training, or a result without its weights
    trained, data = result.spec, trained_data(spec, result)
    regions = regions_at(result, result.snapshots[-1], data)
    st.subheader(t("regions.heading"))
    st.markdown(
        t(
            "regions.intro",
            nx=len(regions.x),
            ny=len(regions.y),
            x_name=regions.feature_names[0],
            y_name=regions.feature_names[1],
            held=held_sentence(trained, regions),
            section=t("section.charts"),
            pair=spec.region_features,
        )
    )
    with st.container(key="regions-panel"):  # for the e2e test
        split = dataset_split(data, trained.seed)
        figure = regions_figure(regions, split, data.class_names, current_lang())
        st.plotly_chart(figure, key="regions-chart")
