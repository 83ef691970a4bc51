"""The parameter table: model.summary() with the arithmetic written out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.params import (
    GENERAL_FORMULA_LATEX,
    ParamSummary,
    dense_example,
    optimizer_formula,
    optimizer_slots_sentence,
)
from components.core.results import TrainResult


def show_params(summary: ParamSummary) -> st.delta_generator.DeltaGenerator:
    """Draw the table and totals; return the slot where the Keras check goes once trained."""
    st.subheader("Parameters, layer by layer")
    first = summary.rows[0]  # the first Dense: the dataset's features in, the first width out
    st.markdown(
        f"A Dense layer multiplies each input row by a weight matrix: "
        f"{dense_example(summary.n_features, first.units)}. BatchNormalization keeps 4 numbers "
        "per unit: gamma and beta are learned, the moving mean and variance are only tracked. "
        "Dropout zeroes random inputs while training and owns no parameters."
    )
    st.latex(GENERAL_FORMULA_LATEX)
    table = pd.DataFrame(
        {
            "layer": [row.name for row in summary.rows],
            "type": [row.kind for row in summary.rows],
            "output shape": [row.output_shape for row in summary.rows],
            "formula": [row.formula for row in summary.rows],
            "trainable": [row.trainable for row in summary.rows],
            "non-trainable": [row.non_trainable for row in summary.rows],
            "params": [row.total for row in summary.rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            name: st.column_config.NumberColumn(format="%d")
            for name in ("trainable", "non-trainable", "params")
        },
    )
    cols = st.columns(3)  # the total is on the first screen
    cols[0].metric("Trainable", str(summary.trainable))
    cols[1].metric("Non-trainable", str(summary.non_trainable))
    cols[2].metric(
        f"With {summary.optimizer} state",
        str(summary.total_with_optimizer),
        help=f"Once trained, the optimizer holds {optimizer_formula(summary)} variables "
        "(slots per trainable parameter, plus its iteration counter and learning rate); "
        "model.summary() adds them to its total.",
    )
    st.caption(
        f"Optimizer variables after training: {optimizer_formula(summary)}: "
        f"{optimizer_slots_sentence(summary.optimizer)}. "
        f"Dense layers alone, as the seed post counted: {summary.dense_only}."
    )
    return st.container(key="keras-check").empty()


def show_keras_check(slot, summary: ParamSummary, result: TrainResult | None) -> None:
    """Compare every row with the trained Keras model's own counts, loudly on mismatch."""
    if result is None:
        slot.info("The check against Keras's own count appears once the model has trained.")
        return
    ours = [(row.name, row.trainable, row.non_trainable) for row in summary.rows]
    mismatches = [
        f"{mine} vs Keras {theirs}"
        for mine, theirs in zip(ours, result.layer_params, strict=False)
        if mine != tuple(theirs)
    ]
    if len(ours) != len(result.layer_params):
        mismatches.append(f"{len(ours)} rows here, {len(result.layer_params)} Keras layers")
    if result.optimizer_variables != summary.optimizer_variables:
        mismatches.append(
            f"optimizer: {summary.optimizer_variables} here vs Keras {result.optimizer_variables}"
        )
    if mismatches:
        slot.error("Mismatch with Keras's count_params(): " + "; ".join(mismatches))
    else:
        slot.success(
            f"✓ Checked against the trained Keras model: every layer's count_params() matches, "
            f"total {summary.total}, and with {summary.optimizer} state "
            f"{summary.total_with_optimizer} as model.summary() reports."
        )
