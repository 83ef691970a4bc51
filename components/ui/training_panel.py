"""Live training: progress and curves while the worker trains, accuracy when done."""

from __future__ import annotations

import time

import streamlit as st

from components.charts.figures import training_figure
from components.core.cost import format_seconds, predict_seconds
from components.core.datasets import dataset_title, scaling_sentence
from components.core.results import TrainResult
from components.core.spec import ModelSpec
from components.core.split import split_sizes
from components.engine.engine import EngineError, Requester
from components.engine.engine_like import EngineLike
from components.ui.engine_resource import bell_on_newer_run, newer_run_waiting
from components.ui.first_screen import CHART_HEIGHT, FirstScreen
from components.ui.lang import current_lang, error_text, t

# Every message to the browser re-renders the page there: ~0.1 s of a core each on this page,
# so a progress bar redrawn per chunk (10 a second) kept a core busy per visitor while it
# trained. The bar is redrawn at most every REDRAW_EVERY_S of training, the curves only once
# it has run FIRST_CURVES_S (a shorter one shows only its final curves), and the last
# epoch's message writes the answer alone: the result follows it at once.
FIRST_CURVES_S = 0.8
REDRAW_EVERY_S = 0.3


def show_training(
    engine: EngineLike, spec: ModelSpec, me: Requester, screen: FirstScreen
) -> TrainResult | None:
    """Train (or fetch) the model, with progress and curves on the first screen."""
    predicted = format_seconds(predict_seconds(spec))
    progress = screen.progress.progress(0.0, text=t("training.waiting", predicted=predicted))
    lang = current_lang()
    started = last_drawn = None  # the training's own clock: time queued does not count

    def on_progress(done: int, history: dict[str, list[float]]) -> None:
        nonlocal started, last_drawn
        now = time.monotonic()
        if started is None:
            started = last_drawn = now
        if done == spec.epochs:  # the final model's test accuracy: the same number as the result's
            screen.show_test_accuracy(history["test_accuracy"][-1])
            return
        if now - last_drawn < REDRAW_EVERY_S:
            return
        text = t("training.epoch", done=done, epochs=spec.epochs, predicted=predicted)
        progress.progress(done / spec.epochs, text=text)
        if now - started >= FIRST_CURVES_S:
            figure = training_figure(history, spec.epochs, CHART_HEIGHT, lang)
            screen.curves.plotly_chart(figure, key=f"curves-{done}")
        last_drawn = now

    def on_wait(ahead: int) -> None:
        if ahead:
            text = t("training.queued_many" if ahead > 1 else "training.queued_one", ahead=ahead)
        else:
            text = t("training.next")
        progress.progress(0.0, text=text)

    def on_idle() -> None:
        if newer_run_waiting():  # any st call ends this run now: the newer one takes over
            progress.progress(0.0, text=t("training.waiting", predicted=predicted))

    try:
        # A newer run of this session (a slider moved) cancels this one's job in the worker.
        result = engine.train(
            spec,
            on_progress=on_progress,
            on_wait=on_wait,
            requester=me,
            on_idle=on_idle,
            bell=bell_on_newer_run,  # on_idle the moment a newer run waits, not every 50 ms
        )
    except EngineError as error:
        progress.empty()
        screen.curves.error(error_text(error))
        return None
    progress.empty()
    screen.show_result(result)  # the answer first, then its curves
    figure = training_figure(result.history, spec.epochs, CHART_HEIGHT, lang)
    screen.curves.plotly_chart(figure, key="curves-final")
    return result


def show_training_details(spec: ModelSpec, result: TrainResult | None) -> None:
    """The Training tab: how the data is split, and the run's final numbers."""
    st.subheader(t("training.heading"))
    n_train, n_test = split_sizes(spec.data)
    scaling = scaling_sentence(spec.data)
    title = dataset_title(spec.data)
    st.markdown(t("training.split", n_train=n_train, title=title, n_test=n_test, scaling=scaling))
    if result is None:
        st.info(t("training.pending"))
        return
    history = result.history
    st.markdown(
        t(
            "training.summary",
            epochs=spec.epochs,
            batch=spec.batch_size,
            optimizer=spec.optimizer,
            lr=spec.learning_rate,
            seconds=result.seconds,
            predicted=format_seconds(predict_seconds(spec)),
            loss=history["loss"][-1],
            test_loss=history["test_loss"][-1],
        )
    )
