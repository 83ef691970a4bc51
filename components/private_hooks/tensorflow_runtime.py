"""The worker's hooks on TensorFlow's runtime: its import, eager ops, the executor of the
training program and its kernel cache.

TensorFlow is imported inside each hook's functions: the server imports this package
(for the spawn hook) and must not load it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import sys

from components.private_hooks.status import HookStatus, hook_status, warn_inactive

EAGER_OPS_DIRECT = "eager ops direct"
KERAS_WITHOUT_SKLEARN = "keras without scikit-learn"
SINGLE_THREADED_PROGRAMS = "single-threaded programs"
KERNEL_CACHE_KEPT = "kernel cache kept"


# --- Keras without scikit-learn (worker) ---------------------------------------------
# What: while TensorFlow imports (and with it Keras), ``sys.modules["sklearn"]`` is None,
# so ``import sklearn`` raises ImportError and Keras's scikit-learn wrappers take their
# fallback: keras/src/wrappers import it inside ``try/except ImportError``.
# Why: those wrappers load scikit-learn and SciPy's statistics: ~0.7 s of a worker's
# ~3.7 s TensorFlow import here (median of 5) and ~60 MB of its memory, for classes a
# worker never uses. A worker needs no scikit-learn at all: the server splits the data.
# Relies on: that ``try``; where it is gone, TensorFlow is imported again unhindered.


def import_tensorflow():
    """``import tensorflow``, the first time without Keras's scikit-learn wrappers."""
    if "tensorflow" not in sys.modules:
        _import_tensorflow_without_sklearn()
    import tensorflow as tf

    return tf


_without_sklearn = "TensorFlow was not imported through import_tensorflow()"  # or "": held


def _import_tensorflow_without_sklearn() -> None:
    global _without_sklearn
    if "sklearn" in sys.modules:
        _without_sklearn = "scikit-learn was imported first"
        return
    sys.modules["sklearn"] = None  # type: ignore[assignment]
    try:
        import tensorflow  # noqa: F401

        _without_sklearn = ""
    except ImportError as error:  # partly imported: forget it, import_tensorflow retries
        _without_sklearn = f"TensorFlow's import needs scikit-learn ({error})"
        for name in [n for n in sys.modules if n.split(".")[0] in ("tensorflow", "keras")]:
            del sys.modules[name]
    finally:
        del sys.modules["sklearn"]


def keras_without_sklearn_status() -> HookStatus:
    return hook_status(KERAS_WITHOUT_SKLEARN, _without_sklearn)


# --- Eager ops direct (worker) -------------------------------------------------------
# What: turns off TensorFlow's "run eager op as function" (added in TF 2.9,
# tensorflow/tensorflow#55414; on by default in 2.21) through the private ``pywrap_tfe``
# setter on the context's private ``_handle``: TF 2.21 has no public switch.
# Why: it instantiates a one-op function for every new set of op attributes (~0.5 ms);
# creating a variable of a new shape is one, so building models of new widths paid it per
# variable, a third of a sweep's model building. Graph functions (all of training) are
# untouched; numbers and bytes stay identical (tests/test_training.py).


def _eager_setter():
    """``(setter, context module)``, or a string saying why they are not there."""
    try:
        from tensorflow.python import pywrap_tfe
        from tensorflow.python.eager import context
    except ImportError as error:
        return f"cannot import: {error}"
    setter = getattr(pywrap_tfe, "TFE_ContextSetRunEagerOpAsFunction", None)
    if not callable(setter):
        return "pywrap_tfe.TFE_ContextSetRunEagerOpAsFunction is gone"
    if not isinstance(inspect.getattr_static(context.Context, "_handle", None), property):
        return "eager Context._handle is gone"
    return setter, context


def eager_ops_direct_status() -> HookStatus:
    found = _eager_setter()
    return hook_status(EAGER_OPS_DIRECT, found if isinstance(found, str) else "")


def run_eager_ops_as_functions(enabled: bool) -> bool:
    """Choose whether TensorFlow wraps each eager op in a one-op function; False if we can't."""
    found = _eager_setter()
    if isinstance(found, str):
        warn_inactive(EAGER_OPS_DIRECT, found)
        return False
    setter, context = found
    eager = context.context()
    eager.ensure_initialized()
    try:
        setter(eager._handle, enabled)
    except (TypeError, AttributeError) as error:  # its signature changed
        warn_inactive(EAGER_OPS_DIRECT, repr(error))
        return False
    return True


