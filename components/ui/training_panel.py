"""Live training: progress and curves while the worker trains, accuracy when done."""

from __future__ import annotations

import time

import streamlit as st

from components.charts.figures import training_figure
from components.core.cost import format_seconds, predict_seconds
from components.core.results import TrainResult
from components.core.spec import ModelSpec
from components.engine.engine import EngineError, Requester
from components.ui.engine_resource import get_engine

# Redrawing the curves costs the server and the browser tens of ms each, and a redraw
# just before the end delays the answer: a training shorter than FIRST_CURVES_S shows
# only its final curves, a longer one a redraw every REDRAW_EVERY_S.
FIRST_CURVES_S = 0.8
REDRAW_EVERY_S = 0.3


def show_training(spec: ModelSpec, me: Requester) -> TrainResult | None:
    st.subheader("Live training")
    st.markdown(
        "Every change trains the model again with TensorFlow/Keras on the CPU: 80% of iris to "
        "learn from and a held-out 20% to test on, split with every class in both halves. "
        "(The seed post's `validation_split=0.2` takes the *last* 20% of rows, and iris is "
        'sorted by class, so its "validation" set holds only virginica.)'
    )
    engine = get_engine()
    predicted = format_seconds(predict_seconds(spec))
    with st.container(key="training-progress"):  # the bytes panels have progress bars too
        progress = st.progress(0.0, text=f"Waiting for a training worker ({predicted})...")
    chart = st.empty()
    metrics = st.empty()
    last_drawn = time.monotonic() + FIRST_CURVES_S - REDRAW_EVERY_S

    def on_progress(done: int, history: dict[str, list[float]]) -> None:
        nonlocal last_drawn
        text = f"Training: epoch {done} of {spec.epochs} ({predicted} predicted)"
        progress.progress(done / spec.epochs, text=text)
        if time.monotonic() - last_drawn >= REDRAW_EVERY_S:
            chart.plotly_chart(training_figure(history, spec.epochs), key=f"curves-{done}")
            last_drawn = time.monotonic()

    def on_wait(ahead: int) -> None:
        if ahead:
            text = f"Queued: {ahead} job{'s' if ahead > 1 else ''} from other visitors ahead"
        else:
            text = "Next in line, waiting for a free worker (a fresh one first loads TensorFlow)"
        progress.progress(0.0, text=text)

    try:
        # A newer run of this session (a slider moved) cancels this one's job in the worker.
        result = engine.train(spec, on_progress=on_progress, on_wait=on_wait, requester=me)
    except EngineError as error:
        progress.empty()
        st.error(str(error))
        return None
    progress.progress(1.0, text=f"Trained {spec.epochs} epochs in {result.seconds:.2f} s")
    cols = metrics.container().columns(3)  # the answer first, then its curves
    cols[0].metric("Train accuracy", f"{result.train_accuracy:.1%}")
    cols[1].metric("Test accuracy", f"{result.test_accuracy:.1%}")
    cols[2].metric("Training time", f"{result.seconds:.2f} s")
    chart.plotly_chart(training_figure(result.history, spec.epochs), key="curves-final")
    return result
