"""Pinned runs: whole specs carried in one URL key, ``?pins=h1.64-h2.32-opt.sgd~h1.8-h2.4``.

A pin is written as its spec's link (``spec_to_query``: only what differs from the seed's
model), each ``key=value`` as ``key.value`` joined by ``-``, pins joined by ``~`` (all
characters a URL leaves as they are). A pin is read back through the controls' own parser,
so a hand-edited value is clamped with the same notice as in the link itself. Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from components.core.i18n import DEFAULT_LANG, Note, quoted, text
from components.core.model_controls import CONTROL
from components.core.model_link import spec_from_query, spec_to_query
from components.core.params import summarize
from components.core.results import TrainResult
from components.core.spec import ModelSpec

MAX_PINS = 4
PIN_SEPARATOR = "~"
PAIR_SEPARATOR = "-"
DEFAULT_PIN = "default"  # the seed's model: nothing differs from the defaults
# Split pairs only where a key (letters first) follows: a value such as lr's 1e-05 has a "-".
_PAIR_SPLIT = re.compile(r"-(?=[a-z][a-z0-9]*\.)", re.IGNORECASE)
_MAX_PIN_TEXT = 400  # longer than any real pin: a hostile link is not read further


@dataclass
class ParsedPins:
    """The pins read from a link, with one note per thing that was changed or dropped."""

    specs: list[ModelSpec] = field(default_factory=list)
    notices: list[Note] = field(default_factory=list)


def encode_pin(spec: ModelSpec) -> str:
    """One pin's text: the spec's non-default controls as ``key.value`` joined by ``-``."""
    pairs = [f"{key}.{value}" for key, value in spec_to_query(spec).items()]
    return PAIR_SEPARATOR.join(pairs) or DEFAULT_PIN


def encode_pins(specs: Sequence[ModelSpec]) -> str:
    return PIN_SEPARATOR.join(encode_pin(spec) for spec in specs)


def decode_pins(text: str | None) -> ParsedPins:
    """The pins ``text`` holds, never raising: at most MAX_PINS, no duplicates, each clamped."""
    parsed = ParsedPins()
    pieces = [piece for piece in (text or "").split(PIN_SEPARATOR) if piece.strip()]
    for number, piece in enumerate(pieces, start=1):
        spec = _decode_pin(piece.strip(), Note("pin.name", number=number), parsed.notices)
        if spec is None:
            continue
        if spec in parsed.specs:
            parsed.notices.append(Note("notice.pin_repeats", number=number))
        elif len(parsed.specs) == MAX_PINS:
            parsed.notices.append(Note("notice.pins_max", max=MAX_PINS, number=number))
            break
        else:
            parsed.specs.append(spec)
    return parsed


def canonical_pins(text: str | None) -> str:
    """The link's pins as the page writes them (clamped, deduplicated, at most MAX_PINS)."""
    return encode_pins(decode_pins(text).specs)


def _decode_pin(piece: str, name: Note, notices: list[Note]) -> ModelSpec | None:
    """One pin's spec, or None (with a notice) when nothing in it can be read."""
    if piece.lower() == DEFAULT_PIN:
        return ModelSpec()
    if len(piece) > _MAX_PIN_TEXT:
        notices.append(Note("notice.pin_too_long", name=name, length=len(piece)))
        return None
    values: dict[str, str] = {}
    unread: list[str] = []
    for pair in _PAIR_SPLIT.split(piece):
        key, dot, value = pair.partition(".")
        if dot and key.lower() in CONTROL:
            values[key.lower()] = value  # a repeated key: the last one, as in a link
        else:
            unread.append(pair)
    if not values:
        notices.append(Note("notice.pin_unreadable", name=name, piece=quoted(piece)))
        return None
    if unread:
        skipped = ", ".join(f"`{quoted(pair)}`" for pair in unread)
        notices.append(Note("notice.pin_ignored", name=name, skipped=skipped))
    parsed = spec_from_query(values)
    notices.extend(
        Note("notice.pin_prefixed", name=name, notice=notice) for notice in parsed.notices
    )
    return parsed.spec


def describe(spec: ModelSpec, lang: str = DEFAULT_LANG) -> dict[str, object]:
    """What sets a run apart, as the comparison table shows it (columns in ``lang``)."""
    settings = {
        "widths": "/".join(str(width) for width in spec.widths),
        "data": spec.dataset,
        "batchnorm": text(lang, "compare.on" if spec.batchnorm else "compare.off"),
        "dropout": spec.dropout,
        "optimizer": spec.optimizer,
        "learning_rate": spec.learning_rate,
        "epochs": spec.epochs,
        "batch": spec.batch_size,
        "seed": spec.seed,
    }
    return {text(lang, f"compare.col.{key}"): value for key, value in settings.items()}


def comparison_row(
    label: str, spec: ModelSpec, result: TrainResult | None, lang: str = DEFAULT_LANG
) -> dict[str, object]:
    """One run's row: its settings, parameters, and (once trained) accuracy, time and bytes."""
    settings = describe(spec, lang)
    answers = {  # the answers first: a narrow table scrolls the settings out of sight
        "run": label,
        "widths": settings.pop(text(lang, "compare.col.widths")),
        "parameters": summarize(spec).total,
        "test_accuracy": f"{result.test_accuracy:.1%}" if result is not None else "-",
        "seconds": round(result.seconds, 2) if result is not None else None,
        "keras_bytes": result.model_bytes if result is not None else None,
    }
    named = {text(lang, f"compare.col.{key}"): value for key, value in answers.items()}
    return {**named, **settings}
