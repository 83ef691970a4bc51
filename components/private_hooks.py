"""Every place the app reaches into a private API of Python, TensorFlow, Keras or plotly.

Each hook has a guard that checks the private thing is there with the shape we rely on;
if it is not, the hook does nothing and its status says inactive and why. The app runs
on, slower or heavier but never wrong (without the TFLite reader, the file report fails
with a message instead). ``log_status()`` logs one
line at worker start; tests/test_private_hooks.py fails when a hook goes inactive on the
pinned versions (requirements.txt), so an upgrade that breaks one is noticed.

The server imports this module for the spawn hook, so TensorFlow and Keras are imported
only inside the functions that need them, which run in workers.

Gone: ``optimizer._all_reduce_sum_gradients = list`` (it stopped a ~20 MB leak per model
in Keras's ``apply``) went with the fast trainer, which never calls ``apply``; the
memory test in tests/test_private_hooks.py guards that leak from coming back.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import sys
import threading
from dataclasses import dataclass
from multiprocessing import popen_spawn_posix, spawn
from multiprocessing.context import SpawnContext, SpawnProcess
from multiprocessing.process import BaseProcess

log = logging.getLogger(__name__)

SPAWN_WITHOUT_PAGE = "spawn without page"
EAGER_OPS_DIRECT = "eager ops direct"
KERAS_SKIPSET_CACHE = "keras attr skipset cache"
TFLITE_SCHEMA = "tflite schema reader"
KERAS_WITHOUT_SKLEARN = "keras without scikit-learn"
SINGLE_THREADED_PROGRAMS = "single-threaded programs"
KERNEL_CACHE_KEPT = "kernel cache kept"
UNTRACKED_BUILDS = "keras builds untracked by tensorflow"


@dataclass(frozen=True)
class HookStatus:
    name: str
    active: bool
    reason: str = ""  # why inactive

    def __str__(self) -> str:
        return self.name if self.active else f"{self.name} ({self.reason})"


def _status(name: str, reason: str) -> HookStatus:
    return HookStatus(name, not reason, reason)


_warned: set[str] = set()


def _warn_inactive(name: str, reason: str) -> None:
    """Once per process and hook: a hook called on every job would repeat it."""
    if name not in _warned:
        _warned.add(name)
        log.warning("private hook inactive: %s (%s)", name, reason)


# --- Spawn without page (server side) ------------------------------------------------
# What: a worker's spawn preparation data leaves out the parent's main module
# (``init_main_from_name`` / ``init_main_from_path``), for our workers' launches only.
# Why: ``spawn`` re-runs the parent's ``__main__`` file in every child (CPython's
# multiprocessing.spawn.get_preparation_data), and Streamlit runs the page script as
# ``__main__``: each worker would redraw the page and load the UI (~130 MB), or, when a
# session's run starts during the launch, fail in Streamlit's bootstrap and never serve.
# Hiding ``sys.modules["__main__"]`` for the launch raced with Streamlit, which sets it
# back at every script run's start; the preparation data is this launch's own.
# Relies on: CPython 3.11's ``BaseProcess.start`` calling the private ``_Popen``, and the
# spawn Popen asking ``spawn.get_preparation_data`` for the child's preparation.

_MAIN_KEYS = ("init_main_from_name", "init_main_from_path")
_PREPARATION_DATA = spawn.get_preparation_data  # CPython's own, before the hook wraps it
_launching = threading.local()  # set while this thread launches one of our workers


def spawn_without_page_status() -> HookStatus:
    reason = ""
    if not isinstance(inspect.getattr_static(SpawnProcess, "_Popen", None), staticmethod):
        reason = "SpawnProcess._Popen is no longer a staticmethod"
    elif "_Popen" not in BaseProcess.start.__code__.co_names:
        reason = "BaseProcess.start no longer calls _Popen"
    # _launch is private, so typeshed leaves it out: checking it is this function's job.
    elif "get_preparation_data" not in popen_spawn_posix.Popen._launch.__code__.co_names:  # type: ignore[attr-defined]
        reason = "the spawn Popen no longer asks spawn.get_preparation_data"
    elif not set(_MAIN_KEYS) & set(_PREPARATION_DATA.__code__.co_consts):
        reason = "spawn.get_preparation_data no longer names the main module's keys"
    return _status(SPAWN_WITHOUT_PAGE, reason)


def _preparation_data(name):
    data = _PREPARATION_DATA(name)
    if getattr(_launching, "worker", False):
        for key in _MAIN_KEYS:
            data.pop(key, None)
    return data


class _SpawnWithoutPage(SpawnProcess):
    @staticmethod
    def _Popen(process_obj):
        _launching.worker = True
        try:
            return SpawnProcess._Popen(process_obj)
        finally:
            _launching.worker = False


class _SpawnContextWithoutPage(SpawnContext):
    Process = _SpawnWithoutPage


def spawn_context() -> SpawnContext:
    """A spawn context whose processes do not re-run ``__main__``, where the hook holds."""
    status = spawn_without_page_status()
    if status.active:
        spawn.get_preparation_data = _preparation_data  # other launches pass through it
        return _SpawnContextWithoutPage()
    _warn_inactive(SPAWN_WITHOUT_PAGE, f"{status.reason}; workers re-run the page")
    return SpawnContext()


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
    return _status(EAGER_OPS_DIRECT, found if isinstance(found, str) else "")


def run_eager_ops_as_functions(enabled: bool) -> bool:
    """Choose whether TensorFlow wraps each eager op in a one-op function; False if we can't."""
    found = _eager_setter()
    if isinstance(found, str):
        _warn_inactive(EAGER_OPS_DIRECT, found)
        return False
    setter, context = found
    eager = context.context()
    eager.ensure_initialized()
    try:
        setter(eager._handle, enabled)
    except (TypeError, AttributeError) as error:  # its signature changed
        _warn_inactive(EAGER_OPS_DIRECT, repr(error))
        return False
    return True


