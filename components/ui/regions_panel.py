"""Decision regions: the trained model's predicted class over two features of its dataset
(the pair in the link), computed in the worker from the real model; the rows drawn on top."""

from __future__ import annotations

import streamlit as st

from components.charts.region_figures import regions_figure
from components.core.i18n import DEFAULT_LANG, text
from components.core.results import DecisionRegions, TrainResult
from components.core.spec import ModelSpec
from components.core.split import dataset_split
from components.ui.lang import current_lang, t

HEADING = text(DEFAULT_LANG, "regions.heading")  # as the English page says it
LISTED_HELD = 2  # held features named one by one up to this many (iris's two); else counted


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
    if result is None or result.regions is None:
        return  # no training, or a result without a grid
    regions, trained = result.regions, result.spec
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
        split = dataset_split(spec.data, trained.seed)  # the session's rows: a result has none
        figure = regions_figure(regions, split, trained.data.class_names, current_lang())
        st.plotly_chart(figure, key="regions-chart")
