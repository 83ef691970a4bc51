"""The page's language: a picker at the top of the sidebar, kept in the link as ``?lang=``
(read with a notice like every key: components/core/link_keys.py), and ``t(key, **values)``
for every string the page shows (components/core/i18n)."""

from __future__ import annotations

import streamlit as st

from components.core.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, say, text
from components.core.link_keys import written
from components.ui.link import session_or_link, write_link

LANG_KEY = "lang"  # the picker's key and the link's


def current_lang() -> str:
    """This session's language, else the link's (read before the picker is drawn)."""
    return session_or_link(LANG_KEY)


def t(key: str, **values) -> str:
    """``key``'s text in the page's language, filled with ``values``."""
    return text(current_lang(), key, **values)


def said(message) -> str:
    """A message from core (a Note, or plain text such as a worker's error) in the page's
    language where it has one."""
    return say(current_lang(), message)


def language_picker() -> str:
    """The picker at the top of the sidebar; returns the language it is set to.

    Not bound by Streamlit, which would write the displayed name (``?lang=한국어``) in the
    link: it keeps ``?lang=ko`` there itself, and none for English, the default.
    """
    st.sidebar.selectbox(
        text(DEFAULT_LANG, "lang.label"),  # the same in both: "Language / 언어"
        LANGS,
        index=LANGS.index(current_lang()),
        format_func=LANG_NAMES.get,
        key=LANG_KEY,
        on_change=lambda: write_link({LANG_KEY: written(LANG_KEY, st.session_state[LANG_KEY])}),
    )
    return current_lang()


def error_text(error: Exception) -> str:
    """An engine error for the page: in its language when the engine said it with a Note."""
    message = error.args[0] if len(error.args) == 1 else str(error)
    return said(message) if isinstance(message, str) else str(error)
