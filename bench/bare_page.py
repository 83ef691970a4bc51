"""The floor for bench/classroom.py: the answer to a move and nothing else.

    streamlit run bench/bare_app.py

The first width slider, "Total params" and "Test accuracy", trained by the app's own engine
(the same workers, store and jobs), on a page with none of the app's charts, tabs or
sidebar. N students on this page show what Streamlit's frontend, the server and the workers
cost this machine by themselves. Not part of the product.
"""

import streamlit as st

from components.core.params import summarize
from components.core.spec import MAX_WIDTH, MIN_WIDTH, ModelSpec
from components.engine.engine import EngineError
from components.ui.engine_resource import get_engine, this_run

me = this_run()
seed = ModelSpec()
h1 = st.slider("Width of hidden layer 1", MIN_WIDTH, MAX_WIDTH, seed.widths[0])
spec = seed.with_widths((h1, *seed.widths[1:]))
st.metric("Total params", str(summarize(spec).total))
try:
    result = get_engine().train(spec, requester=me)
except EngineError as error:
    st.error(str(error))
else:
    st.metric("Test accuracy", f"{result.test_accuracy:.1%}")
