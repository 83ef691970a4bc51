"""Iris MLP Param Lab: slide the widths of the seed's iris MLP, watch it train, see where
its parameters and bytes come from. The page; `streamlit run app.py` serves it."""

import streamlit as st

from components.ui.engine_resource import get_engine, this_run

st.set_page_config(page_title="Iris MLP Param Lab", page_icon="🌸", layout="wide")
engine = get_engine()  # the workers start first: TensorFlow loads while this page draws

from components.core.page_tabs import Tab
from components.core.params import summarize
from components.heap import freeze_long_lived_heap
from components.ui.bytes_panel import show_bytes_chart, show_bytes_details
from components.ui.compare_panel import show_compare
from components.ui.compute_panel import show_compute
from components.ui.controls import adopt_link, model_controls, presets_and_share
from components.ui.errors_panel import show_errors
from components.ui.export_panel import show_export
from components.ui.files_panel import show_files
from components.ui.first_screen import first_screen
from components.ui.intro import show_intro
from components.ui.lang import language_picker
from components.ui.link import from_link
from components.ui.network_panel import link_epoch, show_network, show_weight_heatmaps
from components.ui.page_style import keep_waiting_pages_still
from components.ui.page_tabs import open_tab
from components.ui.params_panel import show_keras_check, show_params
from components.ui.regions_panel import show_regions
from components.ui.training_panel import show_training, show_training_details

me = this_run()  # newer runs of this session supersede this one's jobs
keep_waiting_pages_still()  # no endless animations while a run waits for a worker
notices = adopt_link()  # before the controls: the link seeds them
language_picker()  # first in the sidebar; every text below is in its language
show_intro(notices)
spec = model_controls()  # depth and widths on the page, the rest in the sidebar
presets_and_share(spec)

# The first screen answers a move; only the open tab below it runs.
summary = summarize(spec)  # pure Python: paints before TensorFlow has loaded anywhere
screen = first_screen(summary)
tab, panel = open_tab()
if tab == Tab.PARAMETERS:
    with panel:
        keras_check = show_params(summary)
result = show_training(engine, spec, me, screen)
points = show_bytes_chart(engine, spec, summary, result, me, screen.bytes_chart)
with panel:
    match tab:
        case Tab.PARAMETERS:
            show_keras_check(keras_check, summary, result)
            link_epoch(result, show_weight_heatmaps(spec, result, from_link("epoch")))
        case Tab.NETWORK:
            link_epoch(result, show_network(spec, result, from_link("epoch")))
        case Tab.TRAINING:
            show_training_details(spec, result)
        case Tab.BYTES:
            show_bytes_details(engine, spec, summary, result, points, me)
        case Tab.FILES:
            show_files(engine, spec, summary, result, me)
        case Tab.REGIONS:
            show_regions(spec, result)
        case Tab.ERRORS:
            show_errors(result)
        case Tab.COMPUTE:
            show_compute(spec, result)
        case Tab.COMPARE:
            show_compare(engine, spec, result, me)
        case Tab.CODE:
            show_export(spec)

freeze_long_lived_heap()  # the imports done, Streamlit's collection after each run skips them
