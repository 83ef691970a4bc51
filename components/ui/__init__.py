"""The Streamlit edge: the only package besides dashboard.py that calls ``st.*``."""
