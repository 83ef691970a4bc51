"""The model a user configures: one frozen dataclass, its limits, and a clamping parser.

Pure Python: no streamlit, no tensorflow. Every limit is a named constant so the
controls, the URL parser and the tests agree on one set of numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from components.core.datasets import (
    DATASET_KEYS,
    DATASETS,
    DEFAULT_DATASET,
    NO_UPLOADS,
    Dataset,
    dataset,
    names_upload,
)
from components.core.i18n import Note, quoted

MIN_LAYERS, MAX_LAYERS = 1, 6
MIN_WIDTH, MAX_WIDTH = 1, 512
MIN_EPOCHS, MAX_EPOCHS = 1, 500
MIN_BATCH, MAX_BATCH = 1, 256
MIN_DROPOUT, MAX_DROPOUT = 0.0, 0.8
MIN_LR, MAX_LR = 1e-5, 1.0
MIN_SEED, MAX_SEED = 0, 2**31 - 1
MIN_L2, MAX_L2 = 0.0, 0.1  # L2 weight decay on every Dense kernel; 0 is none

# Keras's own activation names, as the link writes them.
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear", "gelu")

# URL values are Keras's own lowercase optimizer names.
OPTIMIZERS = ("adam", "adamw", "sgd", "rmsprop", "adagrad")

# The seed's model: 32 then 16, and halving after that for deeper nets.
DEFAULT_WIDTHS = (32, 16, 8, 4, 2, 1)
DEFAULT_LAYERS = 2
# The seed's: the first hidden Dense linear, relu after.
DEFAULT_ACTIVATIONS = ("linear", "relu", "relu", "relu", "relu", "relu")

# Iris's, the default dataset's; every dataset's are in components/core/datasets.py.
_IRIS = DATASETS[DEFAULT_DATASET]
N_FEATURES = _IRIS.n_features  # sepal and petal, length and width
N_CLASSES = _IRIS.n_classes  # setosa, versicolor, virginica
FEATURE_NAMES = _IRIS.feature_names
# The decision-regions chart's feature pairs on iris: URL id -> (x, y) column.
REGION_PAIRS = dict(_IRIS.region_pairs)


@dataclass(frozen=True)
class ModelSpec:
    """Everything that decides a trained MLP, and nothing else.

    ``widths`` are the hidden Dense layers in order, ``activations`` theirs (left out or
    short: the seed's, linear first and relu after; kept as deep as ``widths``); the output
    is a softmax Dense over the dataset's classes. ``l2`` is the L2 weight decay on every
    Dense kernel (0: none). ``region_features`` left out (None) is the dataset's first pair.
    ``upload``: the uploaded table ``dataset`` names, when it names one (not part of the
    spec's identity: the key holds the table's fingerprint).
    """

    widths: tuple[int, ...] = DEFAULT_WIDTHS[:DEFAULT_LAYERS]
    activations: tuple[str, ...] = None  # type: ignore[assignment]  # widths' depth
    batchnorm: bool = True
    dropout: float = 0.2
    optimizer: str = "adam"
    learning_rate: float = 0.001
    epochs: int = 100
    batch_size: int = 32
    seed: int = 0
    region_features: str = None  # type: ignore[assignment]  # the regions grid is in the result
    dataset: str = DEFAULT_DATASET
    l2: float = 0.0
    upload: Dataset | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not MIN_LAYERS <= len(self.widths) <= MAX_LAYERS:
            raise ValueError(
                f"widths has {len(self.widths)} hidden layers; expected {MIN_LAYERS}..{MAX_LAYERS}."
            )
        for i, width in enumerate(self.widths, start=1):
            _check_range(f"h{i}", width, MIN_WIDTH, MAX_WIDTH, int)
        given = tuple(self.activations or ())[: len(self.widths)]
        activations = given + DEFAULT_ACTIVATIONS[len(given) : len(self.widths)]
        object.__setattr__(self, "activations", activations)
        for i, activation in enumerate(self.activations, start=1):
            if activation not in ACTIVATIONS:
                raise ValueError(f"a{i}={activation!r} is not one of {', '.join(ACTIVATIONS)}.")
        _check_range("l2", self.l2, MIN_L2, MAX_L2, float)
        _check_range("dropout", self.dropout, MIN_DROPOUT, MAX_DROPOUT, float)
        _check_range("lr", self.learning_rate, MIN_LR, MAX_LR, float)
        _check_range("epochs", self.epochs, MIN_EPOCHS, MAX_EPOCHS, int)
        _check_range("batch", self.batch_size, MIN_BATCH, MAX_BATCH, int)
        _check_range("seed", self.seed, MIN_SEED, MAX_SEED, int)
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer={self.optimizer!r} is not one of {', '.join(OPTIMIZERS)}.")
        uploaded = self.upload is not None and self.upload.key == self.dataset
        if self.dataset not in DATASETS and not uploaded:
            raise ValueError(
                f"dataset={self.dataset!r} is not one of {', '.join(DATASET_KEYS)} "
                "nor the uploaded table given with the spec."
            )
        if self.upload is not None and not uploaded:
            raise ValueError(f"upload {self.upload.key!r} is not dataset={self.dataset!r}.")
        pairs = self.data.region_pair_ids
        if self.region_features is None:
            object.__setattr__(self, "region_features", pairs[0])
        if self.region_features not in pairs:
            raise ValueError(
                f"region_features={self.region_features!r} is not one of {', '.join(pairs)}."
            )

    @property
    def data(self) -> Dataset:
        """The dataset's facts (components/core/datasets.py), a built-in's or the upload's."""
        return self.upload if self.upload is not None else DATASETS[self.dataset]

    def with_widths(self, widths: tuple[int, ...]) -> ModelSpec:
        return replace(self, widths=tuple(widths))

    def with_dataset(self, key: str, uploads: Mapping[str, Dataset] = NO_UPLOADS) -> ModelSpec:
        """``key``'s data (a built-in's, or one of ``uploads``); the regions pair kept if that
        dataset has it, else its first."""
        data = dataset(key, uploads)
        pairs = data.region_pair_ids
        return replace(
            self,
            dataset=key,
            upload=data if data.table is not None else None,
            region_features=self.region_features if self.region_features in pairs else pairs[0],
        )


def _check_range(name: str, value, low, high, kind: type) -> None:
    """Raise a ValueError that says what was passed and what is allowed."""
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"{name}={value!r} must be an integer.")
    if kind is float and not isinstance(value, (int, float)):
        raise ValueError(f"{name}={value!r} must be a number.")
    if not low <= value <= high:
        raise ValueError(f"{name}={value!r} is outside {low}..{high}.")


