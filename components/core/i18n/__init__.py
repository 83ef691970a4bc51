"""The page's words in every language: one catalog per language, the same keys in each.

Pure Python. ``text(lang, key, **values)`` fills a catalog's template with ``str.format``, so
numbers and formulas are formatted by the same ``{value:spec}`` in every language. Core code
that reports something to the page (a link's notices) returns a ``Note``: its English text,
which can be said again in the page's language at the UI edge.
"""

from __future__ import annotations

import string
from types import MappingProxyType

from components.core.i18n import en, ko

LANG_PARAM = "lang"
LANGS = ("en", "ko")
DEFAULT_LANG = "en"
LANG_NAMES = {"en": "English", "ko": "한국어"}  # each in its own language, for the picker
CATALOGS = MappingProxyType({"en": en.CATALOG, "ko": ko.CATALOG})


def text(lang: str, key: str, /, **values) -> str:
    """The ``key`` template of ``lang``'s catalog filled with ``values``; Notes among them
    are said in ``lang`` too."""
    said = {name: say(lang, value) for name, value in values.items()}
    return CATALOGS[lang][key].format(**said)


def say(lang: str, value):
    """``value`` in ``lang`` if it is a Note, else unchanged."""
    return value.in_lang(lang) if isinstance(value, Note) else value


def placeholders(template: str) -> set[tuple[str, str | None]]:
    """The ``{name:spec}`` fields of a template, to check every language fills the same."""
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name}


class Note(str):
    """A message from pure code: its English text, and the catalog key and values to say it
    in another language. It compares and prints as the English text."""

    key: str
    values: dict

    def __new__(cls, key: str, /, **values) -> Note:
        note = super().__new__(cls, text(DEFAULT_LANG, key, **values))
        note.key, note.values = key, values
        return note

    def in_lang(self, lang: str) -> str:
        return text(lang, self.key, **self.values)

    def __reduce__(self):  # a copy (Session State, pickle) keeps the key and values
        return _note, (self.key, self.values)


def _note(key: str, values: dict) -> Note:
    return Note(key, **values)


def read_lang(values: list[str]) -> tuple[str, Note | None]:
    """The language a link's ``lang`` values ask for, and a notice if it is not what they say.

    Any case is accepted (``lang=KO``); an unknown one is the default, English.
    """
    if not values:
        return DEFAULT_LANG, None
    given = values[-1]
    lang = given.strip().lower()
    if lang not in LANGS:
        return DEFAULT_LANG, Note(
            "notice.not_one_of",
            key=LANG_PARAM,
            value=_short(given),
            options=", ".join(LANGS),
            used=DEFAULT_LANG,
        )
    if len(values) > 1:
        return lang, Note("notice.repeated", key=LANG_PARAM, times=len(values))
    return lang, None


def _short(text: str, limit: int = 24) -> str:
    """At most ``limit`` printable characters of a hostile value (as the link parser quotes)."""
    clean = "".join(ch if ch.isprintable() and ch != "`" else "?" for ch in text)
    return clean if len(clean) <= limit else clean[:limit] + "..."
