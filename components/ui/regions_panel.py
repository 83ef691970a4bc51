"""Decision regions: the trained model's predicted class over two iris features (the pair
in the link), computed in the worker from the real model; iris's rows drawn on top."""

from __future__ import annotations

import streamlit as st

from components.charts.region_figures import regions_figure
from components.core.data import iris_split
from components.core.results import TrainResult
from components.core.spec import FEATURE_NAMES, ModelSpec

HEADING = "Where it draws the lines"


def show_regions(spec: ModelSpec, result: TrainResult | None) -> None:
    if result is None or result.regions is None:
        return  # no training, or a result without a grid
    regions = result.regions
    held = [
        f"{FEATURE_NAMES[i]} at {value:.2f}"
        for i, value in enumerate(regions.held_at)
        if i not in regions.feature_indices
    ]
    st.subheader(HEADING)
    st.markdown(
        f"The class the trained model predicts over a {len(regions.x)} x {len(regions.y)} grid "
        f"of **{regions.feature_names[0]}** and **{regions.feature_names[1]}**, with "
        f"{' and '.join(held)} (their training-split means). Dots are training rows, open "
        "diamonds test rows, each in its true class's colour. Pick the pair in the sidebar "
        f"(*Charts*); this one is `regions={spec.region_features}`."
    )
    with st.container(key="regions-panel"):  # for the e2e test
        st.plotly_chart(regions_figure(regions, iris_split(result.spec.seed)), key="regions-chart")
