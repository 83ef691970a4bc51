"""Every place the app reaches into a private API of Python, TensorFlow, Keras or plotly.

Each hook has a guard that checks the private thing is there with the shape we rely on;
if it is not, the hook does nothing and its status says inactive and why. The app runs
on, slower or heavier but never wrong (without the TFLite reader, the file report fails
with a message instead). ``log_status()`` logs one line at worker start;
tests/test_private_hooks.py fails when a hook goes inactive on the pinned versions
(requirements.txt), so an upgrade that breaks one is noticed.

By where they run: ``server`` (workers spawned without the page, figures unvalidated),
``tensorflow_runtime`` and ``keras_models`` (the worker's). Each hook's section says what
it does, why, and what it relies on. The server imports this package for the spawn hook,
so TensorFlow and Keras are imported only inside the functions that need them, which run
in workers.

Gone: ``optimizer._all_reduce_sum_gradients = list`` (it stopped a ~20 MB leak per model
in Keras's ``apply``) went with the fast trainer, which never calls ``apply``; the
memory test in tests/test_private_hooks.py guards that leak from coming back.
"""

from __future__ import annotations

import logging

from components.private_hooks.keras_models import (
    KERAS_SKIPSET_CACHE,
    SKIPSET_KINDS,
    SKIPSET_READ_KEY,
    TFLITE_SCHEMA,
    UNTRACKED_BUILDS,
    cache_keras_attr_skipsets,
    keras_skipset_cache_status,
    tflite_schema,
    tflite_schema_status,
    untracked_builds_status,
    untracked_by_tensorflow,
)
from components.private_hooks.server import (
    PLOTLY_UNVALIDATED,
    SPAWN_WITHOUT_PAGE,
    plotly_unvalidated_status,
    spawn_context,
    spawn_without_page_status,
    unvalidated_figure,
)
from components.private_hooks.status import HookStatus
from components.private_hooks.tensorflow_runtime import (
    EAGER_OPS_DIRECT,
    KERAS_WITHOUT_SKLEARN,
    KERNEL_CACHE_KEPT,
    SINGLE_THREADED_PROGRAMS,
    eager_ops_direct_status,
    import_tensorflow,
    keras_without_sklearn_status,
    kernel_cache_kept,
    kernel_cache_kept_status,
    on_single_threaded_executor,
    run_eager_ops_as_functions,
    single_threaded_programs_status,
)

__all__ = [
    "EAGER_OPS_DIRECT",
    "KERAS_SKIPSET_CACHE",
    "KERAS_WITHOUT_SKLEARN",
    "KERNEL_CACHE_KEPT",
    "PLOTLY_UNVALIDATED",
    "SINGLE_THREADED_PROGRAMS",
    "SKIPSET_KINDS",
    "SKIPSET_READ_KEY",
    "SPAWN_WITHOUT_PAGE",
    "TFLITE_SCHEMA",
    "UNTRACKED_BUILDS",
    "HookStatus",
    "cache_keras_attr_skipsets",
    "eager_ops_direct_status",
    "import_tensorflow",
    "keras_skipset_cache_status",
    "keras_without_sklearn_status",
    "kernel_cache_kept",
    "kernel_cache_kept_status",
    "log_status",
    "on_single_threaded_executor",
    "plotly_unvalidated_status",
    "run_eager_ops_as_functions",
    "single_threaded_programs_status",
    "spawn_context",
    "spawn_without_page_status",
    "statuses",
    "tflite_schema",
    "tflite_schema_status",
    "untracked_builds_status",
    "untracked_by_tensorflow",
    "unvalidated_figure",
]

log = logging.getLogger(__name__)


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
