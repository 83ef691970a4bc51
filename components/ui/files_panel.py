"""Where the bytes go: the current model in every format, each file split into its parts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts.file_figures import anatomy_figure, optimizer_figure
from components.core.file_report import Anatomy, FileFormat, FileReport, PartKind
from components.core.i18n import Note
from components.core.params import ParamSummary
from components.core.results import TrainResult
from components.core.spec import ModelSpec
from components.engine.engine import Requester
from components.engine.engine_like import EngineLike
from components.ui.controls import view_toggle
from components.ui.engine_resource import measure_with_progress
from components.ui.lang import current_lang, t

BYTES = st.column_config.NumberColumn(format="%d")  # exact integers, no rounding
KIB = st.column_config.NumberColumn("KiB", format="%.1f")


def show_files(
    engine: EngineLike,
    spec: ModelSpec,
    summary: ParamSummary,
    result: TrainResult | None,
    me: Requester,
) -> None:
    st.subheader(t("files.heading"))
    if not view_toggle("files", t("files.measure"), help=t("files.measure.help")):
        st.caption(t("files.off", help=t("files.measure.help")))
        _trained_file(engine, spec, result)
        return
    st.markdown(t("files.intro"))
    report = measure_with_progress(
        t("files.waiting"),
        t("files.steps"),
        lambda on_step: engine.file_report(spec, on_step, me),
    )
    if report is None:
        _trained_file(engine, spec, result)
        return
    _formats(engine, report, result)
    _anatomy(report)
    _optimizers(report, spec, result)
    _dtypes(report)


def _formats(engine: EngineLike, report: FileReport, result: TrainResult | None) -> None:
    st.markdown(t("files.formats_heading", count=len(report.formats)))
    keras_bytes = report.format_bytes(FileFormat.KERAS)
    formats = report.formats
    table = pd.DataFrame(
        {
            t("files.col.format"): [t(f"file.format.{f.format.value}") for f in formats],
            t("files.col.saved_with"): [f.code for f in formats],
            t("files.col.bytes"): [f.bytes for f in formats],
            t("files.col.kib"): [f.bytes / 1024 for f in formats],
            t("files.col.vs_keras"): [f"{f.bytes - keras_bytes:+,}" for f in formats],
        }
    )
    columns = {t("files.col.bytes"): BYTES, t("files.col.kib"): KIB}
    st.dataframe(table, hide_index=True, width="stretch", column_config=columns)
    saved_model = report.format_size(FileFormat.SAVED_MODEL)
    listing = " + ".join(f"`{path}` {size:,}" for path, size in saved_model.files)
    note = saved_model.note  # the worker's own words: a Note, or text as it is
    note = t(note) if isinstance(note, Note) else note
    st.caption(t("files.saved_model", listing=listing, note=note))
    _trained_file(engine, report.spec, result, keras_bytes)


def _trained_file(
    engine: EngineLike, spec: ModelSpec, result: TrainResult | None, untrained: int | None = None
) -> None:
    """The trained model's own `.keras` file, saved by the training worker: free to show."""
    if result is None:
        return
    compared = ""
    if untrained is not None:
        same = t("files.same_count" if result.model_bytes == untrained else "files.different_count")
        compared = t("files.compared", same=same, untrained=untrained)
    st.markdown(
        t(
            "files.trained",
            bytes=result.model_bytes,
            kib=result.model_bytes / 1024,
            compared=compared,
        )
    )
    widths = "-".join(map(str, spec.widths))
    trained = result.spec
    st.download_button(
        t("files.download", bytes=len(result.model_file)),
        # Made on the click, not kept per session: a 6 x 512's file is ~16 MB, which
        # Streamlit would otherwise hold for every session showing this tab.
        data=lambda: _model_file(engine, trained),
        file_name=f"{spec.data.model_name}_{widths}_{spec.optimizer}.keras",
        mime="application/zip",
        on_click="ignore",
        key="download-keras",
        icon=":material/download:",
    )


def _model_file(engine: EngineLike, spec: ModelSpec) -> bytes:
    """The trained ``.keras`` file, from the engine's caches or result store (trained
    again only if both let it go). Streamlit runs it in a thread of its own."""
    return engine.train(spec).model_file


