"""The top of the page: what this is, and what a link asked for that could not be used."""

from __future__ import annotations

import streamlit as st

INTRO = (
    "Why does the seed post's Keras MLP on iris have **160, 528 and 51** parameters per Dense "
    "layer, and why does its saved file grow by about **13 bytes per parameter** on top of "
    "~33 KB? Move a width: the model retrains live and real saved files are measured; every "
    "layer's arithmetic is in the tabs below. The URL holds every setting: share it."
)


def show_intro(notices: list[str]) -> None:
    st.title("Iris MLP Param Lab")
    st.markdown(INTRO)
    if notices:
        st.warning(
            "Some values in this link could not be used as given:\n\n- " + "\n- ".join(notices)
        )
