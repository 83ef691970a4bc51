"""The first screen: the answer to a move, in the first 900 pixels of a laptop.

A row of numbers (parameters, accuracy, saved bytes, training time) under the shape controls,
then the training curves beside the parameters-vs-bytes chart. Everything else is in tabs.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.core.params import ParamSummary
from components.core.results import TrainResult
from components.ui.lang import t

CHART_HEIGHT = 330  # two charts side by side, under the numbers, above the fold at 900 px


@dataclass(frozen=True)
class FirstScreen:
    """Where the answer goes: filled as training and measuring finish."""

    progress: DeltaGenerator
    trained: list[DeltaGenerator]  # accuracy, bytes and time: empty until trained
    curves: DeltaGenerator
    bytes_chart: DeltaGenerator

    def show_test_accuracy(self, accuracy: float) -> None:
        """The answer to a move, as soon as the last epoch's evaluation arrives: the worker
        then still predicts the train and test rows and saves the file (~20 ms)."""
        self.trained[1].metric(t("metric.test_accuracy"), f"{accuracy:.1%}")

    def show_result(self, result: TrainResult) -> None:
        train, _, saved, seconds = self.trained
        train.metric(t("metric.train_accuracy"), f"{result.train_accuracy:.1%}")
        self.show_test_accuracy(result.test_accuracy)
        saved.metric(
            t("metric.saved_keras"),
            f"{result.model_bytes:,} B",
            help=t("metric.saved_keras.help"),
        )
        seconds.metric(t("metric.training_time"), f"{result.seconds:.2f} s")


def first_screen(summary: ParamSummary) -> FirstScreen:
    with st.container(key="training-progress"):  # the bytes chart has its own bar
        progress = st.empty()
    with st.container(key="answer", horizontal=True):
        st.metric(t("metric.total_params"), str(summary.total), help=t("metric.total_params.help"))
        trained = [st.empty() for _ in range(4)]
    curves, bytes_chart = st.columns(2)
    bytes_chart = bytes_chart.container(key="bytes-panel")  # for the browser test
    return FirstScreen(progress, trained, curves.empty(), bytes_chart)