# --- Keras attr skipset cache (worker) -----------------------------------------------
# What: stores each object kind's attribute skipset under the key Keras reads it from.
# Why: in Keras 3.15.1 ``saving_lib.get_attr_skipset`` caches its set under
# ``saving_attr_skipset_*`` but looks it up under ``saving_attr_skiplist_*`` (no upstream
# issue found), so on every save, for every layer, optimizer and metric it walks, it builds
# a throwaway reference object and lists its attributes: a save ~25% slower. The cached
# set is the one Keras computes, so no byte changes (tests/test_serialization.py).
# ``clear_session`` wipes Keras's global state: call it before each save; the sets are
# computed once a process and installed again.

SKIPSET_KINDS = ("Layer", "Sequential", "Optimizer", "Metric", "Loss", "Operation")
SKIPSET_READ_KEY = "saving_attr_skiplist_{}"


_skipsets: dict[str, set] = {}  # by kind, as Keras computes them


def _keras_saving_state():
    """``(global_state, saving_lib)`` if Keras reads the key we write, else why not."""
    try:
        from keras.src.backend.common import global_state
        from keras.src.saving import saving_lib
    except ImportError as error:
        return f"cannot import: {error}"
    key = SKIPSET_READ_KEY.format("Loss")
    before = global_state.get_global_attribute(key)
    probe = {"probe"}
    try:
        global_state.set_global_attribute(key, probe)
        read = saving_lib.get_attr_skipset("Loss")
    except Exception as error:  # any change of shape means: leave Keras alone
        return f"probe failed: {error!r}"
    finally:
        global_state.set_global_attribute(key, before)
    if read is not probe:
        return f"get_attr_skipset no longer reads {key}"
    return global_state, saving_lib


def keras_skipset_cache_status() -> HookStatus:
    found = _keras_saving_state()
    return _status(KERAS_SKIPSET_CACHE, found if isinstance(found, str) else "")


def cache_keras_attr_skipsets() -> bool:
    """Let Keras cache what it means to cache while saving; False if it can't."""
    found = _keras_saving_state()
    if isinstance(found, str):
        _warn_inactive(KERAS_SKIPSET_CACHE, found)
        return False
    global_state, saving_lib = found
    for kind in SKIPSET_KINDS:
        key = SKIPSET_READ_KEY.format(kind)
        if global_state.get_global_attribute(key) is None:
            if kind not in _skipsets:  # the attributes of a fresh object: once a process
                _skipsets[kind] = saving_lib.get_attr_skipset(kind)
            global_state.set_global_attribute(key, _skipsets[kind])
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
    return _status(SINGLE_THREADED_PROGRAMS, found if isinstance(found, str) else "")


