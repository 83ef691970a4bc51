"""The page's language: a picker at the top of the sidebar, kept in the link as ``?lang=``
(read with a notice like every key: components/core/link_keys.py), and ``t(key, **values)``
for every string the page shows (components/core/i18n)."""

from __future__ import annotations

import streamlit as st

from components.core.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, Note, text
from components.core.link_keys import written
from components.ui.link import session_or_link, write_link

LANG_KEY = "lang"  # the picker's key and the link's


def current_lang() -> str:
    """This session's language, else the link's (read before the picker is drawn)."""
    return session_or_link(LANG_KEY)


def t(message: str, **values) -> str:
    """``message`` (a catalog key, filled with ``values``, or a Note) in the page's language."""
    return text(current_lang(), message, **values)


def language_picker() -> str:
    """The picker at the top of the sidebar; returns the language it is set to.

    Not bound by Streamlit, which would write the displayed name (``?lang=한국어``) in the
    link: it keeps ``?lang=ko`` there itself, and none for English, the default.
    """
    st.sidebar.selectbox(
        text(DEFAULT_LANG, "lang.label"),  # the same in both: "Language / 언어"
        LANGS,
        index=LANGS.index(current_lang()),
        format_func=lambda lang: LANG_NAMES[lang],
        key=LANG_KEY,
        on_change=lambda: write_link({LANG_KEY: written(LANG_KEY, st.session_state[LANG_KEY])}),
    )
    return current_lang()


def error_text(error: Exception) -> str:
    """An engine error for the page: in its language when the engine said it with a Note."""
    message = error.args[0] if len(error.args) == 1 else str(error)
    return t(message) if isinstance(message, Note) else str(error)
