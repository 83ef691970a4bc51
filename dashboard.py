"""Iris MLP Param Lab: slide the widths of the seed's iris MLP, watch it train, see where
its parameters and bytes come from. The page; `streamlit run app.py` serves it."""

import streamlit as st

from components.ui.engine_resource import get_engine, this_run

st.set_page_config(page_title="Iris MLP Param Lab", page_icon="🌸", layout="wide")
get_engine()  # start the workers first: TensorFlow loads in them while this page imports, draws

from components.core.params import summarize
from components.ui.bytes_panel import show_bytes
from components.ui.compare_panel import show_compare
from components.ui.compute_panel import show_compute
from components.ui.controls import adopt_link, presets_and_share, sidebar_spec
from components.ui.errors_panel import show_errors
from components.ui.export_panel import show_export
from components.ui.files_panel import show_files
from components.ui.intro import show_intro
from components.ui.params_panel import show_keras_check, show_params
from components.ui.regions_panel import show_regions
from components.ui.training_panel import show_training

me = this_run()  # newer runs of this session supersede this one's jobs
notices = adopt_link()  # before the controls: it seeds them from the link
spec = sidebar_spec()
presets_and_share(spec)
show_intro(notices)

summary = summarize(spec)  # pure Python: paints before TensorFlow has loaded anywhere
keras_check = show_params(summary)
result = show_training(spec, me)
show_compare(spec, result, me)  # only with pins: a table and a chart
show_errors(result)
show_regions(spec, result)
show_keras_check(keras_check, summary, result)
show_compute(spec, result)
show_bytes(spec, summary, result, me)
show_files(spec, summary, result, me)
show_export(spec)
