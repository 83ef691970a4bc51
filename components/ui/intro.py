"""The top of the page: what this is, and what a link asked for that could not be used."""

from __future__ import annotations

import streamlit as st

from components.ui.lang import t


def show_intro(notices: list[str]) -> None:
    st.title(t("intro.title"))
    st.markdown(t("intro.body"))
    if notices:
        listed = "\n- ".join(t(notice) for notice in notices)
        st.warning(f"{t('notice.heading')}\n\n- {listed}")
