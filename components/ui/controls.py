"""Sidebar controls, each bound to a URL query parameter so the link is the state."""

from __future__ import annotations

import streamlit as st

from components import spec as limits
from components.spec import ModelSpec, default_width, spec_from_query

BIND = "query-params"
_NOTICES_KEY = "_url_notices"


def url_notices() -> list[str]:
    """What the opening link asked for that could not be used as is (computed once per session).

    Streamlit already clamps or drops bad values of bound widgets; this says so.
    """
    if _NOTICES_KEY not in st.session_state:
        raw = {key: st.query_params.get_all(key) for key in st.query_params}
        st.session_state[_NOTICES_KEY] = spec_from_query(raw).notices
    return st.session_state[_NOTICES_KEY]


def sidebar_spec() -> ModelSpec:
    """Draw the controls and return the spec they describe."""
    with st.sidebar:
        st.header("Model")
        layers = st.slider(
            "Hidden layers",
            limits.MIN_LAYERS,
            limits.MAX_LAYERS,
            limits.DEFAULT_LAYERS,
            key="layers",
            bind=BIND,
        )
        widths = tuple(
            st.slider(
                f"Width of hidden layer {i + 1}",
                limits.MIN_WIDTH,
                limits.MAX_WIDTH,
                default_width(i),
                key=f"h{i + 1}",
                bind=BIND,
            )
            for i in range(layers)
        )
        batchnorm = st.toggle(
            "BatchNormalization after each hidden Dense", True, key="bn", bind=BIND
        )
        dropout = st.slider(
            "Dropout rate",
            limits.MIN_DROPOUT,
            limits.MAX_DROPOUT,
            0.2,
            step=0.05,
            key="dropout",
            bind=BIND,
        )
        st.header("Training")
        optimizer = st.selectbox("Optimizer", limits.OPTIMIZERS, key="opt", bind=BIND)
        learning_rate = st.number_input(
            "Learning rate",
            limits.MIN_LR,
            limits.MAX_LR,
            0.001,
            step=0.0005,
            format="%.5f",
            key="lr",
            bind=BIND,
        )
        epochs = st.slider(
            "Epochs", limits.MIN_EPOCHS, limits.MAX_EPOCHS, 100, key="epochs", bind=BIND
        )
        batch_size = st.slider(
            "Batch size", limits.MIN_BATCH, limits.MAX_BATCH, 32, key="batch", bind=BIND
        )
        seed = st.number_input(
            "Seed",
            limits.MIN_SEED,
            limits.MAX_SEED,
            0,
            step=1,
            key="seed",
            bind=BIND,
            help="Same seed, same split, same initial weights, same batches: same numbers.",
        )
    return ModelSpec(
        widths=widths,
        batchnorm=batchnorm,
        dropout=round(float(dropout), 4),
        optimizer=optimizer,
        learning_rate=float(learning_rate),
        epochs=int(epochs),
        batch_size=int(batch_size),
        seed=int(seed),
    )
