"""Where the bytes go: the current model in every format, each file split into its parts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts.file_figures import anatomy_figure, optimizer_figure
from components.core.file_report import KERAS_FILE, SAVED_MODEL, Anatomy, FileReport
from components.core.params import ParamSummary
from components.core.results import TrainResult
from components.core.spec import ModelSpec
from components.engine.engine import Requester
from components.ui.controls import FILES_PARAM, view_toggle
from components.ui.engine_resource import get_engine, measure_with_progress

MEASURE_LABEL = "Measure this model in every format (~2 s per change)"
MEASURE_HELP = (
    "On: after each change your model is saved in 7 formats (.keras, legacy .h5 with and "
    "without optimizer, .weights.h5, SavedModel, TFLite), its .keras and .h5 files split into "
    "their parts, and its bytes compared across optimizers and number formats."
)
BYTES = st.column_config.NumberColumn(format="%d")  # exact integers, no rounding
KIB = st.column_config.NumberColumn("KiB", format="%.1f")


def show_files(
    spec: ModelSpec, summary: ParamSummary, result: TrainResult | None, me: Requester
) -> None:
    st.subheader("Where the bytes go")
    if not view_toggle(FILES_PARAM, MEASURE_LABEL, help=MEASURE_HELP):
        st.caption(f"Off: nothing is measured here. {MEASURE_HELP}")
        _trained_file(spec, result)
        return
    st.markdown(
        "Your model saved every way Keras and TensorFlow offer, each measured to the byte "
        "on this server. A copy is built with its optimizer built, as training leaves it: "
        "file sizes depend on shapes, names and the optimizer, not on the values of weights."
    )
    report = measure_with_progress(
        "Saving your model in every format...",
        "Saving your model in every format",
        lambda on_step: get_engine().file_report(spec, on_step, me),
    )
    if report is None:
        _trained_file(spec, result)
        return
    _formats(report, result)
    _anatomy(report)
    _optimizers(report, spec, result)
    _dtypes(report)


def _formats(report: FileReport, result: TrainResult | None) -> None:
    st.markdown(f"#### One model, {len(report.formats)} files")
    keras_bytes = report.format_bytes(KERAS_FILE)
    table = pd.DataFrame(
        {
            "format": [f.name for f in report.formats],
            "saved with": [f.code for f in report.formats],
            "bytes": [f.bytes for f in report.formats],
            "KiB": [f.bytes / 1024 for f in report.formats],
            "vs .keras": [f"{f.bytes - keras_bytes:+,}" for f in report.formats],
        }
    )
    st.dataframe(
        table, hide_index=True, width="stretch", column_config={"bytes": BYTES, "KiB": KIB}
    )
    saved_model = next(f for f in report.formats if f.name == SAVED_MODEL)
    listing = " + ".join(f"`{path}` {size:,}" for path, size in saved_model.files)
    st.caption(
        f"SavedModel = {listing} bytes; {saved_model.note}. TFLite keeps only what inference "
        "needs: BatchNorm folded into the Dense kernels, Dropout gone."
    )
    _trained_file(report.spec, result, keras_bytes)


def _trained_file(
    spec: ModelSpec, result: TrainResult | None, untrained: int | None = None
) -> None:
    """The trained model's own `.keras` file, saved by the training worker: free to show."""
    if result is None:
        return
    compared = ""
    if untrained is not None:
        same = "the same count" if result.model_bytes == untrained else "a different count"
        compared = f", {same} as the untrained copy above ({untrained} bytes)"
    st.markdown(
        f"Your **trained** model's `.keras` file, saved in the training worker: "
        f"**{result.model_bytes} bytes** ({result.model_bytes / 1024:.1f} KiB){compared}."
    )
    widths = "-".join(map(str, spec.widths))
    st.download_button(
        f"Download the trained model (.keras, {len(result.model_file)} bytes)",
        data=result.model_file,
        file_name=f"{spec.data.model_name}_{widths}_{spec.optimizer}.keras",
        mime="application/zip",
        on_click="ignore",
        key="download-keras",
        icon=":material/download:",
    )


