"""The link's edge: ``st.query_params`` is read and written here only, by the table of link keys
(components/core/link_keys.py)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.core.link_keys import PAGE_KEY, page_value


def link_params() -> dict[str, list[str]]:
    """The link as it is now: each key's values in order."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def write_link(texts: Mapping[str, str | None]) -> None:
    """Set each key's text in the link, or take the key out (None); a key already so is left
    alone (a write reruns nothing, but Streamlit sends each change to the browser)."""
    for key, text in texts.items():
        if text is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != [text]:
            st.query_params[key] = text


def link_values(key: str) -> list[str]:
    """A key's values in the link as it is now, in order (a key may repeat)."""
    return st.query_params.get_all(key)


def from_link(key: str):
    """A page key's value as the link says it now."""
    return page_value(key, {key: link_values(key)})


def session_or_link(key: str):
    """A page key's value, read before its widget is drawn: this session's (its widget's, by
    the same key) where the key's reader reads it back unchanged, else the link's."""
    if key in st.session_state:
        session = st.session_state[key]
        value, notices = PAGE_KEY[key].read([str(session)])
        if not notices and value == session:
            return value
    return from_link(key)
