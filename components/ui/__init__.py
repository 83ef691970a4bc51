"""The Streamlit edge: the page's panels and controls, and the engine shared by sessions.

With ``dashboard.py`` and ``app.py``, the only code that imports Streamlit. May import
``core``, ``charts`` and ``engine``; never TensorFlow or Keras.
"""
