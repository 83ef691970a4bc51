"""The Streamlit edge: the only package besides dashboard.py and app.py that calls ``st.*``."""
