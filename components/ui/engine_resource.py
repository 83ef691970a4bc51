"""One training engine per server process, shared by every session; measuring through it."""

from __future__ import annotations

import atexit
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import streamlit as st
from threadpoolctl import threadpool_limits

from components.core.spec import PRESETS, ModelSpec
from components.engine.engine import Engine, EngineError, Requester, StepCallback
from components.engine.settings import EngineSettings
from components.engine.store import ResultStore
from components.heap import big_buffers_back_to_the_system
from components.ui.lang import error_text, t

# The panels ask these here, beside the engine they wait on (explicit re-exports).
from components.ui.private_streamlit import bell_on_newer_run as bell_on_newer_run
from components.ui.private_streamlit import newer_run_waiting as newer_run_waiting

Measured = TypeVar("Measured")


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    """Started by the first page view; warms the seed's model, its sweep and the presets'
    trainings (their sweeps, ~2-3 s of a worker each, only when someone asks)."""
    big_buffers_back_to_the_system()  # before any result arrives from a worker
    numpy_on_the_calling_thread()
    settings = EngineSettings.from_environment()
    engine = Engine(settings=settings, store=ResultStore(settings.store_dir, settings.store_bytes))
    # Served without app.py's lifespan (streamlit run dashboard.py, a test): no worker may
    # still be starting while the process exits, to load TensorFlow as an orphan.
    atexit.register(engine.shutdown)
    engine.warm([ModelSpec(), *PRESETS.values()], [ModelSpec()])
    return engine


def numpy_on_the_calling_thread() -> None:
    """The server's numpy (a regions grid, 2,500 rows through the model) on each session's
    own thread: OpenBLAS's pool threads spin after every call, ~22 ms of CPU for the seed's
    model's grid against ~1 ms on one thread, and 157 against 90 ms for a 6 x 512's."""
    threadpool_limits(1, user_api="blas")


@asynccontextmanager
async def engine_with_the_server(app: st.App) -> AsyncIterator[None]:
    """An ``st.App`` lifespan: the workers start loading TensorFlow with the server, not
    with the first visitor, and stop with it."""
    engine = get_engine()
    yield
    engine.shutdown()


def this_run() -> Requester:
    """This browser session and the number of this script run, for the engine.

    Taken once at the start of a run and passed down: with ``fastReruns`` an older run
    can still be asking while a newer one runs, and only the newer one may win.
    """
    owner = st.session_state.setdefault("_engine_owner", uuid.uuid4().hex)
    run = st.session_state["_engine_run"] = st.session_state.get("_engine_run", 0) + 1
    return Requester(owner, run)


def measure_with_progress(
    waiting: str,
    steps: str,
    measure: Callable[[StepCallback], Measured],
    kept: Callable[[], Measured | None] | None = None,
) -> Measured | None:
    """``measure(on_step)`` under a spinner (``waiting``) and a bar (``steps``: 3 of 20).

    ``measure`` should pass this run's ``Requester`` to the engine: when a control moves,
    the new run's request stops this measurement. On failure the error is shown.
    ``kept()``: the measurement where it is already there (never waiting), taken without
    the spinner: its timer thread and the messages that clear it and the bar came to ~1%
    of a class's server CPU, for a spinner that never shows (it waits 0.5 s to appear).
    """
    bar = st.empty()  # the bar's place, the same whether measured now or kept
    if kept is not None and (found := kept()) is not None:
        return found
    drawn = False

    def on_step(done: int, total: int) -> None:
        nonlocal drawn
        bar.progress(done / total, text=t("bytes.step", steps=steps, done=done, total=total))
        drawn = True

    try:
        with st.spinner(waiting):
            measured = measure(on_step)
    except EngineError as error:
        if drawn:
            bar.empty()
        st.error(error_text(error))
        return None
    if drawn:  # an empty place needs no clearing
        bar.empty()
    return measured
