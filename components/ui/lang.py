"""The page's language: a picker at the top of the sidebar, kept in the link as ``?lang=``
(read with a notice like every key), and ``t(key, **values)`` for every string the page shows
(components/core/i18n)."""

from __future__ import annotations

import streamlit as st

from components.core.i18n import (
    DEFAULT_LANG,
    LANG_NAMES,
    LANG_PARAM,
    LANGS,
    Note,
    read_lang,
    say,
    text,
)

_NOTICE_KEY = "_lang_notice"


def current_lang() -> str:
    """This session's language, else the link's (read before the picker is drawn)."""
    lang = st.session_state.get(LANG_PARAM)
    if lang in LANGS:
        return lang
    return read_lang(st.query_params.get_all(LANG_PARAM))[0]


def t(key: str, **values) -> str:
    """``key``'s text in the page's language, filled with ``values``."""
    return text(current_lang(), key, **values)


def said(message) -> str:
    """A message from core (a Note, or plain text such as a worker's error) in the page's
    language where it has one."""
    return say(current_lang(), message)


def adopt_lang_link() -> list[Note]:
    """Read ``?lang=`` once per session and write it back as the picker writes it (``KO`` is
    ``ko``; unknown is English, with a notice). Returns the notices, if any."""
    if _NOTICE_KEY not in st.session_state:
        lang, notice = read_lang(st.query_params.get_all(LANG_PARAM))
        st.session_state[_NOTICE_KEY] = [notice] if notice else []
        _write_to_link(lang)
    return st.session_state[_NOTICE_KEY]


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
        key=LANG_PARAM,
        on_change=lambda: _write_to_link(st.session_state[LANG_PARAM]),
    )
    return current_lang()


def _write_to_link(lang: str) -> None:
    if lang == DEFAULT_LANG:
        st.query_params.pop(LANG_PARAM, None)
    else:
        st.query_params[LANG_PARAM] = lang


def error_text(error: Exception) -> str:
    """An engine error for the page: in its language when the engine said it with a Note."""
    message = error.args[0] if len(error.args) == 1 else str(error)
    return said(message) if isinstance(message, str) else str(error)
