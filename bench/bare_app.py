"""Serves bench/bare_page.py as app.py serves the app: the workers start with the server."""

import streamlit as st

from components.ui.engine_resource import engine_with_the_server

app = st.App("bare_page.py", lifespan=engine_with_the_server)
