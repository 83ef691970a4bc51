"""One training engine per server process, shared by every session; measuring through it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from components.engine import Engine, EngineError, StepCallback

Measured = TypeVar("Measured")


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    return Engine()


def session_owner() -> str:
    """This browser session's name for the engine: its newer requests supersede older ones."""
    return st.session_state.setdefault("_engine_owner", uuid.uuid4().hex)


def measure_with_progress(
    waiting: str, steps: str, measure: Callable[[StepCallback], Measured]
) -> Measured | None:
    """``measure(on_step)`` under a spinner (``waiting``) and a bar (``steps``: 3 of 20).

    ``measure`` should pass ``session_owner()`` to the engine: when a control moves, the
    new run's request stops this measurement. On failure the error is shown.
    """
    bar = st.empty()

    def on_step(done: int, total: int) -> None:
        bar.progress(done / total, text=f"{steps}: {done} of {total}")

    try:
        with st.spinner(waiting):
            measured = measure(on_step)
    except EngineError as error:
        bar.empty()
        st.error(str(error))
        return None
    bar.empty()
    return measured
