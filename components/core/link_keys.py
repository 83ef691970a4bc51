"""Every key a link holds, declared once: how it is read (the nearest valid value, and a notice
for each change), how it is written, and whether the share link carries it. Pure Python.

The model's keys (``h1``, ``opt``, ``data``, ...) are the controls of
``model_controls.CONTROLS``, read together into one ``ModelSpec`` (``model_link``); the page's
own keys (``tab``, ``lang``, ``hide``, ``files``, ``ship``, ``log``, ``pins``, ``epoch``) are the
``PAGE_KEYS`` below. ``read_link`` reads a whole link, ``share_query`` writes one; the page's
edge with ``st.query_params`` is
``components/ui/link.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from components.core.datasets import DEFAULT_DATASET, is_upload
from components.core.i18n import DEFAULT_LANG, LANGS, Note, quoted
from components.core.model_controls import MODEL_KEYS
from components.core.model_link import spec_from_query, spec_to_query
from components.core.page_tabs import DEFAULT_TAB, TABS
from components.core.pins import decode_pins, encode_pins
from components.core.spec import MAX_EPOCHS, ModelSpec

# A key's reader: (the key, its default, every value the link gives it, in order) -> the value
# used and a notice per change.
Reader = Callable[[str, Any, Sequence[str]], tuple[Any, list[Note]]]


@dataclass(frozen=True)
class PageKey:
    """One of the page's keys: how the link's values are read, and a value written."""

    key: str
    default: Any  # each key's own kind of value (a flag, a tab, pins...)
    reader: Reader
    write: Callable[[Any], str]
    shared: bool = True  # carried by the share link (when not the default)
    canonical_at_open: bool = False  # the opening link rewritten to the value as read
    notices_on_top: bool = True  # else shown where the key is used (the pins' in Compare)

    def read(self, values: Sequence[str]) -> tuple[Any, list[Note]]:
        """The value the link's ``values`` for this key give (the last wins) and the notices."""
        return self.reader(self.key, self.default, values)


def choice(options: Sequence[str], notice: str, cut: str = "...") -> Reader:
    """One of ``options`` in any case (``tab=regions``); anything else is the default, noted."""
    by_lower = {option.lower(): option for option in options}

    def read(key: str, default, values: Sequence[str]) -> tuple[Any, list[Note]]:
        if not values:
            return default, []
        given = values[-1]
        value = by_lower.get(given.strip().lower())
        if value is None:
            shown = quoted(given, cut=cut)
            options_text = ", ".join(options)
            return default, [Note(notice, key=key, value=shown, options=options_text, used=default)]
        if len(values) > 1:
            return value, [Note("notice.repeated", key=key, times=len(values))]
        return value, []

    return read


def read_flag(key: str, default, values: Sequence[str]) -> tuple[Any, list[Note]]:
    """On or off as Streamlit reads a bound toggle: the last value, the other state only if it
    names it (``true`` or ``false``, any case); no notice."""
    if values and values[-1].lower() == flag_text(not default):
        return not default, []
    return default, []


def flag_text(on: object) -> str:
    return str(bool(on)).lower()


def read_names(key: str, default, values: Sequence[str]) -> tuple[Any, list[Note]]:
    """The comma-separated names of every value, lowercase (``?hide=opt,LR``)."""
    names = {name.strip().lower() for value in values for name in value.split(",")}
    return frozenset(names), []


def read_epoch(key: str, default, values: Sequence[str]) -> tuple[Any, list[Note]]:
    """A whole number of epochs from 0 to MAX_EPOCHS (the playback's nearest snapshot is
    shown); anything else is the default, the trained model, noted."""
    if not values:
        return default, []
    given = values[-1].strip()
    digits = given.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()):
        trained = Note("notice.epoch_trained")
        return default, [Note("notice.not_whole", key=key, value=quoted(given), used=trained)]
    value = int(given)
    if not 0 <= value <= MAX_EPOCHS:
        used = min(max(value, 0), MAX_EPOCHS)
        return used, [
            Note("notice.outside", key=key, value=value, low=0, high=MAX_EPOCHS, used=used)
        ]
    return value, []


