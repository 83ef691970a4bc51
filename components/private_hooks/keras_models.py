"""The worker's hooks on Keras models and files: built untracked by TensorFlow, saved with
cached attribute skipsets, and TFLite files read by TensorFlow's own schema.

Keras and TensorFlow are imported inside each hook's functions: the server imports this
package (for the spawn hook) and must not load them.
"""

from __future__ import annotations

import contextlib
import functools
import inspect

from components.private_hooks.status import HookStatus, hook_status, warn_inactive

KERAS_SKIPSET_CACHE = "keras attr skipset cache"
UNTRACKED_BUILDS = "keras builds untracked by tensorflow"
TFLITE_SCHEMA = "tflite schema reader"


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
    return hook_status(UNTRACKED_BUILDS, found if isinstance(found, str) else "")


@contextlib.contextmanager
def untracked_by_tensorflow():
    """Keras objects made inside the block stay out of TensorFlow's object graph."""
    found = _keras_auto_trackable()
    if isinstance(found, str):
        warn_inactive(UNTRACKED_BUILDS, found)
        yield
        return
    found._self_setattr_tracking = False
    try:
        yield
    finally:
        del found._self_setattr_tracking


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
    return hook_status(KERAS_SKIPSET_CACHE, found if isinstance(found, str) else "")


def cache_keras_attr_skipsets() -> bool:
    """Let Keras cache what it means to cache while saving; False if it can't."""
    found = _keras_saving_state()
    if isinstance(found, str):
        warn_inactive(KERAS_SKIPSET_CACHE, found)
        return False
    global_state, saving_lib = found
    for kind in SKIPSET_KINDS:
        key = SKIPSET_READ_KEY.format(kind)
        if global_state.get_global_attribute(key) is None:
            if kind not in _skipsets:  # the attributes of a fresh object: once a process
                _skipsets[kind] = saving_lib.get_attr_skipset(kind)
            global_state.set_global_attribute(key, _skipsets[kind])
    return True


# --- TFLite schema reader (worker) ---------------------------------------------------
# What: TensorFlow's generated flatbuffer classes for .tflite files, a private module.
# Why: the files panel counts the numbers and bytes in a TFLite model's constant weight
# tensors; TF 2.21 has no public reader of a flatbuffer's tensors and buffers. Without
# it the file report fails with a message (its TFLite rows cannot be measured).


def tflite_schema():
    """``tensorflow.lite.python.schema_py_generated``, or None where it is missing."""
    found = _tflite_schema()
    if isinstance(found, str):
        warn_inactive(TFLITE_SCHEMA, found)
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
    return hook_status(TFLITE_SCHEMA, found if isinstance(found, str) else "")
