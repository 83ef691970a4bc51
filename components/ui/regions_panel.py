"""Decision regions: the trained model's predicted class over two features of its dataset
(the pair in the link), computed in the worker from the real model; the rows drawn on top."""

from __future__ import annotations

import streamlit as st

from components.charts.region_figures import regions_figure
from components.core.data import dataset_split
from components.core.results import DecisionRegions, TrainResult
from components.core.spec import ModelSpec

HEADING = "Where it draws the lines"
LISTED_HELD = 2  # held features named one by one up to this many (iris's two); else counted


def held_sentence(spec: ModelSpec, regions: DecisionRegions) -> str:
    """Where the grid holds the features it does not vary."""
    data = spec.data
    held = [
        f"{data.feature_names[i]} at {value:.2f}"
        for i, value in enumerate(regions.held_at)
        if i not in regions.feature_indices
    ]
    if len(held) <= LISTED_HELD:
        return f"{' and '.join(held)} (their training-split means)"
    where = ", 0 once standardized" if data.scaled else ""
    return f"the other {len(held)} features at their training-split means{where}"


def show_regions(spec: ModelSpec, result: TrainResult | None) -> None:
    if result is None or result.regions is None:
        return  # no training, or a result without a grid
    regions, trained = result.regions, result.spec
    st.subheader(HEADING)
    st.markdown(
        f"The class the trained model predicts over a {len(regions.x)} x {len(regions.y)} grid "
        f"of **{regions.feature_names[0]}** and **{regions.feature_names[1]}**, with "
        f"{held_sentence(trained, regions)}. Dots are training rows, open "
        "diamonds test rows, each in its true class's colour. Pick the pair in the sidebar "
        f"(*Charts*); this one is `regions={spec.region_features}`."
    )
    with st.container(key="regions-panel"):  # for the e2e test
        split = dataset_split(trained.dataset, trained.seed)
        figure = regions_figure(regions, split, trained.data.class_names)
        st.plotly_chart(figure, key="regions-chart")
