"""Live training: progress and curves while the worker trains, accuracy when done."""

from __future__ import annotations

import time

import streamlit as st

from components.charts.figures import training_figure
from components.core.cost import format_seconds, predict_seconds
from components.core.data import split_sizes
from components.core.datasets import scaling_sentence
from components.core.results import TrainResult
from components.core.spec import ModelSpec
from components.engine.engine import EngineError, Requester
from components.ui.engine_resource import get_engine
from components.ui.first_screen import CHART_HEIGHT, FirstScreen

# Redrawing the curves costs the server and the browser tens of ms each, and a redraw
# just before the end delays the answer: a training shorter than FIRST_CURVES_S shows
# only its final curves, a longer one a redraw every REDRAW_EVERY_S.
FIRST_CURVES_S = 0.8
REDRAW_EVERY_S = 0.3


def show_training(spec: ModelSpec, me: Requester, screen: FirstScreen) -> TrainResult | None:
    """Train (or fetch) the model, with progress and curves on the first screen."""
    engine = get_engine()
    predicted = format_seconds(predict_seconds(spec))
    progress = screen.progress.progress(0.0, text=f"Waiting for a training worker ({predicted})...")
    last_drawn = time.monotonic() + FIRST_CURVES_S - REDRAW_EVERY_S

    def on_progress(done: int, history: dict[str, list[float]]) -> None:
        nonlocal last_drawn
        text = f"Training: epoch {done} of {spec.epochs} ({predicted} predicted)"
        progress.progress(done / spec.epochs, text=text)
        if done == spec.epochs:  # the final model's test accuracy: the same number as the result's
            screen.show_test_accuracy(history["test_accuracy"][-1])
        if time.monotonic() - last_drawn >= REDRAW_EVERY_S:
            figure = training_figure(history, spec.epochs, CHART_HEIGHT)
            screen.curves.plotly_chart(figure, key=f"curves-{done}")
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
        screen.curves.error(str(error))
        return None
    progress.empty()
    screen.show_result(result)  # the answer first, then its curves
    figure = training_figure(result.history, spec.epochs, CHART_HEIGHT)
    screen.curves.plotly_chart(figure, key="curves-final")
    return result


def show_training_details(spec: ModelSpec, result: TrainResult | None) -> None:
    """The Training tab: how the data is split, and the run's final numbers."""
    st.subheader("Live training")
    n_train, n_test = split_sizes(spec.dataset)
    st.markdown(
        "Every change trains the model again with TensorFlow/Keras on the CPU: "
        f"{n_train} rows of {spec.data.title} to learn from and a held-out {n_test} to test on "
        "(80/20), split with every class in both halves. (The seed post's "
        "`validation_split=0.2` takes the *last* 20% of rows, and iris is sorted by class, so "
        'its "validation" set holds only virginica.) ' + scaling_sentence(spec.dataset)
    )
    if result is None:
        st.info("The run's numbers appear here once the model has trained.")
        return
    history = result.history
    st.markdown(
        f"Trained **{spec.epochs} epochs** of batch size {spec.batch_size} with "
        f"{spec.optimizer} (learning rate {spec.learning_rate:g}) in **{result.seconds:.2f} s**, "
        f"predicted {format_seconds(predict_seconds(spec))}. Final loss: "
        f"{history['loss'][-1]:.4f} on the training split, {history['test_loss'][-1]:.4f} on "
        "the test split."
    )
