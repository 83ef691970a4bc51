"""A size law from the sweep: type a width, read the bytes its file will take."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.params import OPTIMIZER_SLOTS, bytes_per_trainable
from components.core.results import Series, SizePoint
from components.core.size_law import (
    SeriesLaws,
    blended_cost,
    lockstep,
    parameter_counts,
    series_laws,
)
from components.core.spec import ModelSpec
from components.core.sweep_plan import halving_widths

MAX_HYPOTHETICAL_WIDTH = 65_536  # far past the sliders: the law extrapolates


# Why the table's laws count two kinds of parameter, and why small HDF5 files miss more.
WHY_TWO_COUNTS = (
    "Why two counts: BatchNorm's moving mean and variance are parameters the optimizer "
    "never trains, so they cost 4 bytes each while a trained weight costs 4 plus its "
    "optimizer's slots; one straight line over all parameters blurs the two. "
    "HDF5 files written to disk (legacy .h5, .weights.h5) also grow in steps: HDF5 "
    "allocates space for small datasets in 2 KiB blocks, so small models miss by more. "
    "Inside a .keras zip the HDF5 file is written in memory, and its structure measures "
    "the same number of bytes at every width."
)


def show_size_law(spec: ModelSpec, points: list[SizePoint]) -> None:
    st.markdown("#### A size law you can use")
    laws = series_laws(points, spec.batchnorm, spec.dataset)
    width = st.number_input(
        "A first hidden width to predict (each next layer half the one before)",
        min_value=1,
        max_value=MAX_HYPOTHETICAL_WIDTH,
        value=1024,
        step=1,
        key="law_width",
    )
    widths = halving_widths(int(width), len(spec.widths))
    counts = parameter_counts(widths, spec.batchnorm, spec.dataset)
    keras = laws[Series.KERAS_WITH_OPTIMIZER]
    st.markdown(_keras_prediction(spec, keras, points, widths, counts))
    name = "/".join(map(str, widths))
    st.dataframe(
        _laws_table(laws, name, counts),
        hide_index=True,
        width="stretch",
        column_config={f"bytes for {name}": st.column_config.NumberColumn(format="%d")},
    )
    st.caption(WHY_TWO_COUNTS)
    tie = _why_tied(spec, keras, points)
    if tie:
        st.caption(tie)


def _keras_prediction(
    spec: ModelSpec,
    keras: SeriesLaws,
    points: list[SizePoint],
    widths: tuple[int, ...],
    counts: tuple[int, int],
) -> str:
    """The bytes of a trained ``.keras`` file at ``widths``, with the law's terms and misses."""
    trainable, frozen = counts
    params = trainable + frozen
    predicted = keras.law.predict(trainable, frozen)
    measured = {p.widths: p.bytes for p in points if p.series == Series.KERAS_WITH_OPTIMIZER}
    terms = f"{keras.law.overhead:,.0f} + {keras.law.per_trainable:.2f} x {trainable:,} trainable"
    if frozen:
        terms += f" + {keras.law.per_non_trainable:.2f} x {frozen:,} non-trainable"
    seen = f" This very model was measured: {measured[widths]} bytes." if widths in measured else ""
    return (
        f"A model with widths {'/'.join(map(str, widths))} has **{params:,} parameters** "
        f"({trainable:,} trainable). Trained with {spec.optimizer}, it will save to about "
        f"**{predicted:,.0f} bytes** as `.keras`: {terms}.{_reach(widths[0], measured)} "
        f"Over the {keras.files} files it was fitted to, this law misses by at most "
        f"**{keras.law_error:.3f}%** (the straight line in the chart: "
        f"{keras.line_error:.2f}%){_held_out(keras)}.{seen}"
    )


def _reach(first: int, measured: dict[tuple[int, ...], int]) -> str:
    """Whether ``first`` lies inside the measured widths or the law extrapolates to it."""
    low, high = min(w[0] for w in measured), max(w[0] for w in measured)
    if low <= first <= high:
        return f" Width {first} lies within the measured widths ({low} to {high})."
    return (
        f" Width {first} lies outside the measured widths ({low} to {high}): "
        "this is an extrapolation."
    )


def _held_out(keras: SeriesLaws) -> str:
    if keras.law_held_out_error is None:
        return ""
    return (
        f"; on a width left out of the fit and predicted from the other {keras.files - 1}, "
        f"by at most **{keras.law_held_out_error:.3f}%**"
    )


def _why_tied(spec: ModelSpec, keras: SeriesLaws, points: list[SizePoint]) -> str:
    """Why both counts get one cost, from the counts, when the sweep cannot tell them apart."""
    law = keras.law
    if not spec.batchnorm or law.per_trainable != law.per_non_trainable:
        return ""
    mine = [p for p in points if p.series == Series.KERAS_WITH_OPTIMIZER]
    counts = [parameter_counts(p.widths, spec.batchnorm, spec.dataset) for p in mine]
    shared = lockstep(counts)
    if shared is None:
        return ""
    (t0, n0), (t1, n1) = counts[0], counts[-1]
    weight = bytes_per_trainable(spec.optimizer)
    blend = blended_cost(shared.ratio, weight, 4)
    return (
        f"Why trainable and non-trainable cost the same {law.per_trainable:.3f} bytes here: "
        f"in every model of this sweep trainable = {shared.ratio:g} x non-trainable + "
        f"{shared.offset:g} (widths {mine[0].widths[0]}: {t0:,} and {n0:,}; "
        f"{mine[-1].widths[0]}: {t1:,} and {n1:,}), so the two counts grow in lockstep and the "
        "files cannot tell their costs apart: the fit gives both one cost per parameter. "
        f"A weight trained with {spec.optimizer} costs {weight} bytes (4, plus 4 for each of "
        f"its {OPTIMIZER_SLOTS[spec.optimizer]} optimizer slots) and a moving statistic 4: "
        f"{shared.ratio:g} of the one per one of the other average "
        f"({shared.ratio:g} x {weight} + 4) / {shared.ratio + 1:g} = {blend:.3f} bytes."
    )


def _laws_table(laws: dict[Series, SeriesLaws], name: str, counts: tuple[int, int]) -> pd.DataFrame:
    """Both laws of every series, and the bytes each predicts for the model ``name``."""
    trainable, frozen = counts
    return pd.DataFrame(
        {
            "file": [series.label for series in laws],
            "two-count law (t trainable, n not)": [
                f"{x.law.overhead:,.0f} + {x.law.per_trainable:.3f} t"
                f" + {x.law.per_non_trainable:.3f} n"
                for x in laws.values()
            ],
            "worst miss": [f"{x.law_error:.3f}%" for x in laws.values()],
            "worst miss, width left out": [_percent(x.law_held_out_error) for x in laws.values()],
            "line (p params)": [
                f"{x.line.intercept:,.0f} + {x.line.slope:.3f} p" for x in laws.values()
            ],
            "line's worst miss": [f"{x.line_error:.3f}%" for x in laws.values()],
            f"bytes for {name}": [round(x.law.predict(trainable, frozen)) for x in laws.values()],
        }
    )


def _percent(error: float | None) -> str:
    return "n/a" if error is None else f"{error:.3f}%"
