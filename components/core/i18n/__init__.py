"""The page's words in every language: one catalog per language, the same keys in each.

Pure Python. ``text(lang, key, **values)`` fills a catalog's template with ``str.format``, so
numbers and formulas are formatted by the same ``{value:spec}`` in every language. Core code
that reports something to the page (a link's notices) returns a ``Note``: its English text,
which ``text(lang, note)`` says again in the page's language at the UI edge (``t`` there).
"""

from __future__ import annotations

import string
from types import MappingProxyType

from components.core.i18n import en, ko

LANGS = ("en", "ko")
DEFAULT_LANG = "en"
LANG_NAMES = {"en": "English", "ko": "한국어"}  # each in its own language, for the picker
CATALOGS = MappingProxyType({"en": en.CATALOG, "ko": ko.CATALOG})


def text(lang: str, message: str, /, **values) -> str:
    """``message`` in ``lang``: a catalog key's template filled with ``values`` (Notes among
    them said in ``lang`` too), or a Note, a message from pure code, said again in ``lang``.

    Text that is no message (a name from data, a worker's own words) is shown as it is,
    never passed here.
    """
    if isinstance(message, Note):
        return message.in_lang(lang)
    filled = {
        name: text(lang, value) if isinstance(value, Note) else value
        for name, value in values.items()
    }
    return CATALOGS[lang][message].format(**filled)


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


# A value from outside (a link's) is echoed in a message at most this long, printable only.
QUOTE_LIMIT = 24


def quoted(value: str, limit: int = QUOTE_LIMIT, cut: str = "...") -> str:
    """``value`` as a message may echo it: unprintable characters and backticks (which would
    end the code span it is shown in) as ``?``, at most ``limit`` characters, then ``cut``."""
    clean = "".join(ch if ch.isprintable() and ch != "`" else "?" for ch in value)
    return clean if len(clean) <= limit else clean[:limit] + cut
