"""The model a user configures: one frozen dataclass, its limits, and a clamping parser.

Pure Python: no streamlit, no tensorflow. Every limit is a named constant so the
controls, the URL parser and the tests agree on one set of numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

MIN_LAYERS, MAX_LAYERS = 1, 6
MIN_WIDTH, MAX_WIDTH = 1, 512
MIN_EPOCHS, MAX_EPOCHS = 1, 500
MIN_BATCH, MAX_BATCH = 1, 256
MIN_DROPOUT, MAX_DROPOUT = 0.0, 0.8
MIN_LR, MAX_LR = 1e-5, 1.0
MIN_SEED, MAX_SEED = 0, 2**31 - 1

# URL values are Keras's own lowercase optimizer names.
OPTIMIZERS = ("adam", "adamw", "sgd", "rmsprop", "adagrad")

# The seed's model: 32 then 16, and halving after that for deeper nets.
DEFAULT_WIDTHS = (32, 16, 8, 4, 2, 1)
DEFAULT_LAYERS = 2

N_FEATURES = 4  # iris: sepal and petal, length and width
N_CLASSES = 3  # setosa, versicolor, virginica


@dataclass(frozen=True)
class ModelSpec:
    """Everything that decides a trained iris MLP, and nothing else.

    ``widths`` are the hidden Dense layers in order. The first hidden Dense is
    linear and later ones use relu, as in the seed post; the output is a
    softmax Dense over the three classes.
    """

    widths: tuple[int, ...] = DEFAULT_WIDTHS[:DEFAULT_LAYERS]
    batchnorm: bool = True
    dropout: float = 0.2
    optimizer: str = "adam"
    learning_rate: float = 0.001
    epochs: int = 100
    batch_size: int = 32
    seed: int = 0

    def __post_init__(self) -> None:
        if not MIN_LAYERS <= len(self.widths) <= MAX_LAYERS:
            raise ValueError(
                f"widths has {len(self.widths)} hidden layers; expected {MIN_LAYERS}..{MAX_LAYERS}."
            )
        for i, width in enumerate(self.widths, start=1):
            _check_range(f"h{i}", width, MIN_WIDTH, MAX_WIDTH, int)
        _check_range("dropout", self.dropout, MIN_DROPOUT, MAX_DROPOUT, float)
        _check_range("lr", self.learning_rate, MIN_LR, MAX_LR, float)
        _check_range("epochs", self.epochs, MIN_EPOCHS, MAX_EPOCHS, int)
        _check_range("batch", self.batch_size, MIN_BATCH, MAX_BATCH, int)
        _check_range("seed", self.seed, MIN_SEED, MAX_SEED, int)
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer={self.optimizer!r} is not one of {', '.join(OPTIMIZERS)}.")

    def with_widths(self, widths: tuple[int, ...]) -> ModelSpec:
        return replace(self, widths=tuple(widths))


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


@dataclass
class ParsedQuery:
    """A spec read from URL parameters, with one note per value that was changed."""

    spec: ModelSpec
    notices: list[str] = field(default_factory=list)


_TRUE = {"true", "1", "on", "yes"}
_FALSE = {"false", "0", "off", "no"}


def spec_from_query(params: Mapping[str, str | list[str]]) -> ParsedQuery:
    """Read a spec from URL query parameters, never raising.

    Each value falls back to the nearest valid one: out of range is clamped to
    the limit, unreadable becomes the default. Every change is reported.
    """
    notices: list[str] = []
    default = ModelSpec()

    def raw(key: str) -> str | None:
        value = params.get(key)
        if isinstance(value, (list, tuple)):
            if not value:
                return None
            if len(value) > 1:
                notices.append(f"`{key}` appeared {len(value)} times; used the last one.")
            value = value[-1]
        return None if value is None else str(value)

    def number(key, fallback, low, high, kind):
        text = raw(key)
        if text is None:
            return fallback
        try:
            value = float(text.strip())
        except ValueError:
            notices.append(f"`{key}={_short(text)}` is not a number; used {fallback}.")
            return fallback
        if not math.isfinite(value):
            notices.append(f"`{key}={_short(text)}` is not finite; used {fallback}.")
            return fallback
        clamped = kind(min(max(value, low), high))
        if kind is int:
            clamped = math.trunc(clamped)  # as Streamlit reads a whole-number slider
        if clamped != value:
            reason = f"is outside {low}..{high}" if not low <= value <= high else "is not whole"
            notices.append(f"`{key}={_short(text)}` {reason}; used {clamped}.")
        return clamped

    layers = number("layers", DEFAULT_LAYERS, MIN_LAYERS, MAX_LAYERS, int)
    widths = tuple(
        number(f"h{i + 1}", default_width(i), MIN_WIDTH, MAX_WIDTH, int) for i in range(layers)
    )
    bn_text = raw("bn")
    batchnorm = default.batchnorm
    if bn_text is not None:
        if bn_text.strip().lower() in _TRUE | _FALSE:
            batchnorm = bn_text.strip().lower() in _TRUE
        else:
            notices.append(f"`bn={_short(bn_text)}` is not true/false; used {batchnorm}.")
    optimizer = default.optimizer
    opt_text = raw("opt")
    if opt_text is not None:
        if opt_text.strip().lower() in OPTIMIZERS:
            optimizer = opt_text.strip().lower()
        else:
            notices.append(
                f"`opt={_short(opt_text)}` is not one of {', '.join(OPTIMIZERS)}; used {optimizer}."
            )
    spec = ModelSpec(
        widths=widths,
        batchnorm=batchnorm,
        dropout=number("dropout", default.dropout, MIN_DROPOUT, MAX_DROPOUT, float),
        optimizer=optimizer,
        learning_rate=number("lr", default.learning_rate, MIN_LR, MAX_LR, float),
        epochs=number("epochs", default.epochs, MIN_EPOCHS, MAX_EPOCHS, int),
        batch_size=number("batch", default.batch_size, MIN_BATCH, MAX_BATCH, int),
        seed=number("seed", default.seed, MIN_SEED, MAX_SEED, int),
    )
    return ParsedQuery(spec, notices)


def _short(text: str, limit: int = 24) -> str:
    """Quote at most ``limit`` characters of a hostile value, printable only."""
    clean = "".join(ch if ch.isprintable() and ch != "`" else "?" for ch in text)
    return clean if len(clean) <= limit else clean[:limit] + "..."


QUERY_KEYS = (
    "layers",
    *(f"h{i + 1}" for i in range(MAX_LAYERS)),
    "bn",
    "dropout",
    "opt",
    "lr",
    "epochs",
    "batch",
    "seed",
)


def _query_values(spec: ModelSpec) -> dict[str, str]:
    values = {"layers": str(len(spec.widths))}
    values.update({f"h{i + 1}": str(width) for i, width in enumerate(spec.widths)})
    values.update(
        bn=str(spec.batchnorm).lower(),
        dropout=f"{spec.dropout:g}",
        opt=spec.optimizer,
        lr=f"{spec.learning_rate:g}",
        epochs=str(spec.epochs),
        batch=str(spec.batch_size),
        seed=str(spec.seed),
    )
    return values


def spec_to_query(spec: ModelSpec) -> dict[str, str]:
    """The URL parameters that reproduce ``spec``: only those that differ from the defaults."""
    defaults = _query_values(ModelSpec(widths=DEFAULT_WIDTHS)) | {"layers": str(DEFAULT_LAYERS)}
    return {key: value for key, value in _query_values(spec).items() if defaults[key] != value}


# One-click starting points: the seed's model, its table's three columns, two extremes.
PRESETS: dict[str, ModelSpec] = {
    "Seed table 16/8": ModelSpec(widths=(16, 8)),
    "Seed table 32/16": ModelSpec(widths=(32, 16)),
    "Seed table 64/32": ModelSpec(widths=(64, 32)),
    "Tiny 4/2": ModelSpec(widths=(4, 2), batchnorm=False, dropout=0.0),
    "Wide 512/256/128": ModelSpec(widths=(512, 256, 128), epochs=50),
}