def default_width(index: int) -> int:
    """Default width of hidden layer ``index`` (0-based)."""
    return DEFAULT_WIDTHS[index]


class Section(StrEnum):
    """Where a control sits in the sidebar; its heading is the catalogs' ``section.<value>``."""

    DATA = "data"
    MODEL = "model"
    TRAINING = "training"
    CHARTS = "charts"


OptionsOf = Callable[[Mapping[str, Any], Mapping[str, Dataset]], tuple[str, ...]]


@dataclass(frozen=True)
class Control:
    """One control: its link key (also its widget's key), kind, limits, default and widget.

    ``field`` is the ModelSpec field it sets; ``layers`` is the depth (``len(widths)``),
    ``h1``..``h6`` set ``widths`` and ``a1``..``a6`` ``activations`` at ``index``. Its label
    is the catalogs' ``control.<key>`` (a width's: ``control.width``, an activation's:
    ``control.activation``), its help ``control.<key>.help`` where
    they have one.
    """

    key: str
    field: str
    kind: type  # int, float, bool or str
    default: Any  # of the control's kind
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: tuple[str, ...] = ()
    widget: str = "slider"  # slider, toggle, select or number
    section: Section = Section.MODEL
    format: str | None = None
    digits: int | None = None  # round what the widget returns: float steps add noise
    index: int | None = None
    # Options that depend on the controls read before it (the regions pair on the dataset):
    # (values by key, the session's uploads by key) -> options; the first is then the default
    # (see ``resolved``).
    options_of: OptionsOf | None = None
    # Bound to the link by hand instead: a whole-number input, whose binding by Streamlit
    # crashes on a 400-digit value in the link (OverflowError) before we could correct it,
    # and a select that shows labels, which Streamlit would write into the link.
    streamlit_binds_url: bool = True


_SEED = ModelSpec()

