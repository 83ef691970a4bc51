"""The page's language: a picker at the top of the sidebar, kept in the link as ``?lang=``
(read with a notice like every key: components/core/link_keys.py), and ``t(key, **values)``
for every string the page shows (components/core/i18n)."""

from __future__ import annotations

from contextvars import ContextVar

import streamlit as st

from components.core.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, Note, text
from components.core.link_keys import written
from components.ui.link import session_or_link, write_link

LANG_KEY = "lang"  # the picker's key and the link's


# This run's language, set by the picker: the page says ~100 texts a run, and reading the
# session and the link for each cost ~3% of a run's server CPU in a class. Per thread: with
# ``runner.fastReruns`` each run starts on a thread of its own, and the picker sets it afresh
# at the top of every run anyway.
_this_run: ContextVar[str | None] = ContextVar("page_language", default=None)


def current_lang() -> str:
    """This run's language once the picker is drawn; before, this session's, else the link's."""
    return _this_run.get() or session_or_link(LANG_KEY)


def t(message: str, **values) -> str:
    """``message`` (a catalog key, filled with ``values``, or a Note) in the page's language."""
    return text(current_lang(), message, **values)


def language_picker() -> str:
    """The picker at the top of the sidebar; returns the language it is set to.

    Not bound by Streamlit, which would write the displayed name (``?lang=한국어``) in the
    link: it keeps ``?lang=ko`` there itself, and none for English, the default.
    """
    _this_run.set(None)  # read afresh: the session may have changed it since
    st.sidebar.selectbox(
        text(DEFAULT_LANG, "lang.label"),  # the same in both: "Language / 언어"
        LANGS,
        index=LANGS.index(current_lang()),
        format_func=lambda lang: LANG_NAMES[lang],
        key=LANG_KEY,
        on_change=lambda: write_link({LANG_KEY: written(LANG_KEY, st.session_state[LANG_KEY])}),
    )
    chosen = current_lang()  # the picker's own value, now that it is drawn
    _this_run.set(chosen)
    return chosen


def error_text(error: Exception) -> str:
    """An engine error for the page: in its language when the engine said it with a Note."""
    message = error.args[0] if len(error.args) == 1 else str(error)
    return t(message) if isinstance(message, Note) else str(error)
