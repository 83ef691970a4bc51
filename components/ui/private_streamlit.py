"""Every place the page reaches into Streamlit's private API or its frontend's internals.

The UI's counterpart of components/private_hooks.py (only the UI may import Streamlit).
Each hook has a guard saying whether the private thing is there with the shape relied
on; where it is not, the hook does nothing and the page runs on as if it were absent
(a newer run waits for the engine; a waiting page animates). ``statuses()`` lists them;
tests/test_private_streamlit.py fails when one goes inactive on the pinned Streamlit
(requirements.txt), so an upgrade that breaks one is noticed.
"""

from __future__ import annotations

import functools
import inspect
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
    return [newer_run_waiting_status(), still_while_running_status()]
