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
from components.ui.lang import t

MAX_HYPOTHETICAL_WIDTH = 65_536  # far past the sliders: the law extrapolates


def show_size_law(spec: ModelSpec, points: list[SizePoint]) -> None:
    st.markdown(t("law.heading"))
    laws = series_laws(points, spec.batchnorm, spec.data)
    width = st.number_input(
        t("law.width"),
        min_value=1,
        max_value=MAX_HYPOTHETICAL_WIDTH,
        value=1024,
        step=1,
        key="law_width",
    )
    widths = halving_widths(int(width), len(spec.widths))
    counts = parameter_counts(widths, spec.batchnorm, spec.data)
    keras = laws[Series.KERAS_WITH_OPTIMIZER]
    st.markdown(_keras_prediction(spec, keras, points, widths, counts))
    name = "/".join(map(str, widths))
    st.dataframe(
        _laws_table(laws, name, counts),
        hide_index=True,
        width="stretch",
        column_config={
            t("law.col.bytes_for", name=name): st.column_config.NumberColumn(format="%d")
        },
    )
    st.caption(t("law.why_two"))
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
    law = keras.law
    terms = t(
        "law.terms", overhead=law.overhead, per_trainable=law.per_trainable, trainable=trainable
    )
    if frozen:
        terms += t("law.terms_frozen", per_frozen=law.per_non_trainable, frozen=frozen)
    seen = t("law.seen", bytes=measured[widths]) if widths in measured else ""
    return t(
        "law.prediction",
        widths="/".join(map(str, widths)),
        params=params,
        trainable=trainable,
        optimizer=spec.optimizer,
        predicted=predicted,
        terms=terms,
        reach=_reach(widths[0], measured),
        files=keras.files,
        law_error=keras.law_error,
        line_error=keras.line_error,
        held_out=_held_out(keras),
        seen=seen,
    )


def _reach(first: int, measured: dict[tuple[int, ...], int]) -> str:
    """Whether ``first`` lies inside the measured widths or the law extrapolates to it."""
    low, high = min(w[0] for w in measured), max(w[0] for w in measured)
    key = "law.within" if low <= first <= high else "law.outside"
    return t(key, first=first, low=low, high=high)


def _held_out(keras: SeriesLaws) -> str:
    if keras.law_held_out_error is None:
        return ""
    return t("law.held_out", others=keras.files - 1, error=keras.law_held_out_error)


def _why_tied(spec: ModelSpec, keras: SeriesLaws, points: list[SizePoint]) -> str:
    """Why both counts get one cost, from the counts, when the sweep cannot tell them apart."""
    law = keras.law
    if not spec.batchnorm or law.per_trainable != law.per_non_trainable:
        return ""
    mine = [p for p in points if p.series == Series.KERAS_WITH_OPTIMIZER]
    counts = [parameter_counts(p.widths, spec.batchnorm, spec.data) for p in mine]
    shared = lockstep(counts)
    if shared is None:
        return ""
    (t0, n0), (t1, n1) = counts[0], counts[-1]
    weight = bytes_per_trainable(spec.optimizer)
    blend = blended_cost(shared.ratio, weight, 4)
    return t(
        "law.tied",
        cost=law.per_trainable,
        ratio=shared.ratio,
        offset=shared.offset,
        w0=mine[0].widths[0],
        t0=t0,
        n0=n0,
        w1=mine[-1].widths[0],
        t1=t1,
        n1=n1,
        optimizer=spec.optimizer,
        weight=weight,
        slots=OPTIMIZER_SLOTS[spec.optimizer],
        ratio_plus_one=shared.ratio + 1,
        blend=blend,
    )


def _laws_table(laws: dict[Series, SeriesLaws], name: str, counts: tuple[int, int]) -> pd.DataFrame:
    """Both laws of every series, and the bytes each predicts for the model ``name``."""
    trainable, frozen = counts
    return pd.DataFrame(
        {
            t("law.col.file"): [t(f"series.{series.value}") for series in laws],
            t("law.col.two_count"): [
                f"{x.law.overhead:,.0f} + {x.law.per_trainable:.3f} t"
                f" + {x.law.per_non_trainable:.3f} n"
                for x in laws.values()
            ],
            t("law.col.worst"): [f"{x.law_error:.3f}%" for x in laws.values()],
            t("law.col.worst_left_out"): [_percent(x.law_held_out_error) for x in laws.values()],
            t("law.col.line"): [
                f"{x.line.intercept:,.0f} + {x.line.slope:.3f} p" for x in laws.values()
            ],
            t("law.col.line_worst"): [f"{x.line_error:.3f}%" for x in laws.values()],
            t("law.col.bytes_for", name=name): [
                round(x.law.predict(trainable, frozen)) for x in laws.values()
            ],
        }
    )


def _percent(error: float | None) -> str:
    return t("law.not_available") if error is None else f"{error:.3f}%"