# --- Single-threaded programs (worker) ----------------------------------------------
# What: the training program is traced and called inside
# ``context.function_executor_type("SINGLE_THREADED_EXECUTOR")`` (thread-local options).
# Why: TensorFlow's default executor costs ~1 us a node, and a step of the seed's model is
# ~340 small nodes; its single-threaded executor runs a node for much less. Under it
# TensorFlow also keeps the program's ``tf.while_loop`` s as functional While ops instead of
# lowering them to Switch/Merge frames (control_flow_util_v2.maybe_set_lowering_attr),
# which that executor needs. A default training's fit: ~0.12 -> ~0.08 s of CPU. The ops
# are the same ones, on one thread either way; a reduction may add in another order
# (~1e-7 apart on one dataset of five), and the same spec still gives bit-identical
# numbers from run to run and worker to worker (tests/test_training.py).

_EXECUTOR = "SINGLE_THREADED_EXECUTOR"


def _executor_setter():
    """``context.function_executor_type``, or a string saying why it is not there."""
    try:
        from tensorflow.python.eager import context
    except ImportError as error:
        return f"cannot import: {error}"
    setter = getattr(context, "function_executor_type", None)
    if not callable(setter):
        return "context.function_executor_type is gone"
    if not hasattr(context.context().function_call_options, "executor_type"):
        return "FunctionCallOptions.executor_type is gone"
    return setter


def single_threaded_programs_status() -> HookStatus:
    found = _executor_setter()
    return hook_status(SINGLE_THREADED_PROGRAMS, found if isinstance(found, str) else "")


def on_single_threaded_executor(program):
    """``program`` (a ``tf.function``), traced and run on the single-threaded executor;
    ``program`` itself where that executor cannot be chosen."""
    found = _executor_setter()
    if isinstance(found, str):
        warn_inactive(SINGLE_THREADED_PROGRAMS, found)
        return program

    @functools.wraps(program)
    def run(*args):
        with found(_EXECUTOR):
            return program(*args)

    return run


# --- Kernel cache kept (worker) ------------------------------------------------------
# What: while Keras seeds (``keras.utils.set_random_seed``) or resets its state
# (``keras.backend.clear_session``), TensorFlow's ``pywrap_tfe.TFE_ContextClearCaches``,
# which both call through the eager context, does nothing.
# Why: it empties the eager kernel cache, which holds the training program instantiated
# for the executor; every training then paid ~25 ms (a sixth of it) to instantiate it
# again. Keras's own state is still seeded and reset as before; TensorFlow's global seed
# still changes, it just keeps its kernels (our random ops all take explicit seeds:
# initial weights from Keras's seed generator, dropout from the spec's seed).

_CLEAR_CACHES = "TFE_ContextClearCaches"


def _pywrap_tfe():
    """TensorFlow's ``pywrap_tfe`` if the eager context clears caches through it."""
    try:
        from tensorflow.python import pywrap_tfe
        from tensorflow.python.eager import context
    except ImportError as error:
        return f"cannot import: {error}"
    if not callable(getattr(pywrap_tfe, _CLEAR_CACHES, None)):
        return f"pywrap_tfe.{_CLEAR_CACHES} is gone"
    if context.pywrap_tfe is not pywrap_tfe:
        return "the eager context no longer calls pywrap_tfe"
    return pywrap_tfe


def kernel_cache_kept_status() -> HookStatus:
    found = _pywrap_tfe()
    return hook_status(KERNEL_CACHE_KEPT, found if isinstance(found, str) else "")


@contextlib.contextmanager
def kernel_cache_kept():
    """TensorFlow's eager kernel cache left alone inside the block (see above)."""
    found = _pywrap_tfe()
    if isinstance(found, str):
        warn_inactive(KERNEL_CACHE_KEPT, found)
        yield
        return
    clear = getattr(found, _CLEAR_CACHES)
    setattr(found, _CLEAR_CACHES, lambda handle: None)
    try:
        yield
    finally:
        setattr(found, _CLEAR_CACHES, clear)
