"""The tabs under the first screen: only the open one's panel runs, and the link names it.

The link names a tab in English in every language (``?tab=Regions``): English tabs are bound
to the link by Streamlit, whose value is the label; tabs in another language keep the link
in step themselves, so only the labels change.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.core.i18n import DEFAULT_LANG
from components.core.page_tabs import DEFAULT_TAB, TAB_PARAM, TABS, read_tab
from components.ui.lang import current_lang, t


def open_tab() -> tuple[str, DeltaGenerator]:
    """Draw the tab bar; return the open tab's name (as the link writes it) and its container."""
    lang = current_lang()
    if lang == DEFAULT_LANG:
        containers = st.tabs(TABS, default=DEFAULT_TAB, key=TAB_PARAM, bind="query-params")
    else:
        labels = [t(f"tab.{name}") for name in TABS]
        linked = read_tab(st.query_params.get_all(TAB_PARAM))[0]
        containers = st.tabs(
            labels,
            default=labels[TABS.index(linked)],
            key=f"{TAB_PARAM}-{lang}",
            on_change=_write_tab_to_link,
            args=(f"{TAB_PARAM}-{lang}", labels),
        )
    for name, container in zip(TABS, containers, strict=True):
        if container.open:
            return name, container
    return DEFAULT_TAB, containers[0]


def _write_tab_to_link(key: str, labels: list[str]) -> None:
    """Tabs callback: the link names the open tab in English, as English tabs write it."""
    label = st.session_state.get(key)
    name = TABS[labels.index(label)] if label in labels else DEFAULT_TAB
    if name == DEFAULT_TAB:
        st.query_params.pop(TAB_PARAM, None)
    else:
        st.query_params[TAB_PARAM] = name
