"""One training engine per server process, shared by every session."""

from __future__ import annotations

import streamlit as st

from components.engine import Engine


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    return Engine()
