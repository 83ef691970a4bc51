"""The top of the page: what this is, and what a link asked for that could not be used."""

from __future__ import annotations

import streamlit as st

INTRO = (
    "Why does the seed post's Keras MLP on iris have **160, 528 and 51** parameters per Dense "
    "layer, and why does its saved file grow by about **13 bytes per parameter** on top of "
    "~33 KB? Move the sliders on the left: the model below retrains live, every layer's "
    "arithmetic is written out, and real saved files show where the bytes go. "
    "The URL holds every setting: copy it to share exactly what you see."
)


def show_intro(notices: list[str]) -> None:
    st.title("Iris MLP Param Lab")
    st.markdown(INTRO)
    if notices:
        st.warning(
            "Some values in this link could not be used as given:\n\n- " + "\n- ".join(notices)
        )
