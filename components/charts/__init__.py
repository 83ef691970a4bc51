"""Plotly figures from plain data (``components.core`` results): no Streamlit, no TensorFlow."""