def on_single_threaded_executor(program):
    """``program`` (a ``tf.function``), traced and run on the single-threaded executor;
    ``program`` itself where that executor cannot be chosen."""
    found = _executor_setter()
    if isinstance(found, str):
        _warn_inactive(SINGLE_THREADED_PROGRAMS, found)
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
    return _status(KERNEL_CACHE_KEPT, found if isinstance(found, str) else "")


@contextlib.contextmanager
def kernel_cache_kept():
    """TensorFlow's eager kernel cache left alone inside the block (see above)."""
    found = _pywrap_tfe()
    if isinstance(found, str):
        _warn_inactive(KERNEL_CACHE_KEPT, found)
        yield
        return
    clear = getattr(found, _CLEAR_CACHES)
    setattr(found, _CLEAR_CACHES, lambda handle: None)
    try:
        yield
    finally:
        setattr(found, _CLEAR_CACHES, clear)


# --- Keras builds untracked by TensorFlow (worker) ------------------------------------
# What: while a training builds its Keras model and optimizer, Keras's TensorFlow backend
# does not mirror each attribute into TensorFlow's own object graph: the class-level
# default of ``_self_setattr_tracking``, the switch Keras itself turns off around its
# own lists (``KerasAutoTrackable.__setattr__`` and TensorFlow's ``AutoTrackable``).
# Why: that graph serves TensorFlow checkpoints and SavedModel export, and feeding it was
# ~15% of building a model (~900 attributes set, each through both trackers). A trained
# model is saved only as ``.keras``, which Keras walks by its own tracking; the models
# the file report and the shipped sizes export are built without this hook.


@functools.cache
def _keras_auto_trackable():
    """Keras's ``KerasAutoTrackable`` if its ``__setattr__`` still reads the switch."""
    try:
        from keras.src.backend.tensorflow.trackable import KerasAutoTrackable
    except ImportError as error:
        return f"cannot import: {error}"
    if "_self_setattr_tracking" not in inspect.getsource(KerasAutoTrackable.__setattr__):
        return "KerasAutoTrackable.__setattr__ no longer reads _self_setattr_tracking"
    if "_self_setattr_tracking" in vars(KerasAutoTrackable):
        return "KerasAutoTrackable sets _self_setattr_tracking itself"
    return KerasAutoTrackable


def untracked_builds_status() -> HookStatus:
    found = _keras_auto_trackable()
    return _status(UNTRACKED_BUILDS, found if isinstance(found, str) else "")


@contextlib.contextmanager
def untracked_by_tensorflow():
    """Keras objects made inside the block stay out of TensorFlow's object graph."""
    found = _keras_auto_trackable()
    if isinstance(found, str):
        _warn_inactive(UNTRACKED_BUILDS, found)
        yield
        return
    found._self_setattr_tracking = False
    try:
        yield
    finally:
        del found._self_setattr_tracking


# --- TFLite schema reader (worker) ---------------------------------------------------
# What: TensorFlow's generated flatbuffer classes for .tflite files, a private module.
# Why: the files panel counts the numbers and bytes in a TFLite model's constant weight
# tensors; TF 2.21 has no public reader of a flatbuffer's tensors and buffers. Without
# it the file report fails with a message (its TFLite rows cannot be measured).


def tflite_schema():
    """``tensorflow.lite.python.schema_py_generated``, or None where it is missing."""
    found = _tflite_schema()
    if isinstance(found, str):
        _warn_inactive(TFLITE_SCHEMA, found)
        return None
    return found


def _tflite_schema():
    try:
        from tensorflow.lite.python import schema_py_generated as schema
    except ImportError as error:
        return f"cannot import: {error}"
    if not callable(getattr(getattr(schema, "ModelT", None), "InitFromPackedBuf", None)):
        return "schema.ModelT.InitFromPackedBuf is gone"
    kinds = getattr(schema, "TensorType", None)
    if not all(hasattr(kinds, kind) for kind in ("FLOAT32", "FLOAT16", "INT8")):
        return "schema.TensorType lacks FLOAT32, FLOAT16 or INT8"
    return schema