def read_pins(key: str, default, values: Sequence[str]) -> tuple[Any, list[Note]]:
    """The pins of the last value (components/core/pins.py), each noted change noted."""
    parsed = decode_pins(values[-1] if values else None)
    return tuple(parsed.specs), parsed.notices


# In the order the share link writes them, after the model's keys.
PAGE_KEYS: tuple[PageKey, ...] = (
    # ?files=true: measure the model in every format (off by default: ~2 s of a worker).
    PageKey("files", False, read_flag, flag_text),
    # ?ship=true: TFLite and gzip at every width in the Bytes tab (~20 s of a worker a shape).
    PageKey("ship", False, read_flag, flag_text),
    # The bytes chart's log axes; Streamlit binds it, the share link leaves it out.
    PageKey("log", True, read_flag, flag_text, shared=False),
    PageKey("pins", (), read_pins, encode_pins, notices_on_top=False),
    # Controls a classroom link hides (each keeps the value the link gives it).
    PageKey("hide", frozenset(), read_names, lambda names: ",".join(sorted(names))),
    # The tab's notice has always cut a long value without a mark.
    PageKey("tab", DEFAULT_TAB, choice(TABS, "notice.tab_unknown", cut=""), str,
            canonical_at_open=True),
    # ?cells=true: every parameter a cell under the Parameters tab's formulas.
    PageKey("cells", False, read_flag, flag_text),
    # The epoch the Network tab and the heatmaps play back (None: the trained model).
    PageKey("epoch", None, read_epoch, str),
    PageKey("lang", DEFAULT_LANG, choice(LANGS, "notice.not_one_of"), str,
            canonical_at_open=True),
)  # fmt: skip
PAGE_KEY = {entry.key: entry for entry in PAGE_KEYS}
LINK_KEYS = (*MODEL_KEYS, *PAGE_KEY)
# The keys the page rewrites its opening link to, as read (then Streamlit seeds from them).
CANONICAL_AT_OPEN = (*MODEL_KEYS, *(entry.key for entry in PAGE_KEYS if entry.canonical_at_open))


@dataclass
class Link:
    """What a link says: the model, the page's values by key, and the notices on what changed
    (``notices``: the top of the page's, in link order; ``pin_notices``: the Compare tab's)."""

    spec: ModelSpec
    values: dict[str, Any]
    notices: list[Note] = field(default_factory=list)
    pin_notices: list[Note] = field(default_factory=list)


def read_link(params: Mapping[str, str | Sequence[str]]) -> Link:
    """Every key of a link (each key's values in order), never raising."""
    parsed = spec_from_query(params)
    link = Link(parsed.spec, {}, list(parsed.notices))
    for entry in PAGE_KEYS:
        value, notices = entry.read(_values(params, entry.key))
        link.values[entry.key] = value
        (link.notices if entry.notices_on_top else link.pin_notices).extend(notices)
    return link


def page_value(key: str, params: Mapping[str, str | Sequence[str]]):
    """One page key's value in a link, without its notices."""
    return PAGE_KEY[key].read(_values(params, key))[0]


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    value = params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def written(key: str, value) -> str | None:
    """``value`` as the link holds it; None (left out) for the default."""
    entry = PAGE_KEY[key]
    return None if value == entry.default else entry.write(value)


def canonical_at_open(link: Link) -> dict[str, str]:
    """The opening link's ``CANONICAL_AT_OPEN`` keys as the page rewrites them (a default is
    left out)."""
    query = spec_to_query(link.spec)
    for entry in PAGE_KEYS:
        if (
            entry.canonical_at_open
            and (text := written(entry.key, link.values[entry.key])) is not None
        ):
            query[entry.key] = text
    return query


def share_query(spec: ModelSpec, values: Mapping[str, object]) -> dict[str, str]:
    """The share link's keys: the model's that differ from the seed's model, then the page's.
    A link cannot carry an uploaded file: it links to the same settings on iris."""
    query = spec_to_query(spec.with_dataset(DEFAULT_DATASET) if is_upload(spec.dataset) else spec)
    for entry in PAGE_KEYS:
        if entry.shared and (text := written(entry.key, values[entry.key])) is not None:
            query[entry.key] = text
    return query
