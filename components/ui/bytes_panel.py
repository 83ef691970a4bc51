"""Parameters versus bytes of real saved files, with fitted lines and the seed post's numbers."""

from __future__ import annotations

import streamlit as st

from components.charts.figures import bytes_figure
from components.core.fits import fit_line
from components.core.link_keys import PAGE_KEY
from components.core.params import ParamSummary, bytes_per_trainable, optimizer_slots_sentence
from components.core.results import Series, SizePoint, TrainResult
from components.core.seed_post import SEED_POST_BYTES_PER_PARAM, SEED_POST_OVERHEAD_BYTES
from components.core.spec import ModelSpec
from components.core.sweep_plan import SWEEP_BASE_WIDTHS
from components.engine.engine import Requester
from components.engine.engine_like import EngineLike
from components.ui.engine_resource import measure_with_progress
from components.ui.first_screen import CHART_HEIGHT
from components.ui.lang import current_lang, t
from components.ui.link import session_or_link
from components.ui.ship_panel import shipped_points, trained_gzip_point, why_shipped, yours_gzipped
from components.ui.size_law_panel import show_size_law


def show_bytes_chart(
    engine: EngineLike,
    spec: ModelSpec,
    summary: ParamSummary,
    result: TrainResult | None,
    me: Requester,
    area,
) -> list[SizePoint] | None:
    """The first screen's chart: real .keras files of this model's family at many widths, their
    fitted line, the seed post's numbers and the current model. Returns the measured points."""
    with area:
        points = measure_with_progress(
            t("bytes.waiting"),
            t("bytes.steps"),
            lambda on_step: engine.sweep(spec, on_step, me),
            kept=lambda: engine.kept_sweep(spec),
        )
        if points is None:
            return None
        keras = Series.KERAS_WITH_OPTIMIZER
        figure = bytes_figure(
            points, {keras: _fit(points, keras)}, _current(spec, summary, result),
            log_axes=_log_axes(), height=CHART_HEIGHT, lang=current_lang(),
        )  # fmt: skip
        st.plotly_chart(figure, key="bytes-chart")
        with st.container(horizontal=True, vertical_alignment="center"):
            st.toggle(t("bytes.log_axes"), PAGE_KEY["log"].default, key="log", bind="query-params")
            st.caption(t("bytes.chart_caption"))
    return points


def _log_axes() -> bool:
    """The toggle under the chart, read before it is drawn (this session's, else the link's)."""
    return session_or_link("log")


def _current(spec: ModelSpec, summary: ParamSummary, result: TrainResult | None):
    if result is None:
        return None
    return SizePoint(
        Series.KERAS_WITH_OPTIMIZER, spec.widths, summary.total, summary.dense_only,
        result.model_bytes,
    )  # fmt: skip


def show_bytes_details(
    engine: EngineLike,
    spec: ModelSpec,
    summary: ParamSummary,
    result: TrainResult | None,
    points,
    me: Requester,
) -> None:
    """The Bytes tab: every kind of file, the fits, why the bytes are what they are; and,
    when asked, the files people ship (``ship_panel``)."""
    st.subheader(t("bytes.heading"))
    if points is None:
        st.info(t("bytes.pending"))
        return
    st.markdown(
        t(
            "bytes.intro",
            optimizer=spec.optimizer,
            count=len(SWEEP_BASE_WIDTHS),
            first=SWEEP_BASE_WIDTHS[0],
            last=SWEEP_BASE_WIDTHS[-1],
        )
    )
    shipped = shipped_points(engine, spec, me)
    measured = points + shipped
    fits = {series: _fit(measured, series) for series in Series if _has(measured, series)}
    current = _current(spec, summary, result)
    gzipped = trained_gzip_point(spec, result, current) if shipped else None
    figure = bytes_figure(
        measured, fits, current, _log_axes(), lang=current_lang(), current_gzip=gzipped
    )
    st.plotly_chart(figure, key="bytes-chart-all")
    st.markdown(_fit_table(measured, fits, summary, result))
    if gzipped is not None and result is not None:
        st.markdown(yours_gzipped(fits, gzipped, result.model_bytes))
    if shipped:
        st.markdown(why_shipped(measured, spec))
    st.markdown(_why_bytes(fits, spec))
    show_size_law(spec, points)


def _has(points: list[SizePoint], series: Series) -> bool:
    return any(point.series == series for point in points)


def _fit(points: list[SizePoint], series: Series):
    mine = [p for p in points if p.series == series]
    return fit_line([p.params for p in mine], [p.bytes for p in mine])


def _fit_table(points, fits, summary: ParamSummary, result: TrainResult | None) -> str:
    lines = [t("bytes.fit_header"), "|---|---|---|---|---|"]
    for series, fit in fits.items():
        count = sum(p.series == series for p in points)
        label = t(f"series.{series.value}")
        row = t(
            "bytes.fit_row",
            label=label,
            count=count,
            intercept=fit.intercept,
            slope=fit.slope,
            r2=fit.r2,
        )
        lines.append(row)
    table = "\n".join(lines)
    if result is None:
        return table
    predicted = fits[Series.KERAS_WITH_OPTIMIZER].predict(summary.total)
    diff = result.model_bytes - predicted
    yours = t(
        "bytes.yours",
        total=summary.total,
        bytes=result.model_bytes,
        predicted=predicted,
        diff=diff,
        share=diff / predicted,
    )
    return f"{table}\n\n{yours}"


def _why_bytes(fits, spec: ModelSpec) -> str:
    bare = fits[Series.KERAS_WITHOUT_OPTIMIZER]
    full = fits[Series.KERAS_WITH_OPTIMIZER]
    return t(
        "bytes.why",
        bare_slope=bare.slope,
        slots=optimizer_slots_sentence(spec.optimizer),
        full_slope=full.slope,
        kb=bare.intercept / 1000,
        seed_overhead=SEED_POST_OVERHEAD_BYTES,
        seed_per_param=SEED_POST_BYTES_PER_PARAM,
        adam_bytes=bytes_per_trainable("adam"),
        optimizer=spec.optimizer,
        full_intercept=full.intercept,
    )
