"""Take it home: the current model as a plain Keras script, to read, copy or download."""

from __future__ import annotations

import streamlit as st

from components.core.export_code import SAVED_NAME, SCRIPT_NAME, keras_script
from components.core.spec import ModelSpec
from components.ui.lang import t


def show_export(spec: ModelSpec) -> None:
    st.subheader(t("export.heading"))
    st.markdown(t("export.note", saved=SAVED_NAME))
    script = keras_script(spec)
    panel = st.container(key="export-panel")  # for the browser test
    panel.download_button(
        t("export.download", name=SCRIPT_NAME),
        data=script,
        file_name=SCRIPT_NAME,
        mime="text/x-python",
        on_click="ignore",
        key="download-script",
        icon=":material/download:",
    )
    panel.code(script, language="python")  # its copy button is the top right corner
