"""The model's controls, one table: each one's link key, kind, limits, default and widget.

``CONTROLS`` is the model's half of the link keys (the page's own are in ``link_keys``) and
the sidebar's widgets in order; ``spec_from_values`` turns the controls' values (by key)
into a ``ModelSpec`` and ``control_values`` a spec back into them. The link is read and
written from this table by ``model_link``; the widgets are drawn from it by
``components/ui/controls.py``. Pure Python.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from components.core.datasets import DATASET_KEYS, NO_UPLOADS, Dataset, dataset
from components.core.spec import (
    ACTIVATIONS,
    DEFAULT_ACTIVATIONS,
    DEFAULT_LAYERS,
    DEFAULT_WIDTHS,
    MAX_BATCH,
    MAX_DROPOUT,
    MAX_EPOCHS,
    MAX_L2,
    MAX_LAYERS,
    MAX_LR,
    MAX_SEED,
    MAX_WIDTH,
    MIN_BATCH,
    MIN_DROPOUT,
    MIN_EPOCHS,
    MIN_L2,
    MIN_LAYERS,
    MIN_LR,
    MIN_SEED,
    MIN_WIDTH,
    OPTIMIZERS,
    REGION_PAIRS,
    ModelSpec,
)


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

# In sidebar and link order. Adding a control: one entry here, one ModelSpec field (spec.py),
# its label (and help) in each catalog (components/core/i18n).
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
