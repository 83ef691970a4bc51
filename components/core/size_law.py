"""From the sweep's measured files to a law that predicts a file's bytes. Pure Python.

Two laws per kind of file: the straight line the chart draws (overhead + bytes per
parameter) and a two-count law (trainable and non-trainable parameters apart), each
with its worst miss over the measured files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from components.core.fits import LineFit, SizeLaw, fit_line, fit_size_law, max_abs_percent_error
from components.core.params import batchnorm_row, dense_row
from components.core.results import Series, SizePoint
from components.core.spec import N_CLASSES, N_FEATURES


@dataclass(frozen=True)
class SeriesLaws:
    series: Series
    files: int
    line: LineFit
    line_error: float  # worst |predicted - measured| / measured over the sweep, in %
    law: SizeLaw
    law_error: float


def parameter_counts(widths: Sequence[int], batchnorm: bool) -> tuple[int, int]:
    """(trainable, non-trainable) for any hidden widths, past the sliders' limits too."""
    layers = zip((N_FEATURES, *widths), (*widths, N_CLASSES), strict=True)
    rows = [dense_row("", n_in, n_out) for n_in, n_out in layers]
    if batchnorm:
        rows += [batchnorm_row("", width) for width in widths]
    return sum(row.trainable for row in rows), sum(row.non_trainable for row in rows)


def series_laws(points: Sequence[SizePoint], batchnorm: bool) -> dict[Series, SeriesLaws]:
    """Fit both laws to each series of the sweep (all points share one model shape)."""
    laws: dict[Series, SeriesLaws] = {}
    for series in dict.fromkeys(point.series for point in points):
        mine = [point for point in points if point.series == series]
        counts = [parameter_counts(point.widths, batchnorm) for point in mine]
        trainable, frozen = [c[0] for c in counts], [c[1] for c in counts]
        sizes = [point.bytes for point in mine]
        line = fit_line([point.params for point in mine], sizes)
        law = fit_size_law(trainable, frozen, sizes)
        laws[series] = SeriesLaws(
            series=series,
            files=len(mine),
            line=line,
            line_error=max_abs_percent_error([line.predict(p.params) for p in mine], sizes),
            law=law,
            law_error=max_abs_percent_error(
                [law.predict(t, n) for t, n in zip(trainable, frozen, strict=True)], sizes
            ),
        )
    return laws
