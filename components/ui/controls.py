"""Sidebar controls, each bound to a URL query parameter so the link is the state.

``?hide=opt,lr`` hides chosen controls for a focused classroom exercise; a hidden
control keeps the value the link gives it.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from components.core import spec as limits
from components.core.spec import (
    PRESETS,
    QUERY_KEYS,
    ModelSpec,
    default_width,
    spec_from_query,
    spec_to_query,
)

BIND = "query-params"
HIDE_PARAM = "hide"
FILES_PARAM = "files"  # ?files=true: measure the model in every format (off by default)
_NOTICES_KEY = "_url_notices"


def _raw_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def adopt_link() -> list[str]:
    """Read the opening link once per session; return what could not be used as given.

    Streamlit drops a bound value it cannot use (``h1=1e12`` would become the default);
    seeding the controls from our own parser gives the nearest valid value instead
    (the limit, 512) and one notice per change.
    """
    if _NOTICES_KEY not in st.session_state:
        raw = _raw_query()
        parsed = spec_from_query(raw)
        st.session_state.update(_widget_values(parsed.spec))
        st.session_state[_NOTICES_KEY] = parsed.notices
        # Rewrite the link before any control binds to it, then start over from the
        # rewritten one: Streamlit seeds bound controls from the link a run starts
        # with, and would drop these values (one, seed=9...9, even crashes it).
        canonical = spec_to_query(parsed.spec)
        given = {key: raw[key] for key in QUERY_KEYS if key in raw}
        if given != {key: [value] for key, value in canonical.items()}:
            for key in QUERY_KEYS:
                if key in canonical:
                    st.query_params[key] = canonical[key]
                elif key in st.query_params:
                    del st.query_params[key]
            st.rerun()
    return st.session_state[_NOTICES_KEY]


def hidden_controls() -> set[str]:
    return {
        name.strip().lower()
        for value in st.query_params.get_all(HIDE_PARAM)
        for name in value.split(",")
    }


def link_flag(key: str) -> bool:
    """An on/off value as Streamlit reads a bound toggle from the link: the last ``key=``,
    on only if it says "true" (any case); anything else is the default, off."""
    values = st.query_params.get_all(key)
    return bool(values) and values[-1].lower() == "true"


def view_toggle(key: str, label: str, **kwargs) -> bool:
    """An off-by-default toggle for what the page shows, not the model: bound to ``?key=``
    like the controls, and hideable with ``?hide=key`` (then the link's value holds)."""
    if key in hidden_controls():
        return link_flag(key)
    return st.toggle(label, False, key=key, bind=BIND, **kwargs)


def files_report_on() -> bool:
    """The files panel's toggle, read before it is drawn: this session's value, else the link's."""
    return bool(st.session_state.get(FILES_PARAM, link_flag(FILES_PARAM)))


def _widget_values(spec: ModelSpec) -> dict:
    values = {f"h{i + 1}": width for i, width in enumerate(spec.widths)}
    values.update(
        layers=len(spec.widths),
        bn=spec.batchnorm,
        dropout=spec.dropout,
        opt=spec.optimizer,
        lr=spec.learning_rate,
        epochs=spec.epochs,
        batch=spec.batch_size,
        seed=spec.seed,
    )
    return values


def _load(spec: ModelSpec) -> None:
    """Button callback: set every control (and so the URL) to ``spec``."""
    st.session_state.update(_widget_values(spec))
    _seed_to_url()


def _seed_to_url() -> None:
    seed = st.session_state.get("seed", limits.MIN_SEED)
    if seed == ModelSpec().seed:
        st.query_params.pop("seed", None)
    else:
        st.query_params["seed"] = str(seed)


def sidebar_spec() -> ModelSpec:
    """Draw the controls and return the spec they describe."""
    hidden = hidden_controls()
    # A hidden control keeps the value the link gives it.
    from_link = _widget_values(spec_from_query(_raw_query()).spec) if hidden else {}

    def control(key: str, widget, *args, bind: str | None = BIND, **kwargs):
        if key in hidden:
            return from_link.get(key, kwargs.get("value"))
        return widget(*args, key=key, bind=bind, **kwargs)

    with st.sidebar:
        st.header("Model")
        layers = control(
            "layers",
            st.slider,
            "Hidden layers",
            limits.MIN_LAYERS,
            limits.MAX_LAYERS,
            value=limits.DEFAULT_LAYERS,
        )
        widths = tuple(
            control(
                f"h{i + 1}",
                st.slider,
                f"Width of hidden layer {i + 1}",
                limits.MIN_WIDTH,
                limits.MAX_WIDTH,
                value=default_width(i),
            )
            for i in range(layers)
        )
        batchnorm = control("bn", st.toggle, "BatchNorm after each hidden Dense", value=True)
        dropout = control(
            "dropout",
            st.slider,
            "Dropout rate",
            limits.MIN_DROPOUT,
            limits.MAX_DROPOUT,
            value=0.2,
            step=0.05,
        )
        st.header("Training")
        optimizer = control("opt", st.selectbox, "Optimizer", limits.OPTIMIZERS)
        learning_rate = control(
            "lr",
            st.number_input,
            "Learning rate",
            limits.MIN_LR,
            limits.MAX_LR,
            value=0.001,
            step=0.0005,
            format="%.5f",
        )
        epochs = control(
            "epochs", st.slider, "Epochs", limits.MIN_EPOCHS, limits.MAX_EPOCHS, value=100
        )
        batch_size = control(
            "batch", st.slider, "Batch size", limits.MIN_BATCH, limits.MAX_BATCH, value=32
        )
        seed = control(
            "seed",
            st.number_input,
            "Seed",
            limits.MIN_SEED,
            limits.MAX_SEED,
            value=0,
            step=1,
            help="Same seed, same split, same initial weights, same batches: same numbers.",
            # Bound by hand: Streamlit's own binding of a whole-number input crashes on
            # a 400-digit value in the link (OverflowError) before we could correct it.
            bind=None,
            on_change=_seed_to_url,
        )
        if hidden:
            st.caption(f"This link hides: {', '.join(sorted(hidden))}.")
    return ModelSpec(
        widths=widths,
        batchnorm=bool(batchnorm),
        dropout=round(float(dropout), 4),
        optimizer=optimizer or limits.OPTIMIZERS[0],
        learning_rate=float(learning_rate),
        epochs=int(epochs),
        batch_size=int(batch_size),
        seed=int(seed),
    )


def presets_and_share(spec: ModelSpec) -> None:
    """One-click presets, a reset button and the link to share."""
    with st.sidebar:
        st.header("Presets")
        st.button(
            "Reset to the seed's model",
            on_click=_load,
            args=(ModelSpec(),),
            type="primary",
            width="stretch",
        )
        for name, preset in PRESETS.items():
            st.button(name, on_click=_load, args=(preset,), width="stretch")
        st.header("Share")
        query = spec_to_query(spec)
        if files_report_on():
            query[FILES_PARAM] = "true"
        if hidden_controls():
            query[HIDE_PARAM] = ",".join(sorted(hidden_controls()))
        base = (st.context.url or "http://localhost:8501").rstrip("/") + "/"
        with st.container(key="share"):
            st.code(
                base + ("?" + urlencode(query) if query else ""), language=None, wrap_lines=True
            )
        st.caption("The copy button on the right of the link copies it; it holds every setting.")
