"""The Network tab's panel and the heatmaps on a page of their own, for the browser test:
a made-up result of the fake engine (no TensorFlow, no workers). ``?part=cells`` shows the
heatmaps, ``?lang=ko`` the page in Korean."""

import streamlit as st

from components.ui.network_panel import show_network, show_weight_heatmaps
from tests.e2e.test_network_view import SPEC
from tests.fake_engine import FakeEngine

st.set_page_config(layout="wide")
result = FakeEngine().train(SPEC)
show = show_weight_heatmaps if st.query_params.get("part") == "cells" else show_network
show(SPEC, result, int(st.query_params.get("epoch", SPEC.epochs)))
