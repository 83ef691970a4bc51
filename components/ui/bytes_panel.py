"""Parameters versus bytes of real saved files, with fitted lines and the seed post's numbers."""

from __future__ import annotations

import streamlit as st

from components.charts.figures import bytes_figure
from components.core.fits import fit_line
from components.core.params import ParamSummary, bytes_per_trainable, optimizer_slots_sentence
from components.core.results import Series, SizePoint, TrainResult
from components.core.seed_post import SEED_POST_BYTES_PER_PARAM, SEED_POST_OVERHEAD_BYTES
from components.core.spec import ModelSpec
from components.core.sweep_plan import SWEEP_BASE_WIDTHS
from components.engine.engine import Requester
from components.ui.engine_resource import get_engine, measure_with_progress
from components.ui.first_screen import CHART_HEIGHT
from components.ui.size_law_panel import show_size_law


def show_bytes_chart(
    spec: ModelSpec, summary: ParamSummary, result: TrainResult | None, me: Requester, area
) -> list[SizePoint] | None:
    """The first screen's chart: real .keras files of this model's family at many widths, their
    fitted line, the seed post's numbers and the current model. Returns the measured points."""
    with area:
        points = measure_with_progress(
            "Saving and measuring model files...",
            "Saving model files, widths saved",
            lambda on_step: get_engine().sweep(spec, on_step, me),
        )
        if points is None:
            return None
        keras = Series.KERAS_WITH_OPTIMIZER
        figure = bytes_figure(
            points, {keras: _fit(points, keras)}, _current(spec, summary, result),
            log_axes=_log_axes(), height=CHART_HEIGHT,
        )  # fmt: skip
        st.plotly_chart(figure, key="bytes-chart")
        with st.container(horizontal=True, vertical_alignment="center"):
            st.toggle("Log axes", True, key="log", bind="query-params")
            st.caption("Real `.keras` files of your model at 20 widths. Every file: *Bytes*.")
    return points


def _log_axes() -> bool:
    """The toggle under the chart, read before it is drawn (this session's, else the link's)."""
    if "log" in st.session_state:
        return bool(st.session_state["log"])
    values = st.query_params.get_all("log")
    return not values or values[-1].lower() != "false"


def _current(spec: ModelSpec, summary: ParamSummary, result: TrainResult | None):
    if result is None:
        return None
    return SizePoint(
        Series.KERAS_WITH_OPTIMIZER, spec.widths, summary.total, summary.dense_only,
        result.model_bytes,
    )  # fmt: skip


def show_bytes_details(
    spec: ModelSpec, summary: ParamSummary, result: TrainResult | None, points
) -> None:
    """The Bytes tab: every kind of file, the fits, why the bytes are what they are."""
    st.subheader("Parameters vs bytes on disk")
    if points is None:
        st.info("The files are measured for the chart above; this tab explains them.")
        return
    st.markdown(
        "Each dot is a real file saved by Keras on this server (`.keras`, legacy `.h5`, "
        "`.weights.h5`) for a model of your depth, BatchNorm, dropout and optimizer "
        f"({spec.optimizer}), at {len(SWEEP_BASE_WIDTHS)} widths from {SWEEP_BASE_WIDTHS[0]} "
        f"to {SWEEP_BASE_WIDTHS[-1]} (each hidden layer half the one before, as in the seed "
        "post). A line fits each kind of file: its intercept is the fixed overhead every file "
        "carries, its slope the bytes each parameter adds. Click a legend entry to hide or "
        "show a series."
    )
    fits = {series: _fit(points, series) for series in Series}
    current = _current(spec, summary, result)
    figure = bytes_figure(points, fits, current, _log_axes())
    st.plotly_chart(figure, key="bytes-chart-all")
    st.markdown(_fit_table(points, fits, summary, result))
    st.markdown(_why_bytes(fits, spec))
    show_size_law(spec, points)


def _fit(points: list[SizePoint], series: Series):
    mine = [p for p in points if p.series == series]
    return fit_line([p.params for p in mine], [p.bytes for p in mine])


def _fit_table(points, fits, summary: ParamSummary, result: TrainResult | None) -> str:
    lines = [
        "| file | files measured | fixed overhead | bytes per parameter | R² |",
        "|---|---|---|---|---|",
    ]
    for series, fit in fits.items():
        count = sum(p.series == series for p in points)
        lines.append(
            f"| {series.label} | {count} | {fit.intercept:,.0f} bytes | {fit.slope:.3f} "
            f"| {fit.r2:.6f} |"
        )
    table = "\n".join(lines)
    if result is None:
        return table
    predicted = fits[Series.KERAS_WITH_OPTIMIZER].predict(summary.total)
    return (
        f"{table}\n\n**Your trained model** ({summary.total:,} parameters) saved to "
        f"**{result.model_bytes:,} bytes** as `.keras`; the fit predicts {predicted:,.0f} "
        f"({result.model_bytes - predicted:+,.0f} bytes, "
        f"{(result.model_bytes - predicted) / predicted:+.2%})."
    )


def _why_bytes(fits, spec: ModelSpec) -> str:
    bare = fits[Series.KERAS_WITHOUT_OPTIMIZER]
    full = fits[Series.KERAS_WITH_OPTIMIZER]
    return (
        f"**Why these numbers.** Each weight is a float32: 4 bytes, which is why files of an "
        f"untrained model grow by about {bare.slope:.1f} bytes per parameter. Training builds the "
        f"optimizer, and {optimizer_slots_sentence(spec.optimizer)}, so a trained file grows by "
        f"about {full.slope:.1f}. "
        f"The roughly {bare.intercept / 1000:.0f} KB every file carries is structure, not "
        "weights: a zip holding the model's config JSON, metadata and an HDF5 file of named "
        "datasets. The seed post measured with an older Keras that wrote one HDF5 file: its law "
        f"{SEED_POST_OVERHEAD_BYTES:,} + {SEED_POST_BYTES_PER_PARAM} x params counts Dense "
        f"parameters only and a trained Adam model ({bytes_per_trainable('adam')} bytes per "
        f"trainable weight): its slope of {SEED_POST_BYTES_PER_PARAM} against today's "
        f"{full.slope:.1f} for a trained {spec.optimizer} model, its overhead against "
        f"{full.intercept:,.0f}."
    )