# In sidebar and link order. Adding a control: one entry here, one ModelSpec field, its label
# (and help) in each catalog (components/core/i18n).
CONTROLS: tuple[Control, ...] = (
    Control(key="data", field="dataset", kind=str, default=_SEED.dataset, options=DATASET_KEYS,
            widget="select", section=Section.DATA),
    Control(key="layers", field="layers", kind=int, default=DEFAULT_LAYERS, low=MIN_LAYERS,
            high=MAX_LAYERS),
    *(
        Control(key=f"h{i + 1}", field="widths", kind=int, default=width, low=MIN_WIDTH,
                high=MAX_WIDTH, index=i)
        for i, width in enumerate(DEFAULT_WIDTHS)
    ),
    Control(key="bn", field="batchnorm", kind=bool, default=_SEED.batchnorm, widget="toggle"),
    Control(key="dropout", field="dropout", kind=float, default=_SEED.dropout, low=MIN_DROPOUT,
            high=MAX_DROPOUT, step=0.05, digits=4),
    *(
        Control(key=f"a{i + 1}", field="activations", kind=str, default=activation,
                options=ACTIVATIONS, widget="select", index=i)
        for i, activation in enumerate(DEFAULT_ACTIVATIONS)
    ),
    Control(key="l2", field="l2", kind=float, default=_SEED.l2, low=MIN_L2, high=MAX_L2,
            step=0.0001, format="%.4f", widget="number", digits=6),
    Control(key="opt", field="optimizer", kind=str, default=_SEED.optimizer, options=OPTIMIZERS,
            widget="select", section=Section.TRAINING),
    Control(key="lr", field="learning_rate", kind=float, default=_SEED.learning_rate, low=MIN_LR,
            high=MAX_LR, step=0.0005, format="%.5f", widget="number", section=Section.TRAINING),
    Control(key="epochs", field="epochs", kind=int, default=_SEED.epochs, low=MIN_EPOCHS,
            high=MAX_EPOCHS, section=Section.TRAINING),
    Control(key="batch", field="batch_size", kind=int, default=_SEED.batch_size, low=MIN_BATCH,
            high=MAX_BATCH, section=Section.TRAINING),
    Control(key="seed", field="seed", kind=int, default=_SEED.seed, low=MIN_SEED, high=MAX_SEED,
            step=1, widget="number", section=Section.TRAINING, streamlit_binds_url=False),
    Control(key="regions", field="region_features", kind=str, default=_SEED.region_features,
            options=tuple(REGION_PAIRS), widget="select", section=Section.CHARTS,
            options_of=lambda values, uploads: dataset(values["data"], uploads).region_pair_ids,
            streamlit_binds_url=False),
)  # fmt: skip
CONTROL = {control.key: control for control in CONTROLS}
MODEL_KEYS = tuple(CONTROL)  # the model's link keys; the page's own are in link_keys.py


_PER_LAYER = ("widths", "activations")  # one control per hidden layer, at its index


def control_value(control: Control, spec: ModelSpec):
    """The value ``control`` shows for ``spec``; None for a width deeper than the model."""
    if control.field == "layers":
        return len(spec.widths)
    if control.field in _PER_LAYER:
        assert control.index is not None  # every per-layer control has its layer's index
        values = getattr(spec, control.field)
        return values[control.index] if control.index < len(values) else None
    return getattr(spec, control.field)


def control_values(spec: ModelSpec) -> dict:
    """Every control's value for ``spec``, by key (widths only as deep as the model)."""
    values = {control.key: control_value(control, spec) for control in CONTROLS}
    return {key: value for key, value in values.items() if value is not None}


def resolved(
    control: Control, values: Mapping[str, Any], uploads: Mapping[str, Dataset] = NO_UPLOADS
) -> Control:
    """``control`` with the options and default it has given the values read before it (and
    the session's ``uploads``, by key)."""
    if control.options_of is None:
        return control
    options = control.options_of(values, uploads)
    return replace(control, options=options, default=options[0])


def in_use(control: Control, layers: int) -> bool:
    """False for the width of a layer the model does not have."""
    return control.index is None or control.index < layers


def spec_from_values(
    values: Mapping[str, Any], uploads: Mapping[str, Dataset] = NO_UPLOADS
) -> ModelSpec:
    """The spec that controls' values (by key) describe; ``h<i>`` beyond ``layers`` unused.
    A ``data`` value naming an upload must be one of ``uploads`` (the session's, by key).

    A value its control no longer offers (a regions pair of another dataset, from a widget
    drawn before the dataset changed) becomes that control's default.
    """
    widths = tuple(values[f"h{i + 1}"] for i in range(values["layers"]))
    activations = tuple(values.get(f"a{i + 1}", DEFAULT_ACTIVATIONS[i]) for i in range(len(widths)))
    fields: dict[str, Any] = {}
    for control in CONTROLS:
        if control.field in ("layers", *_PER_LAYER):
            continue
        control = resolved(control, values, uploads)
        value = values[control.key]
        if control.options_of is not None and value not in control.options:
            value = control.default
        fields[control.field] = value
    upload = uploads.get(fields["dataset"])
    return ModelSpec(widths=widths, activations=activations, upload=upload, **fields)


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


class Preset(StrEnum):
    """One-click starting points: the seed's model, its table's three columns, two extremes.
    The value names the preset's button and its text in the catalogs (``preset.<value>``)."""

    SEED_16_8 = "seed-16-8"
    SEED_32_16 = "seed-32-16"
    SEED_64_32 = "seed-64-32"
    TINY = "tiny-4-2"
    WIDE = "wide-512-256-128"


PRESETS: dict[Preset, ModelSpec] = {
    Preset.SEED_16_8: ModelSpec(widths=(16, 8)),
    Preset.SEED_32_16: ModelSpec(widths=(32, 16)),
    Preset.SEED_64_32: ModelSpec(widths=(64, 32)),
    Preset.TINY: ModelSpec(widths=(4, 2), batchnorm=False, dropout=0.0),
    Preset.WIDE: ModelSpec(widths=(512, 256, 128), epochs=50),
}
