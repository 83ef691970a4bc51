"""Every place the page reaches into Streamlit's private API or its frontend's internals.

The UI's counterpart of components/private_hooks/ (only the UI may import Streamlit).
Each hook has a guard saying whether the private thing is there with the shape relied
on; where it is not, the hook does nothing and the page runs on as if it were absent
(a newer run waits for the engine; a waiting page animates). ``statuses()`` lists them;
tests/test_private_streamlit.py fails when one goes inactive on the pinned Streamlit
(requirements.txt), so an upgrade that breaks one is noticed.
"""

from __future__ import annotations

import functools
import inspect
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit

from components.private_hooks import HookStatus

# --- Newer run waiting ---------------------------------------------------------------
# What: reads a script run's pending request (``ScriptRequests._state``, under its
# ``_lock``) through ``get_script_run_ctx().script_requests``.
# Why: Streamlit ends a run only at its next ``st`` call, so a run blocked on the engine
# held a newer run (a slider moved again) or a stop back until its job moved in the queue
# or finished. The engine calls the page's ``on_idle`` while it waits; the page makes that
# ``st`` call when this says a newer run waits. Streamlit 1.67 has no public way to ask.
# Relies on: ``ScriptRequests`` keeping ``_state`` (a ``ScriptRequestType``) under
# ``_lock``, which its own methods take to change it.
NEWER_RUN_WAITING = "newer run waiting"

try:
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.runtime.scriptrunner_utils.script_requests import (
        ScriptRequests,
        ScriptRequestType,
    )
except ImportError as error:  # pragma: no cover - another Streamlit
    _import_error: str = f"cannot import: {error}"
else:
    _import_error = ""


@functools.cache
def newer_run_waiting_status() -> HookStatus:
    reason = _import_error
    if not reason:
        requests = ScriptRequests()
        if not isinstance(getattr(requests, "_state", None), ScriptRequestType):
            reason = "ScriptRequests._state is no longer a ScriptRequestType"
        elif not hasattr(getattr(requests, "_lock", None), "__enter__"):
            reason = "ScriptRequests has no _lock"
        elif "_lock" not in inspect.getsource(ScriptRequests.request_rerun):
            reason = "ScriptRequests.request_rerun no longer takes _lock"
    return HookStatus(NEWER_RUN_WAITING, not reason, reason)


def newer_run_waiting() -> bool:
    """Whether a newer run of this page (a slider moved again) or a stop waits for this run
    to end; False outside a script run, or where the hook is inactive."""
    if not newer_run_waiting_status().active:
        return False
    requests = getattr(get_script_run_ctx(), "script_requests", None)
    if requests is None:
        return False
    with requests._lock:
        return requests._state is not ScriptRequestType.CONTINUE


# --- A newer run rings ---------------------------------------------------------------
# What: ``ScriptRequests.request_rerun``, ``request_rerun_batch`` and ``request_stop``,
# wrapped (once, the first time a bell is hung) to ring the bells this module hung on that
# ``ScriptRequests``.
# Why: a run waiting on the engine learns at once that a newer run or a stop waits. Asking
# ``newer_run_waiting`` 20 times a second instead, a class's waiting runs woke ~1,300 times
# a second at 64 students, and a script run's server CPU grew with the class (0.033 s at
# 32 students, 0.080 s at 128: ``python -m bench.server_class``).
# Relies on: Streamlit calling these methods for every rerun and stop it asks of a running
# script (``ScriptRunner.request_rerun`` and ``request_stop`` do). Where the methods are
# gone, no bell is hung and the engine asks every 50 ms as before.
NEWER_RUN_RINGS = "newer run rings"
_BELL_METHODS = ("request_rerun", "request_rerun_batch", "request_stop")
_bells: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # ScriptRequests -> rings
_bells_lock = threading.Lock()


@functools.cache
def newer_run_rings_status() -> HookStatus:
    reason = _import_error
    if not reason:
        missing = [n for n in _BELL_METHODS if not callable(getattr(ScriptRequests, n, None))]
        if missing:
            reason = f"ScriptRequests has no {', '.join(missing)}"
    return HookStatus(NEWER_RUN_RINGS, not reason, reason)


@functools.cache
def _bells_installed() -> bool:
    """Wrap the request methods once per process; False where the hook is inactive."""
    if not newer_run_rings_status().active:
        return False
    for name in _BELL_METHODS:
        setattr(ScriptRequests, name, _ringing(getattr(ScriptRequests, name)))
    return True


def _ringing(method: Callable) -> Callable:
    @functools.wraps(method)
    def request(requests, *args, **kwargs):
        answer = method(requests, *args, **kwargs)
        with _bells_lock:
            rings = list(_bells.get(requests, ()))
        for ring in rings:
            ring()
        return answer

    return request


@contextmanager
def bell_on_newer_run(ring: Callable[[], None]) -> Iterator[bool]:
    """Within: ``ring()`` (on Streamlit's own thread, so it must not block) as soon as a
    newer run of this page or a stop is asked for, or at once if one waits already. Yields
    whether it will ring: False outside a script run or where the hook is inactive (then
    ask ``newer_run_waiting`` often)."""
    requests = None if _import_error else getattr(get_script_run_ctx(), "script_requests", None)
    if requests is None or not _bells_installed():
        yield False
        return
    with _bells_lock:
        _bells.setdefault(requests, set()).add(ring)
    try:
        if newer_run_waiting():  # asked for before the bell was hung
            ring()
        yield True
    finally:
        with _bells_lock:
            _bells.get(requests, set()).discard(ring)


# --- Still while running -------------------------------------------------------------
# What: CSS on two of the frontend's ``data-testid`` values: the header's "running" icon
# hidden, placeholder skeletons not shimmering.
# Why: while a script runs, the icon swaps every 200 ms and every skeleton shimmers
# without end. Painted in software, as a shared host or a classroom's laptops paint it,
# that costs each waiting page ~0.07 CPU-seconds per second (``python -m
# bench.classroom``). The header's Stop button still shows that the page runs.
# Relies on: the frontend bundle naming these test ids; where it does not, the CSS
# matches nothing and the page animates as Streamlit's own.
STILL_WHILE_RUNNING = "still while running"
RUNNING_ICON_TESTID = "stStatusWidgetRunningIcon"
SKELETON_TESTID = "stSkeleton"
FRONTEND_JS = Path(streamlit.__file__).parent / "static" / "static" / "js"


def still_while_running_css() -> str:
    return (
        "<style>\n"
        f'[data-testid="{RUNNING_ICON_TESTID}"] {{ display: none; }}\n'
        f'[data-testid="{SKELETON_TESTID}"] {{ animation: none; }}\n'
        "</style>"
    )


def named(testid: str, code: bytes) -> bool:
    """Does minified ``code`` hold ``testid`` as a whole string literal?"""
    return any(f"{quote}{testid}{quote}".encode() in code for quote in "`\"'")


def still_while_running_status() -> HookStatus:
    """Whether the installed frontend still names both test ids (~0.1 s: it reads the
    bundle, so only tests and diagnostics call it)."""
    missing = {RUNNING_ICON_TESTID, SKELETON_TESTID}
    for script in sorted(FRONTEND_JS.glob("*.js")):
        code = script.read_bytes()
        missing = {testid for testid in missing if not named(testid, code)}
        if not missing:
            break
    reason = f"the frontend names no data-testid {', '.join(sorted(missing))}" if missing else ""
    return HookStatus(STILL_WHILE_RUNNING, not reason, reason)


def statuses() -> list[HookStatus]:
    return [newer_run_waiting_status(), newer_run_rings_status(), still_while_running_status()]
