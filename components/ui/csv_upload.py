"""Your own CSV, in the sidebar's Data section: the file, its label column, and the dataset
it becomes for this session (``components/core/csv_table.py`` reads it, pure).

The upload is read at the start of a run, before the dataset select is drawn, so a good
file can add itself to the select's options and be selected. A bad file shows one error and
changes nothing else: the page keeps the dataset it had. A good table stays an option of the
dataset select for the rest of the session, even once its file is removed. The session owns
it: ``session_uploads()`` is what a ``data=csv-...`` value may name in this session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from components.core.csv_table import (
    MAX_BYTES,
    MAX_CLASSES,
    MAX_FEATURES,
    MAX_ROWS,
    MIN_CLASSES,
    CsvError,
    CsvTable,
    csv_columns,
    csv_summary_sentence,
    read_csv_table,
    safe_name,
)
from components.core.datasets import Dataset, upload_dataset
from components.core.i18n import DEFAULT_LANG, text
from components.ui.lang import t

FILE_WIDGET = "csv_file"
LABEL_WIDGET = "csv_label"
DATA_WIDGET = "data"  # the dataset select's key (components/core/model_controls.py's CONTROLS)
_STATE = "_csv_upload"
# Streamlit refuses bigger files before they reach the server (its own message); between
# this and MAX_BYTES the reader's sentence says what the limit is.
UPLOAD_CAP_MB = 10
TITLE_CHARS = 40
LINK_NOTE = text(DEFAULT_LANG, "upload.link_note")  # as the English page says it
LIMITS = {
    "mb": MAX_BYTES // 1024**2,
    "rows": MAX_ROWS,
    "features": MAX_FEATURES,
    "min": MIN_CLASSES,
    "max": MAX_CLASSES,
}


@dataclass(frozen=True)
class UploadState:
    """What the last file (and label column) read gave."""

    file_id: str | None
    label: str | None
    columns: tuple[str, ...] = ()  # the label column's choices; empty if unreadable
    error: str | None = None  # a Note from the reader: said in the page's language
    good: Dataset | None = None  # the last good read, its rows included


def upload_title(file_name: str) -> str:
    """The file's name as the dataset's title: no markdown, no formula, not too long."""
    plain = re.sub(r"[^\w .()-]", "_", file_name).strip() or "Your CSV"
    return safe_name(plain[:TITLE_CHARS])


def read_upload(
    data: bytes, file_name: str, label: str | None, previous: UploadState | None, file_id: str
) -> UploadState:
    """The state a file gives; a bad one keeps ``previous``'s good table in use."""
    good = previous.good if previous is not None else None
    try:
        columns = csv_columns(data)
    except CsvError as error:
        return UploadState(file_id, None, error=error.args[0], good=good)
    label = label if label in columns else columns[-1]  # as the label select shows it
    try:
        table = read_csv_table(data, label)
    except CsvError as error:
        return UploadState(file_id, label, columns, error.args[0], good)
    return UploadState(file_id, label, columns, good=upload_dataset(table, upload_title(file_name)))


def adopt_upload() -> dict[str, Dataset]:
    """Read the uploader's file if it changed, select a new good table; return this
    session's uploads by key (the dataset select offers them). Call before the dataset
    select is drawn."""
    state: UploadState | None = st.session_state.get(_STATE)
    file = st.session_state.get(FILE_WIDGET)
    if file is None:
        # Removed, or the browser replacing it with the next file: the good table stays an
        # option for this session, so a bad file next changes nothing.
        if state is not None and state.file_id is not None:
            state = UploadState(None, None, good=state.good)
            st.session_state[_STATE] = state
        return session_uploads()
    new_file = state is None or state.file_id != file.file_id
    if new_file:
        st.session_state.pop(LABEL_WIDGET, None)  # a new file's label column: its last
    label = None if new_file else st.session_state.get(LABEL_WIDGET)
    if state is None or new_file or label != state.label:
        before = state.good if state is not None else None
        state = read_upload(file.getvalue(), file.name, label, state, file.file_id)
        st.session_state[_STATE] = state
        if state.good is not None and state.good is not before:
            st.session_state[DATA_WIDGET] = state.good.key
    return session_uploads()


def session_uploads() -> dict[str, Dataset]:
    """This session's uploaded datasets by key: the last good table, once there is one."""
    state: UploadState | None = st.session_state.get(_STATE)
    if state is None or state.good is None:
        return {}
    return {state.good.key: state.good}


def upload_section() -> None:
    """The uploader, the label-column choice, then the table's summary or one error."""
    st.file_uploader(
        t("upload.label"),
        key=FILE_WIDGET,
        help=t("upload.help", **LIMITS),
        max_upload_size=UPLOAD_CAP_MB,
    )
    state: UploadState | None = st.session_state.get(_STATE)
    if state is None:
        return
    if state.columns:
        st.selectbox(
            t("upload.label_column"),
            state.columns,
            index=len(state.columns) - 1,
            key=LABEL_WIDGET,
            help=t("upload.label_column.help"),
        )
    if state.error is not None:
        st.error(t(state.error))
    elif state.good is not None and isinstance(state.good.table, CsvTable):
        st.caption(t(csv_summary_sentence(state.good.table)) + ".")
