"""The server's hooks: workers spawned without the page, and figures unvalidated.

Plain Python, multiprocessing and plotly (imported inside its hook): the server and the
charts import this module.
"""

from __future__ import annotations

import functools
import inspect
import threading
from multiprocessing import popen_spawn_posix, spawn
from multiprocessing.context import SpawnContext, SpawnProcess
from multiprocessing.process import BaseProcess

from components.private_hooks.status import HookStatus, hook_status, warn_inactive

SPAWN_WITHOUT_PAGE = "spawn without page"
PLOTLY_UNVALIDATED = "plotly figure unvalidated"


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
    return hook_status(SPAWN_WITHOUT_PAGE, reason)


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
    warn_inactive(SPAWN_WITHOUT_PAGE, f"{status.reason}; workers re-run the page")
    return SpawnContext()


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
        return hook_status(PLOTLY_UNVALIDATED, f"the figure is read another way: {error!r}"[:200])
    if handed is not spec:
        return hook_status(PLOTLY_UNVALIDATED, "st.plotly_chart's reader copies the figure")
    return hook_status(PLOTLY_UNVALIDATED, "")


def unvalidated_figure(spec: dict):
    """The figure ``spec`` for ``st.plotly_chart``, unvalidated where the hook holds."""
    import plotly.graph_objects as go

    status = plotly_unvalidated_status()
    if status.active:
        return _checked_figure_class()(spec)
    warn_inactive(PLOTLY_UNVALIDATED, status.reason)
    return go.Figure(spec)
