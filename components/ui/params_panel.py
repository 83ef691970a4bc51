"""The parameter table: model.summary() with the arithmetic written out."""

from __future__ import annotations

import streamlit as st

from components.core.params import (
    ParamSummary,
    activations_sentence,
    decay_sentence,
    dense_example,
    dense_settings,
    optimizer_formula,
    optimizer_slots_sentence,
)
from components.core.results import TrainResult
from components.ui.lang import t
from components.ui.markdown import markdown_table

# The table's columns: catalog keys in the table's order, the counts last.
COLUMNS = ("layer", "type", "output_shape", "formula", "trainable", "non_trainable", "params")


def show_params(summary: ParamSummary) -> st.delta_generator.DeltaGenerator:
    """Draw the table and totals; return the slot where the Keras check goes once trained."""
    st.subheader(t("params.heading"))
    first = summary.rows[0]  # the first Dense: the dataset's features in, the first width out
    st.markdown(t("params.intro", example=dense_example(summary.n_features, first.units)))
    st.markdown(t("params.general"))
    table = [
        (
            row.name,
            row.kind,
            row.output_shape,
            row.formula,
            row.trainable,
            row.non_trainable,
            row.total,
        )
        for row in summary.rows
    ]
    header = [t(f"params.col.{column}") for column in COLUMNS]
    st.markdown(markdown_table(header, table, numbers_from=4))
    st.markdown(t(activations_sentence(summary)))
    st.markdown(t(decay_sentence(summary)))
    formula = optimizer_formula(summary)
    cols = st.columns(3)  # the total is on the first screen
    cols[0].metric(t("params.trainable"), str(summary.trainable))
    cols[1].metric(t("params.non_trainable"), str(summary.non_trainable))
    cols[2].metric(
        t("params.with_optimizer", optimizer=summary.optimizer),
        str(summary.total_with_optimizer),
        help=t("params.with_optimizer.help", formula=formula),
    )
    st.caption(
        t(
            "params.caption",
            formula=formula,
            slots=optimizer_slots_sentence(summary.optimizer),
            dense_only=summary.dense_only,
        )
    )
    return st.container(key="keras-check").empty()


def show_keras_check(slot, summary: ParamSummary, result: TrainResult | None) -> None:
    """Compare every row with the trained Keras model's own counts, loudly on mismatch."""
    if result is None:
        slot.info(t("params.check_pending"))
        return
    ours = [(row.name, row.trainable, row.non_trainable) for row in summary.rows]
    mismatches = [
        t("params.mismatch_layer", mine=mine, theirs=theirs)
        for mine, theirs in zip(ours, result.layer_params, strict=False)
        if mine != tuple(theirs)
    ]
    if len(ours) != len(result.layer_params):
        mismatches.append(
            t("params.mismatch_rows", ours=len(ours), theirs=len(result.layer_params))
        )
    mismatches += [
        t("params.mismatch_setting", mine=mine, theirs=tuple(theirs))
        for mine, theirs in zip(dense_settings(summary.rows), result.dense_settings, strict=False)
        if mine != tuple(theirs)
    ]
    if result.optimizer_variables != summary.optimizer_variables:
        mismatches.append(
            t(
                "params.mismatch_optimizer",
                ours=summary.optimizer_variables,
                theirs=result.optimizer_variables,
            )
        )
    if mismatches:
        slot.error(t("params.check_mismatch", mismatches="; ".join(mismatches)))
    else:
        slot.success(
            t(
                "params.check_ok",
                total=summary.total,
                optimizer=summary.optimizer,
                with_optimizer=summary.total_with_optimizer,
            )
        )
