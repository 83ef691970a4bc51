"""From the sweep's measured files to a law that predicts a file's bytes. Pure Python.

Two laws per kind of file: the straight line the chart draws (overhead + bytes per
parameter) and a two-count law (trainable and non-trainable parameters apart), each
with its worst miss over the measured files, and its worst miss on a file left out of the
fit (leave-one-out): how well it predicts widths it was not fitted to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from components.core.datasets import DEFAULT_DATASET, Dataset
from components.core.datasets import facts as dataset_facts
from components.core.fits import LineFit, SizeLaw, fit_line, fit_size_law, max_abs_percent_error
from components.core.params import batchnorm_row, dense_row
from components.core.results import Series, SizePoint


@dataclass(frozen=True)
class SeriesLaws:
    series: Series
    files: int
    line: LineFit
    line_error: float  # worst |predicted - measured| / measured over the sweep, in %
    law: SizeLaw
    law_error: float
    # Worst miss on each file predicted by the law fitted to the others, in %; None when
    # too few files remain to fit without one.
    law_held_out_error: float | None = None


def parameter_counts(
    widths: Sequence[int], batchnorm: bool, dataset: Dataset | str = DEFAULT_DATASET
) -> tuple[int, int]:
    """(trainable, non-trainable) for any hidden widths, past the sliders' limits too, on
    ``dataset``'s features and classes."""
    data = dataset_facts(dataset)
    layers = zip((data.n_features, *widths), (*widths, data.n_classes), strict=True)
    rows = [dense_row("", n_in, n_out) for n_in, n_out in layers]
    if batchnorm:
        rows += [batchnorm_row("", width) for width in widths]
    return sum(row.trainable for row in rows), sum(row.non_trainable for row in rows)


def series_laws(
    points: Sequence[SizePoint], batchnorm: bool, dataset: Dataset | str = DEFAULT_DATASET
) -> dict[Series, SeriesLaws]:
    """Fit both laws to each series of the sweep (all points share one model shape)."""
    laws: dict[Series, SeriesLaws] = {}
    for series in dict.fromkeys(point.series for point in points):
        mine = [point for point in points if point.series == series]
        counts = [parameter_counts(point.widths, batchnorm, dataset) for point in mine]
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
            law_held_out_error=held_out_error(trainable, frozen, sizes),
        )
    return laws


def held_out_error(
    trainable: Sequence[float], frozen: Sequence[float], sizes: Sequence[float]
) -> float | None:
    """Leave-one-out: the worst miss, in %, on each file by the law fitted to all the others."""
    if len(sizes) < 4:
        return None  # the law needs three models besides the one left out
    predicted = []
    for i in range(len(sizes)):
        others = [[v for j, v in enumerate(values) if j != i] for values in (trainable, frozen)]
        rest = [v for j, v in enumerate(sizes) if j != i]
        try:
            law = fit_size_law(others[0], others[1], rest)
        except ValueError:
            return None  # the others are too alike to fit
        predicted.append(law.predict(trainable[i], frozen[i]))
    return max_abs_percent_error(predicted, sizes)


@dataclass(frozen=True)
class Lockstep:
    """Every model's counts on one line: trainable = ratio x non-trainable + offset."""

    ratio: float
    offset: float


def lockstep(counts: Sequence[tuple[int, int]]) -> Lockstep | None:
    """The line both counts share when they grow together (one hidden layer, BatchNorm)."""
    distinct = sorted(set(counts), key=lambda c: c[1])
    if len(distinct) < 2 or distinct[0][1] == distinct[-1][1]:
        return None  # no non-trainable parameters, or they never change
    (t0, n0), (t1, n1) = distinct[0], distinct[-1]
    ratio = (t1 - t0) / (n1 - n0)
    offset = t0 - ratio * n0
    if all(abs(t - (ratio * n + offset)) < 1e-6 * max(1, t) for t, n in distinct):
        return Lockstep(ratio, offset)
    return None


def blended_cost(ratio: float, per_trainable: float, per_non_trainable: float) -> float:
    """Bytes per parameter when ``ratio`` trainable ones come with each non-trainable one."""
    return (ratio * per_trainable + per_non_trainable) / (ratio + 1)
