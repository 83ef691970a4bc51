"""The model's settings in a link: read with a clamping parser that never raises, written
back with only what differs from the defaults.

``spec_from_query`` reads URL parameters into a ``ModelSpec``: each value falls back to the
nearest valid one (clamped, rounded as its control rounds, or the default) with a ``Note``
for every change; ``spec_to_query`` writes the parameters that reproduce a spec. Both are
driven by the controls' table (``model_controls.CONTROLS``); ``link_keys`` reads and writes
the whole link, the page's own keys beside these. Pure Python.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from components.core.datasets import names_upload
from components.core.i18n import Note, quoted
from components.core.model_controls import (
    CONTROL,
    CONTROLS,
    Control,
    control_values,
    in_use,
    resolved,
    spec_from_values,
)
from components.core.spec import ModelSpec


def link_text(control: Control, value) -> str:
    """How ``value`` is written in a link."""
    if control.kind is bool:
        return str(value).lower()
    return f"{value:g}" if control.kind is float else str(value)


@dataclass
class ParsedQuery:
    """A spec read from URL parameters, with one note per value that was changed."""

    spec: ModelSpec
    notices: list[Note] = field(default_factory=list)


_TRUE = {"true", "1", "on", "yes"}
_FALSE = {"false", "0", "off", "no"}
# Notices list the depth and widths, then the words, then the other numbers, as they always have
# (the dataset, a word, is read before the regions pair that depends on it).
_READ_ORDER = sorted(
    CONTROLS,
    key=lambda c: 0 if c.field in ("layers", "widths") else 1 + (c.kind in (int, float)),
)


def spec_from_query(params: Mapping[str, str | Sequence[str]]) -> ParsedQuery:
    """Read a spec from URL query parameters, never raising.

    Each value falls back to the nearest valid one: out of range is clamped to
    the limit, unreadable becomes the default. Every change is reported.
    """
    notices: list[Note] = []
    values: dict[str, Any] = {}  # of each control's own kind
    for control in _READ_ORDER:
        if in_use(control, values.get("layers", 0)):
            control = resolved(control, values)
            text = _last_value(params, control.key, notices)
            values[control.key] = control.default if text is None else _read(control, text, notices)
    return ParsedQuery(spec_from_values(values), notices)


def _last_value(params, key: str, notices: list[Note]) -> str | None:
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        if not value:
            return None
        if len(value) > 1:
            notices.append(Note("notice.repeated", key=key, times=len(value)))
        value = value[-1]
    return None if value is None else str(value)


def _read(control: Control, text: str, notices: list[Note]):
    """The value ``text`` gives ``control``: the nearest valid one, noting any change."""
    word = text.strip().lower()
    if control.kind is bool:
        if word in _TRUE | _FALSE:
            return word in _TRUE
        notices.append(_note("notice.not_bool", control.key, text, control.default))
        return control.default
    if control.kind is str:
        if word in control.options:
            return word
        if control.field == "dataset" and names_upload(word):  # links never open an upload
            notices.append(_note("notice.upload_in_link", control.key, text, control.default))
            return control.default
        options = ", ".join(control.options)
        notices.append(
            _note("notice.not_one_of", control.key, text, control.default, options=options)
        )
        return control.default
    return _read_number(control, text, notices)


def _read_number(control: Control, text: str, notices: list[Note]):
    key, fallback, low, high, kind = (
        control.key,
        control.default,
        control.low,
        control.high,
        control.kind,
    )
    assert low is not None and high is not None  # every number control has its limits
    try:
        value = float(text.strip())
    except ValueError:
        notices.append(_note("notice.not_number", key, text, fallback))
        return fallback
    if not math.isfinite(value):
        notices.append(_note("notice.not_finite", key, text, fallback))
        return fallback
    clamped = kind(min(max(value, low), high))
    if kind is int:
        clamped = math.trunc(clamped)  # as Streamlit reads a whole-number slider
    elif control.digits is not None:
        clamped = round(clamped, control.digits)  # as the control keeps what it reads
    if clamped != value:
        if low <= value <= high and kind is int:
            notices.append(_note("notice.not_whole", key, text, clamped))
        elif low <= value <= high:
            notices.append(_note("notice.rounded", key, text, clamped, digits=control.digits))
        else:
            notices.append(_note("notice.outside", key, text, clamped, low=low, high=high))
    return clamped


def _note(catalog_key: str, key: str, text: str, used, **values) -> Note:
    """A notice that ``key=text`` was read as ``used``: English, and said again in the page's
    language (components/core/i18n)."""
    return Note(catalog_key, key=key, value=quoted(text), used=used, **values)


def spec_to_query(spec: ModelSpec) -> dict[str, str]:
    """The URL parameters that reproduce ``spec``: only those that differ from the defaults
    (the regions pair's default is the spec's dataset's first pair)."""
    values = control_values(spec)
    query = {}
    for key, value in values.items():
        control = resolved(CONTROL[key], values, {spec.dataset: spec.data})
        text = link_text(control, value)
        if text != link_text(control, control.default):
            query[key] = text
    return query
