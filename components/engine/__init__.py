"""The server side of training and measuring: one queue for every visitor, worker
processes (or a Dask cluster), caches and the result store.

May import ``components.core``; never Streamlit, TensorFlow or Keras. It names the
worker's job functions through ``components.worker.jobs``, which imports TensorFlow only
inside them, in the worker (the one lazy edge, named in the import contracts).
"""
