"""Pure logic: the spec and its limits, parameter formulas, fits, costs, plain results.

May import the standard library, numpy and scikit-learn, and nothing else of ours outside
``components.core``: never Streamlit, TensorFlow, Keras, the engine or the UI
(``lint-imports`` checks it). So every formula is testable in milliseconds.
"""