def _anatomy(report: FileReport) -> None:
    st.markdown(t("files.inside_heading"))
    st.markdown(t("files.inside"))
    anatomies = (report.keras_anatomy, report.h5_anatomy)
    st.plotly_chart(anatomy_figure(anatomies, current_lang()), key="anatomy-chart")
    names = [t(f"file.format.{anatomy.file.value}") for anatomy in anatomies]
    for tab, anatomy in zip(st.tabs(names), anatomies, strict=True):
        with tab:
            _parts_table(anatomy, report.params)


def _parts_table(anatomy: Anatomy, params: int) -> None:
    parts = anatomy.parts
    table = pd.DataFrame(
        {
            t("files.col.part"): [t(p.name) if isinstance(p.name, Note) else p.name for p in parts],
            t("files.col.kind"): [t(f"file.kind.{p.kind.value}") for p in parts],
            t("files.col.bytes"): [p.bytes for p in parts],
            t("files.col.share"): [f"{p.bytes / anatomy.total:.1%}" for p in parts],
            t("files.col.what"): [t(p.what) if isinstance(p.what, Note) else p.what for p in parts],
        }
    )
    columns = {t("files.col.bytes"): BYTES}
    st.dataframe(table, hide_index=True, width="stretch", column_config=columns)
    check = "=" if anatomy.accounted == anatomy.total else "≠"
    weights = anatomy.bytes_of(PartKind.WEIGHTS)
    per_param = "=" if weights == 4 * params else "≠"
    st.caption(
        t(
            "files.parts_sum",
            accounted=anatomy.accounted,
            check=check,
            total=anatomy.total,
            weights=weights,
            per_param=per_param,
            params=params,
        )
    )


def _optimizers(report: FileReport, spec: ModelSpec, result: TrainResult | None) -> None:
    st.markdown(t("files.optimizer_heading"))
    st.markdown(t("files.optimizer_intro"))
    rows = report.optimizers
    figure = optimizer_figure(rows, spec.optimizer, current_lang())
    st.plotly_chart(figure, key="optimizer-chart")
    table = pd.DataFrame(
        {
            t("files.col.optimizer"): [r.label for r in rows],
            t("files.col.built_as"): [r.code for r in rows],
            t("files.col.keras_bytes"): [r.file_bytes for r in rows],
            t("files.col.slot_bytes"): [r.slot_bytes for r in rows],
            t("files.col.slots_per_trainable"): [round(r.slots_per_trainable, 3) for r in rows],
            t("files.col.bytes_per_trainable"): [round(r.bytes_per_trainable, 3) for r in rows],
            t("files.col.bytes_per_param"): [round(r.bytes_per_param, 3) for r in rows],
        }
    )
    columns = {t("files.col.keras_bytes"): BYTES, t("files.col.slot_bytes"): BYTES}
    st.dataframe(table, hide_index=True, width="stretch", column_config=columns)
    mine = next(r for r in rows if r.label == spec.optimizer)
    trained = t("files.your_trained", bytes=result.model_bytes) if result is not None else ""
    st.caption(
        t(
            "files.optimizer_caption",
            optimizer=spec.optimizer,
            bytes=mine.file_bytes,
            trained=trained,
            params=report.params,
        )
    )


def _dtypes(report: FileReport) -> None:
    st.markdown(t("files.dtypes_heading"))
    rows = report.dtypes
    counts = [t("files.col.file_bytes"), t("files.col.numbers"), t("files.col.data_bytes")]
    table = pd.DataFrame(
        {
            t("files.col.numbers_as"): [r.label for r in rows],
            counts[0]: [r.file_bytes for r in rows],
            counts[1]: [r.numbers for r in rows],
            counts[2]: [r.data_bytes for r in rows],
            t("files.col.bytes_per_number"): [round(r.bytes_per_number, 3) for r in rows],
            t("files.col.tensors"): [r.note for r in rows],
            t("files.col.how"): [r.code for r in rows],
        }
    )
    columns = dict.fromkeys(counts, BYTES)
    st.dataframe(table, hide_index=True, width="stretch", column_config=columns)
    st.caption(t("files.dtypes_caption"))
