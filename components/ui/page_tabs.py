"""The tabs under the first screen: only the open one's panel runs, and the link names it."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.core.page_tabs import DEFAULT_TAB, TAB_PARAM, TABS


def open_tab() -> tuple[str, DeltaGenerator]:
    """Draw the tab bar; return the open tab's name and its container."""
    containers = st.tabs(TABS, default=DEFAULT_TAB, key=TAB_PARAM, bind="query-params")
    for name, container in zip(TABS, containers, strict=True):
        if container.open:
            return name, container
    return DEFAULT_TAB, containers[0]
