"""Compute per layer: multiply-adds, FLOPs and activation memory, beside the measured time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.compute import ComputeSummary, si, summarize_compute
from components.core.cost import CALIBRATED_FLOPS_PER_S, TimeSplit, minibatch_steps, time_split
from components.core.i18n import DEFAULT_LANG, text
from components.core.results import TrainResult
from components.core.spec import ModelSpec
from components.core.split import split_sizes
from components.ui.lang import current_lang, t

# Catalog keys of the table's columns, in order; the counts from the third on.
COLUMN_KEYS = ("layer", "type", "macs", "elementwise", "forward", "training", "activation")
COLUMNS = tuple(text(DEFAULT_LANG, f"compute.col.{key}") for key in COLUMN_KEYS)  # English


def compute_table(summary: ComputeSummary, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """One row per layer, then a total row."""
    rows = [
        (r.name, r.kind, r.macs, r.elementwise_ops, r.forward_flops,
         r.training_flops_per_epoch, r.activation_bytes)
        for r in summary.rows
    ]  # fmt: skip
    rows.append(
        (text(lang, "compute.total"), "", summary.macs, summary.elementwise_ops,
         summary.forward_flops, summary.training_flops_per_epoch, summary.activation_bytes)
    )  # fmt: skip
    return pd.DataFrame(rows, columns=[text(lang, f"compute.col.{key}") for key in COLUMN_KEYS])


def show_compute(spec: ModelSpec, result: TrainResult | None) -> None:
    st.subheader(t("compute.heading"))
    summary = summarize_compute(spec)
    n_train = split_sizes(spec.data)[0]
    st.markdown(t("compute.intro", n_train=n_train, batch=summary.batch))
    table = compute_table(summary, current_lang())
    counts = table.columns[2:]
    st.container(key="compute-table").dataframe(  # a key the browser test finds it by
        table,
        hide_index=True,
        width="stretch",
        column_config={name: st.column_config.NumberColumn(format="%d") for name in counts},
    )
    cols = st.columns(3)
    cols[0].metric(t("compute.forward"), si(summary.forward_flops))
    cols[1].metric(t("compute.training"), si(summary.training_flops_per_epoch))
    cols[2].metric(t("compute.activation"), si(summary.activation_bytes, "B"))
    split = time_split(summary, result.seconds) if result is not None else None
    if split is None:
        st.caption(t("compute.pending"))
        return
    st.markdown(time_split_text(spec, summary, split))


def time_split_text(spec: ModelSpec, summary: ComputeSummary, split: TimeSplit) -> str:
    """The measured time against its math, phrased from the numbers."""
    n_train, n_test = split_sizes(spec.data)
    return t(
        "compute.time_split",
        flops=si(split.flops, "FLOP"),
        epochs=spec.epochs,
        n_train=n_train,
        n_test=n_test,
        seconds=split.seconds,
        achieved=si(split.achieved_flops_per_s, "FLOP/s"),
        calibrated=si(CALIBRATED_FLOPS_PER_S, "FLOP/s"),
        math_seconds=si(split.math_seconds, "s"),
        math_fraction=split.math_fraction,
        overhead=1 - split.math_fraction,
        steps=minibatch_steps(spec),
    )
