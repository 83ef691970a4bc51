"""Compute per layer: multiply-adds, FLOPs and activation memory, beside the measured time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.compute import (
    CALIBRATED_FLOPS_PER_S,
    ComputeSummary,
    TimeSplit,
    si,
    summarize_compute,
    time_split,
)
from components.core.cost import minibatch_steps
from components.core.data import split_sizes
from components.core.results import TrainResult
from components.core.spec import ModelSpec

COLUMNS = (
    "layer",
    "type",
    "MACs / sample",
    "elementwise ops / sample",
    "forward FLOPs / sample",
    "training FLOPs / epoch",
    "activation bytes / batch",
)


def compute_table(summary: ComputeSummary) -> pd.DataFrame:
    """One row per layer, then a total row."""
    rows = [
        (r.name, r.kind, r.macs, r.elementwise_ops, r.forward_flops,
         r.training_flops_per_epoch, r.activation_bytes)
        for r in summary.rows
    ]  # fmt: skip
    rows.append(
        ("total", "", summary.macs, summary.elementwise_ops, summary.forward_flops,
         summary.training_flops_per_epoch, summary.activation_bytes)
    )  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS))


def show_compute(spec: ModelSpec, result: TrainResult | None) -> None:
    st.subheader("Compute, layer by layer")
    summary = summarize_compute(spec)
    st.markdown(
        "A Dense layer does `n_in x n_out` multiply-adds (MACs) per sample, 2 FLOPs each. "
        "Elementwise ops are counted per unit and sample: a bias add 1, relu 1, softmax 5, "
        "BatchNorm 4 (batch mean and variance, then `x * scale + shift`), Dropout 1 (its "
        "mask); forward FLOPs = `2 x MACs + elementwise`. Training costs forward + backward "
        f"~ 3 x forward on each of the {split_sizes(spec.dataset)[0]} training rows per epoch. "
        "Activation memory: "
        f"each layer's float32 output for a batch of {summary.batch}, kept for backprop."
    )
    st.container(key="compute-table").dataframe(  # a key the browser test finds it by
        compute_table(summary),
        hide_index=True,
        width="stretch",
        column_config={name: st.column_config.NumberColumn(format="%d") for name in COLUMNS[2:]},
    )
    cols = st.columns(3)
    cols[0].metric("Forward FLOPs / sample", si(summary.forward_flops))
    cols[1].metric("Training FLOPs / epoch", si(summary.training_flops_per_epoch))
    cols[2].metric("Activation memory / batch", si(summary.activation_bytes, "B"))
    split = time_split(summary, result.seconds) if result is not None else None
    if split is None:
        st.caption("No measured training time yet: the time split shows once a training ends.")
        return
    st.markdown(time_split_text(spec, summary, split))


def time_split_text(spec: ModelSpec, summary: ComputeSummary, split: TimeSplit) -> str:
    """The measured time against its math, phrased from the numbers."""
    n_train, n_test = split_sizes(spec.dataset)
    return (
        f"This training did **{si(split.flops, 'FLOP')}** ({spec.epochs} epochs of "
        f"training on {n_train} rows and a forward pass over the {n_test} test rows) in "
        f"**{split.seconds:.2f} s**: an achieved **{si(split.achieved_flops_per_s, 'FLOP/s')}**. "
        f"At the {si(CALIBRATED_FLOPS_PER_S, 'FLOP/s')} this host's trainings sustain per "
        "extra FLOP (fitted on real trainings by `bench.calibrate_cost`), the math alone "
        f"takes about {si(split.math_seconds, 's')}, **{split.math_fraction:.1%}** of the "
        f"time. The other {1 - split.math_fraction:.1%} is the overhead of running "
        f"{minibatch_steps(spec):,} steps of many small ops on tiny matrices: launching "
        "each op, the optimizer's update of every weight, building the model, metrics."
    )
