"""Iris MLP Param Lab: slide the widths of the seed's iris MLP, watch it train, see where
its parameters and bytes come from. Run with: streamlit run dashboard.py"""

import streamlit as st

from components.params import summarize
from components.ui.bytes_panel import show_bytes
from components.ui.controls import sidebar_spec, url_notices
from components.ui.params_panel import show_keras_check, show_params
from components.ui.training_panel import show_training

st.set_page_config(page_title="Iris MLP Param Lab", page_icon="🌸", layout="wide")

notices = url_notices()
spec = sidebar_spec()
st.title("Iris MLP Param Lab")
st.markdown(
    "Why does the seed post's Keras MLP on iris have **160, 528 and 51** parameters per Dense "
    "layer, and why does its saved file grow by about **13 bytes per parameter** on top of "
    "~33 KB? Move the sliders on the left: the model below retrains live, every layer's "
    "arithmetic is written out, and real saved files show where the bytes go. "
    "The URL holds every setting: copy it to share exactly what you see."
)
if notices:
    st.warning("Some values in this link could not be used as given:\n\n- " + "\n- ".join(notices))

summary = summarize(spec)
keras_check = show_params(summary)
result = show_training(spec)
show_keras_check(keras_check, summary, result)
show_bytes(spec, summary, result)
