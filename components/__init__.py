"""Iris MLP Param Lab, in layers by where the code runs (enforced by ``lint-imports``):

- ``core``: pure logic (spec, formulas, fits, costs, plain results);
- ``charts``: plotly figures from core's data;
- ``engine``: the server's queue, workers, caches and store; never TensorFlow;
- ``worker``: TensorFlow and Keras, inside worker processes only;
- ``ui``: the Streamlit edge, with ``dashboard.py`` and ``app.py``.
"""
