"""Iris MLP Param Lab's server: ``streamlit run app.py`` serves the page (dashboard.py).

Run this way, the training workers start loading TensorFlow with the server, not with
the first visitor: the first page after a cold start answers ~2 s sooner
(docs/performance.md). ``streamlit run dashboard.py`` serves the same page and starts them
on the first visit instead.
"""

import streamlit as st

from components.ui.engine_resource import engine_with_the_server

app = st.App("dashboard.py", lifespan=engine_with_the_server)
