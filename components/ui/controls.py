"""Sidebar controls, each bound to a URL query parameter so the link is the state.

``?hide=opt,lr`` hides chosen controls for a focused classroom exercise; a hidden
control keeps the value the link gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Final
from urllib.parse import urlencode

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.core.datasets import (
    DEFAULT_DATASET,
    Dataset,
    dataset,
    dataset_label,
    dataset_sentence,
    is_upload,
)
from components.core.i18n import CATALOGS, DEFAULT_LANG, Note
from components.core.link_keys import (
    CANONICAL_AT_OPEN,
    PAGE_KEY,
    PAGE_KEYS,
    canonical_at_open,
    read_link,
    share_query,
)
from components.core.model_controls import (
    CONTROL,
    CONTROLS,
    Control,
    control_values,
    in_use,
    resolved,
    spec_from_values,
)
from components.core.model_link import link_text, spec_from_query
from components.core.spec import PRESETS, ModelSpec
from components.ui.csv_upload import adopt_upload, session_uploads, upload_section
from components.ui.lang import t
from components.ui.link import from_link, link_params, session_or_link, write_link

BIND: Final = "query-params"  # Streamlit binds the widget to the link key of its own key
_NOTICES_KEY = "_url_notices"


def adopt_link() -> list[str]:
    """Read the opening link once per session; return what could not be used as given.

    Streamlit drops a bound value it cannot use (``h1=1e12`` would become the default);
    our own parser gives the nearest valid value instead (the limit, 512) and one notice
    per change. The link is rewritten to those values, from which Streamlit seeds the
    controls it binds; the others are seeded here. (Seeding a bound control too would make
    Streamlit log that it has both a default value and a Session State value.)
    """
    if _NOTICES_KEY not in st.session_state:
        params = link_params()
        link = read_link(params)
        st.session_state.update(_values_not_bound_by_streamlit(link.spec))
        st.session_state[_NOTICES_KEY] = link.notices
        # Rewrite the link before any control binds to it, then start over from the
        # rewritten one: Streamlit seeds bound controls from the link a run starts
        # with, and would drop these values (one, seed=9...9, even crashes it).
        canonical = canonical_at_open(link)
        given = {key: params[key] for key in CANONICAL_AT_OPEN if key in params}
        if given != {key: [value] for key, value in canonical.items()}:
            write_link({key: canonical.get(key) for key in CANONICAL_AT_OPEN})
            st.rerun()
    return st.session_state[_NOTICES_KEY]


def hidden_controls() -> frozenset[str]:
    return from_link("hide")


def view_toggle(key: str, label: str, **kwargs) -> bool:
    """An off-by-default toggle for what the page shows, not the model: bound to ``?key=``
    like the controls, and hideable with ``?hide=key`` (then the link's value holds)."""
    if key in hidden_controls():
        return from_link(key)
    return st.toggle(label, PAGE_KEY[key].default, key=key, bind=BIND, **kwargs)


def _values_not_bound_by_streamlit(spec: ModelSpec) -> dict:
    values = control_values(spec)
    return {key: value for key, value in values.items() if not CONTROL[key].streamlit_binds_url}


def _load(spec: ModelSpec) -> None:
    """Button callback: set every control (and so the URL) to ``spec``."""
    st.session_state.update(control_values(spec))
    for control in CONTROLS:
        if not control.streamlit_binds_url:
            _write_to_url(control)


def _load_preset(preset: ModelSpec) -> None:
    """Preset callback: the preset's model, on the data (and regions) already chosen."""
    spec = preset.with_dataset(st.session_state.get("data", DEFAULT_DATASET), session_uploads())
    if (regions := st.session_state.get("regions")) in spec.data.region_pair_ids:
        spec = replace(spec, region_features=regions)
    _load(spec)


def _write_to_url(control: Control) -> None:
    """Keep the link's value of a control Streamlit does not bind in step with the control."""
    value = st.session_state.get(control.key, control.default)
    write_link({control.key: None if value == control.default else link_text(control, value)})


def _default_arg(control: Control) -> dict:
    """``value=`` only where the default is not the widget's own (its minimum or off): a bound
    control drops its URL parameter at this default, and a ``value=`` beside a value set in
    Session State makes Streamlit log a warning."""
    own_default = control.low if control.widget in ("slider", "number") else False
    return {} if control.default == own_default else {"value": control.default}


def _draw(control: Control, labels: Callable[[str], str] | None = None):
    """The control's widget, from its table entry; returns the widget's value. ``labels``:
    what a select shows for each option."""
    common: dict[str, Any] = {"key": control.key, "help": _help(control)}
    if control.streamlit_binds_url:
        common["bind"] = BIND
    else:
        common.update(on_change=_write_to_url, args=(control,))
    if control.widget == "toggle":
        return st.toggle(_label(control), **_default_arg(control), **common)
    if control.widget == "select":
        index = control.options.index(control.default)
        if labels is not None:
            common["format_func"] = labels
        return st.selectbox(_label(control), control.options, index=index, **common)
    widget = st.number_input if control.widget == "number" else st.slider
    if control.format:
        common["format"] = control.format
    return widget(
        _label(control),
        control.low,
        control.high,
        step=control.step,
        **_default_arg(control),
        **common,
    )


def _option_labels(control: Control, values: dict, uploads) -> Callable[[str], str] | None:
    """What a select shows for each option: names, where the link holds short keys."""
    if control.key == "data":
        return lambda key: _dataset_option(dataset(key, uploads))
    if control.key == "regions":
        return dataset(values["data"], uploads).region_pair_label
    return None


def _dataset_option(data: Dataset) -> str:
    """A built-in dataset by its link name, an upload by its file's (a Note)."""
    label = dataset_label(data)
    return t(label) if isinstance(label, Note) else label


def _label(control: Control) -> str:
    """The control's label in the page's language."""
    if control.field in ("widths", "activations"):
        assert control.index is not None  # every per-layer control has its layer's index
        word = "width" if control.field == "widths" else "activation"
        return t(f"control.{word}", number=control.index + 1)
    return t(f"control.{control.key}")


def _help(control: Control) -> str | None:
    """The control's help, where the catalogs have one."""
    key = f"control.{control.key}.help"
    return t(key) if key in CATALOGS[DEFAULT_LANG] else None


def _as_spec_value(control: Control, value):
    """A widget's value as the spec holds it."""
    if control.kind is str:
        return value or control.options[0]
    if control.kind is float:
        return float(value) if control.digits is None else round(float(value), control.digits)
    return control.kind(value)


def model_controls() -> ModelSpec:
    """Draw the controls and return the spec they describe.

    The depth and the widths sit on the page, the rest in the sidebar: on a phone the
    sidebar is a menu, and moving a width must not need one.
    """
    hidden = hidden_controls()
    # A hidden control keeps the value the link gives it.
    linked = control_values(spec_from_query(link_params()).spec) if hidden else {}
    values: dict[str, Any] = {}  # of each control's own kind
    uploads = {} if "data" in hidden else adopt_upload()  # before the dataset select
    depth_column, widths_area = st.container(key="shape").columns([1, 5])
    width_columns: list[DeltaGenerator] = []
    section = None
    for control in CONTROLS:
        layers = values.get("layers", 0)
        if not in_use(control, layers):
            continue
        control = resolved(control, values, uploads)  # the regions: the chosen dataset's
        if control.key == "data":
            control = replace(control, options=control.options + tuple(uploads))
        if control.key in hidden:
            value = linked.get(control.key, control.default)
        elif control.key == "layers":
            with depth_column:
                value = _draw(control)
        elif control.field == "widths":
            width_columns = width_columns or widths_area.columns(layers)
            assert control.index is not None  # every width control has its layer's index
            with width_columns[control.index]:
                value = _draw(control)
        else:
            with st.sidebar:
                if control.section != section:
                    section = control.section
                    st.header(t(f"section.{section}"))
                value = _draw(control, _option_labels(control, values, uploads))
                if not control.streamlit_binds_url:  # a new dataset may have moved it
                    _write_to_url(control)
                if control.key == "data":
                    st.caption(t(dataset_sentence(dataset(value or control.default, uploads))))
                    upload_section()
        values[control.key] = _as_spec_value(control, value)
    if hidden:
        st.sidebar.caption(t("controls.hidden", keys=", ".join(sorted(hidden))))
    return spec_from_values(values, uploads)


def presets_and_share(spec: ModelSpec) -> None:
    """One-click presets, a reset button and the link to share."""
    with st.sidebar:
        st.header(t("presets.heading"))
        st.button(
            t("presets.reset"),
            on_click=_load,
            args=(ModelSpec(),),
            type="primary",
            width="stretch",
        )
        for preset, preset_spec in PRESETS.items():
            st.button(
                t(f"preset.{preset}"),
                key=f"preset-{preset}",
                on_click=_load_preset,
                args=(preset_spec,),
                width="stretch",
            )
        st.header(t("share.heading"))
        query = share_query(spec, {entry.key: session_or_link(entry.key) for entry in PAGE_KEYS})
        base = (st.context.url or "http://localhost:8501").rstrip("/") + "/"
        link = base + ("?" + urlencode(query) if query else "")
        # Behind a button: a code block's highlighter (~1.5 MB of script) then loads when
        # the link is opened, not before the first page can show its numbers.
        share = st.popover(t("share.open"), icon=":material/link:", width="stretch")
        with share, st.container(key="share"):
            st.code(link, language=None, wrap_lines=True)
            st.caption(t("share.caption"))
            if is_upload(spec.dataset):  # the link names iris instead
                st.caption(t("upload.link_note"))
