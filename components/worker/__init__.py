"""What runs in a training worker: TensorFlow and Keras build, train, save and measure.

The only package that imports TensorFlow or Keras. May import ``components.core``;
never Streamlit, the engine or the UI. ``jobs`` is its entry: its functions import the
rest lazily, so the server can name them without loading TensorFlow.
"""
