"""The floor for bench/classroom.py: the answer to a move and nothing else.

    streamlit run bench/bare_app.py

The first width slider, "Total params" and "Test accuracy", trained by the app's own engine
(the same workers, store and jobs), on a page with none of the app's charts, tabs or
sidebar. Like the app's page it shows the queue and the progress (at most every 0.3 s),
and gives way to a newer run of its own at once. N students on this page show what
Streamlit's frontend, the server and the workers cost this machine by themselves.
Not part of the product.
"""

import time

import streamlit as st

from components.core.params import summarize
from components.core.spec import MAX_WIDTH, MIN_WIDTH, ModelSpec
from components.engine.engine import EngineError
from components.heap import freeze_long_lived_heap
from components.ui.engine_resource import get_engine, newer_run_waiting, this_run
from components.ui.training_panel import REDRAW_EVERY_S

me = this_run()
seed = ModelSpec()
h1 = st.slider("Width of hidden layer 1", MIN_WIDTH, MAX_WIDTH, seed.widths[0])
spec = seed.with_widths((h1, *seed.widths[1:]))
st.metric("Total params", str(summarize(spec).total))
bar, drawn = st.empty(), time.monotonic()


def on_progress(done: int, history: dict) -> None:
    global drawn
    if time.monotonic() - drawn >= REDRAW_EVERY_S:
        bar.progress(done / spec.epochs, text=f"epoch {done} of {spec.epochs}")
        drawn = time.monotonic()


def on_wait(ahead: int) -> None:
    bar.progress(0.0, text=f"{ahead} ahead in the queue")


def on_idle() -> None:
    if newer_run_waiting():
        bar.progress(0.0, text="a newer run takes over")


try:
    result = get_engine().train(spec, on_progress, on_wait, requester=me, on_idle=on_idle)
except EngineError as error:
    st.error(str(error))
else:
    bar.empty()
    st.metric("Test accuracy", f"{result.test_accuracy:.1%}")
freeze_long_lived_heap()  # as the app's page does