def _anatomy(report: FileReport) -> None:
    st.markdown("#### Inside the file")
    st.markdown(
        "A `.keras` file is a zip holding `config.json` (the architecture), `metadata.json` and "
        "`model.weights.h5`, an HDF5 file of one dataset per variable. A legacy `.h5` is one "
        "HDF5 file with the config as an attribute. Every part below is measured from the file "
        "(zip records, HDF5 dataset storage, attribute lengths) except *HDF5 structure*, "
        "which is the rest of the HDF5 file: object headers, B-trees, names and alignment."
    )
    anatomies = (report.keras_anatomy, report.h5_anatomy)
    st.plotly_chart(anatomy_figure(anatomies), key="anatomy-chart")
    for tab, anatomy in zip(st.tabs([a.file for a in anatomies]), anatomies, strict=True):
        with tab:
            _parts_table(anatomy, report.params)


def _parts_table(anatomy: Anatomy, params: int) -> None:
    parts = anatomy.parts
    table = pd.DataFrame(
        {
            "part": [p.name for p in parts],
            "kind": [p.kind for p in parts],
            "bytes": [p.bytes for p in parts],
            "share": [f"{p.bytes / anatomy.total:.1%}" for p in parts],
            "what": [p.what for p in parts],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", column_config={"bytes": BYTES})
    check = "=" if anatomy.accounted == anatomy.total else "≠"
    weights = anatomy.bytes_of("weights")
    per_param = "=" if weights == 4 * params else "≠"
    st.caption(
        f"Sum of the parts: {anatomy.accounted} bytes {check} the file's size, "
        f"{anatomy.total} bytes. Weights: {weights} bytes {per_param} 4 bytes x "
        f"{params:,} parameters."
    )


def _optimizers(report: FileReport, spec: ModelSpec, result: TrainResult | None) -> None:
    st.markdown("#### The optimizer's share")
    st.markdown(
        "Training builds the optimizer, and the file keeps its state so training can resume: "
        "plain SGD keeps nothing per weight, momentum, RMSprop and Adagrad one float32 each, "
        "Adam two. Below, your model's `.keras` file with each optimizer built, measured."
    )
    rows = report.optimizers
    st.plotly_chart(optimizer_figure(rows, spec.optimizer), key="optimizer-chart")
    table = pd.DataFrame(
        {
            "optimizer": [r.label for r in rows],
            "built as": [r.code for r in rows],
            ".keras bytes": [r.file_bytes for r in rows],
            "slot bytes": [r.slot_bytes for r in rows],
            "slots per trainable": [round(r.slots_per_trainable, 3) for r in rows],
            "bytes per trainable param": [round(r.bytes_per_trainable, 3) for r in rows],
            "bytes per param (all)": [round(r.bytes_per_param, 3) for r in rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={".keras bytes": BYTES, "slot bytes": BYTES},
    )
    mine = next(r for r in rows if r.label == spec.optimizer)
    trained = f"; your trained file: {result.model_bytes} bytes" if result is not None else ""
    st.caption(
        f"Your optimizer, {spec.optimizer}: {mine.file_bytes} bytes measured here{trained}. "
        f"'All' divides by all {report.params} parameters, BatchNorm's moving statistics "
        "included: they are not trained, so no optimizer keeps slots for them. Adafactor "
        "keeps row and column sums of each kernel's squared gradients instead of one number "
        "per weight."
    )


def _dtypes(report: FileReport) -> None:
    st.markdown("#### Smaller numbers")
    rows = report.dtypes
    table = pd.DataFrame(
        {
            "numbers as": [r.label for r in rows],
            "file bytes": [r.file_bytes for r in rows],
            "numbers stored": [r.numbers for r in rows],
            "data bytes": [r.data_bytes for r in rows],
            "bytes per number": [round(r.bytes_per_number, 3) for r in rows],
            "weight tensors": [r.note for r in rows],
            "how": [r.code for r in rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={name: BYTES for name in ("file bytes", "numbers stored", "data bytes")},
    )
    st.caption(
        "The .weights.h5 rows hold the weights alone (no optimizer). TFLite stores only the "
        "Dense layers' numbers once BatchNorm is folded in. Its dynamic-range int8 "
        "quantization (`Optimize.DEFAULT`) leaves any tensor under 1,024 numbers in float32, "
        "so a small model's file does not shrink at all."
    )
