"""The bytes people ship, in the Bytes tab: TFLite three ways and the .keras file gzipped.

Measured only when the page asks (``?ship=true``, the toggle): the conversions take a
worker 17-46 s for a shape (bench/bench_ship.py), so they never run on the path of a move.
"""

from __future__ import annotations

import streamlit as st

from components.core.fits import LineFit, fit_line
from components.core.results import Series, SizePoint, TrainResult
from components.core.ship import GZIP_LEVEL, INT8_MIN_ELEMENTS, dense_kernels, gzipped_size
from components.core.spec import ModelSpec
from components.engine.engine import Requester
from components.engine.engine_like import EngineLike
from components.ui.controls import view_toggle
from components.ui.engine_resource import measure_with_progress
from components.ui.lang import t


def shipped_points(engine: EngineLike, spec: ModelSpec, me: Requester) -> list[SizePoint]:
    """The ship job's files when the toggle is on (waited for with a progress bar), else none.
    A failed job is said on the page and leaves the chart as it was."""
    if not view_toggle("ship", t("ship.measure"), help=t("ship.measure.help")):
        st.caption(t("ship.off"))
        return []
    measured = measure_with_progress(
        t("ship.waiting"), t("ship.steps"), lambda on_step: engine.ship(spec, on_step, me)
    )
    return measured or []


@st.cache_data(max_entries=32, show_spinner=False)
def _trained_gzip(spec: ModelSpec, _model_file: bytes) -> int:
    """The trained file gzipped, once per model on this server: 16 MB (a 6 x 512's) took
    1.5 s on 2 busy cores, the seed's 52 KB ~5 ms. zlib lets go of the GIL meanwhile.
    Keyed by the spec alone: the same spec trains to the same file."""
    return gzipped_size(_model_file)


def trained_gzip_point(
    spec: ModelSpec, result: TrainResult | None, current: SizePoint | None
) -> SizePoint | None:
    """The trained model's own .keras file gzipped, beside the law's prediction."""
    if result is None or current is None or not result.model_file:
        return None
    size = _trained_gzip(result.spec, result.model_file)
    return SizePoint(Series.KERAS_GZIP, spec.widths, current.params, current.dense_params, size)


def yours_gzipped(fits: dict[Series, LineFit], gzipped: SizePoint, keras_bytes: int) -> str:
    predicted = fits[Series.KERAS_GZIP].predict(gzipped.params)
    diff = gzipped.bytes - predicted
    return t(
        "ship.yours_gzip",
        bytes=gzipped.bytes,
        keras=keras_bytes,
        share=gzipped.bytes / keras_bytes,
        predicted=predicted,
        diff=diff,
        miss=diff / predicted,
        level=GZIP_LEVEL,
    )


def why_shipped(points: list[SizePoint], spec: ModelSpec) -> str:
    """One sentence for each shipped series: why its bytes per parameter are what they are,
    with the numbers measured at the smallest and largest widths."""
    f32, f16, int8 = (
        _by_widths(points, series)
        for series in (Series.TFLITE_FLOAT32, Series.TFLITE_FLOAT16, Series.TFLITE_INT8)
    )
    by_size = sorted(f32, key=lambda widths: f32[widths].params)
    small, large = by_size[0], by_size[-1]
    kernels = dense_kernels(spec)
    sentences = [
        t("ship.why_heading"),
        t(
            "ship.why_float32",
            **_slopes(points, Series.TFLITE_FLOAT32),
            widths=_name(large),
            dense=f32[large].dense_params,
            params=f32[large].params,
        ),
        t(
            "ship.why_float16",
            **_slopes(points, Series.TFLITE_FLOAT16),
            widths=_name(small),
            small16=f16[small].bytes,
            small32=f32[small].bytes,
            than=t("ship.bigger" if f16[small].bytes > f32[small].bytes else "ship.smaller"),
        ),
        t(
            "ship.why_int8",
            **_slopes(points, Series.TFLITE_INT8),
            min_elements=INT8_MIN_ELEMENTS,
            float_kernels=_kernels([k for k in kernels if not k.int8]),
            int8_kernels=_kernels([k for k in kernels if k.int8]),
            small=_name(small),
            small_share=int8[small].bytes / f32[small].bytes,
            large=_name(large),
            large_share=int8[large].bytes / f32[large].bytes,
        ),
        t(
            "ship.why_gzip",
            **_slopes(points, Series.KERAS_GZIP),
            level=GZIP_LEVEL,
            keras_slope=_fit(points, Series.KERAS_WITH_OPTIMIZER).slope,
            keras_intercept=_fit(points, Series.KERAS_WITH_OPTIMIZER).intercept,
            intercept=_fit(points, Series.KERAS_GZIP).intercept,
        ),
    ]
    return "\n\n".join(sentences)


def _by_widths(points: list[SizePoint], series: Series) -> dict[tuple[int, ...], SizePoint]:
    return {p.widths: p for p in points if p.series == series}


def _fit(points: list[SizePoint], series: Series) -> LineFit:
    mine = [p for p in points if p.series == series]
    return fit_line([p.params for p in mine], [p.bytes for p in mine])


def _slopes(points: list[SizePoint], series: Series) -> dict[str, float]:
    """Bytes per parameter (Keras's count) and per Dense parameter (what TFLite keeps)."""
    mine = [p for p in points if p.series == series]
    dense = fit_line([p.dense_params for p in mine], [p.bytes for p in mine])
    return {"slope": _fit(points, series).slope, "dense_slope": dense.slope}


def _name(widths: tuple[int, ...]) -> str:
    return "/".join(map(str, widths))


def _kernels(kernels) -> str:
    if not kernels:
        return t("ship.no_kernel")
    return ", ".join(f"{k.n_in}x{k.n_out} ({k.elements:,})" for k in kernels)
