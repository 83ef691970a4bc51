"""The tabs under the first screen: only the open one's panel runs, and the link names it.

The link names a tab by its value in every language (``?tab=Regions``). English tabs are bound
to the link by Streamlit, which writes the label, so an English label is the tab's value (a
test holds the catalog to it); tabs in another language keep the link in step themselves.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.core.i18n import DEFAULT_LANG
from components.core.link_keys import written
from components.core.page_tabs import DEFAULT_TAB, Tab
from components.ui.lang import current_lang, t
from components.ui.link import from_link, write_link

TAB_KEY = "tab"  # the English tabs' key and the link's


def open_tab() -> tuple[Tab, DeltaGenerator]:
    """Draw the tab bar; return the open tab and its container."""
    lang = current_lang()
    labels = [t(f"tab.{tab}") for tab in Tab]
    if lang == DEFAULT_LANG:
        containers = st.tabs(labels, default=DEFAULT_TAB, key=TAB_KEY, bind="query-params")
    else:
        key = f"{TAB_KEY}-{lang}"
        containers = st.tabs(
            labels,
            default=labels[list(Tab).index(from_link(TAB_KEY))],
            key=key,
            on_change=_write_tab_to_link,
            args=(key, labels),
        )
    for tab, container in zip(Tab, containers, strict=True):
        if container.open:
            return tab, container
    return DEFAULT_TAB, containers[0]


def _write_tab_to_link(key: str, labels: list[str]) -> None:
    """Tabs callback: the link names the open tab by its value, as English tabs write it."""
    label = st.session_state.get(key)
    tab = list(Tab)[labels.index(label)] if label in labels else DEFAULT_TAB
    write_link({TAB_KEY: written(TAB_KEY, tab)})
