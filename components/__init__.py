"""Iris MLP Param Lab: pure logic, the training engine and the Streamlit UI edge (ui/)."""