def tflite_schema_status() -> HookStatus:
    found = _tflite_schema()
    return _status(TFLITE_SCHEMA, found if isinstance(found, str) else "")


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
    return _status(KERAS_WITHOUT_SKLEARN, _without_sklearn)


# --- All of them ---------------------------------------------------------------------


# --- Plotly figure unvalidated (server side) -----------------------------------------
# What: the first screen's figures reach ``st.plotly_chart`` as a ``go.Figure`` subclass
# that is its plain dict: built without ``BaseFigure.__init__`` (plotly's per-property
# validation and template copy), and whose ``to_dict`` hands the dict over as it is.
# Why: validating the two figures was ~20 ms of ~45 ms of server CPU per script run; the
# template copy and Streamlit's ``to_dict`` deep copy, ~2.7 ms a figure more, under one
# GIL for every student of a class. The dicts are checked once, in tests: plotly's
# validated builders give the same figure (tests/test_figures.py).
# Relies on: ``st.plotly_chart`` reading a Figure through
# ``plotly.tools.return_figure_from_figure_or_data``, which calls ``to_dict()`` alone.
# Without the hook the figure is an ordinary validated ``go.Figure``.

PLOTLY_UNVALIDATED = "plotly figure unvalidated"


@functools.cache
def _checked_figure_class():
    import plotly.graph_objects as go

    class CheckedFigure(go.Figure):
        """A figure that is its plain dict, read-only; ``data`` and ``layout`` read a
        validated copy (for tests and debugging, not the page)."""

        def __init__(self, spec: dict) -> None:  # no super().__init__: the cost saved
            object.__setattr__(self, "_spec", spec)

        def to_dict(self) -> dict:
            return self._spec

        def to_plotly_json(self) -> dict:
            return self._spec

        @property
        def data(self):
            return go.Figure(self._spec).data

        @property
        def layout(self):
            return go.Figure(self._spec).layout

        def __repr__(self) -> str:
            return f"CheckedFigure({self._spec!r})"

    return CheckedFigure


@functools.cache
def plotly_unvalidated_status() -> HookStatus:
    import plotly.tools

    spec = {"data": [{"type": "scatter", "mode": "no such mode"}]}  # invalid: not checked
    try:
        handed = plotly.tools.return_figure_from_figure_or_data(
            _checked_figure_class()(spec), validate_figure=True
        )
    except Exception as error:  # any failure means the hook does not hold
        return _status(PLOTLY_UNVALIDATED, f"the figure is read another way: {error!r}"[:200])
    if handed is not spec:
        return _status(PLOTLY_UNVALIDATED, "st.plotly_chart's reader copies the figure")
    return _status(PLOTLY_UNVALIDATED, "")


def unvalidated_figure(spec: dict):
    """The figure ``spec`` for ``st.plotly_chart``, unvalidated where the hook holds."""
    import plotly.graph_objects as go

    status = plotly_unvalidated_status()
    if status.active:
        return _checked_figure_class()(spec)
    _warn_inactive(PLOTLY_UNVALIDATED, status.reason)
    return go.Figure(spec)


def statuses() -> list[HookStatus]:
    """Every hook's status in this process (the TF and Keras ones import them)."""
    return [
        spawn_without_page_status(),
        eager_ops_direct_status(),
        keras_skipset_cache_status(),
        tflite_schema_status(),
        keras_without_sklearn_status(),
        single_threaded_programs_status(),
        kernel_cache_kept_status(),
        untracked_builds_status(),
    ]


def log_status() -> None:
    """One line: which hooks are active and which are not (a warning if any is not)."""
    hooks = statuses()
    active = ", ".join(str(h) for h in hooks if h.active) or "none"
    inactive = "; ".join(str(h) for h in hooks if not h.active) or "none"
    level = logging.WARNING if inactive != "none" else logging.INFO
    log.log(level, "private hooks active: %s; inactive: %s", active, inactive)
