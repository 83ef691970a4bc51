"""Every place the tests reach into a private API of Streamlit's AppTest or of pytest.

The tests' counterpart of components/private_hooks/: each hook has a guard saying
whether the private thing still has the shape relied on; where it does not, the hook does
nothing (the tests run as without it, slower). tests/test_private_apis.py fails when one
goes inactive on the pinned versions (requirements-dev.txt).
"""

from __future__ import annotations

import functools
import inspect

from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest

from components.private_hooks import HookStatus

# --- AppTest shares the installed components -----------------------------------------
# What: sets an AppTest's private ``_bidi_component_manager`` before its first run, to a
# manager that has already found the installed packages' Streamlit components.
# Why: otherwise each new AppTest's first run reads every installed package's metadata for
# them (~0.1 s, half of a page run on the fake engine), and the answer cannot change during
# a test session. Streamlit 1.67's AppTest takes no manager in its public API.
# Relies on: ``AppTest._run`` building a manager only while ``_bidi_component_manager`` is
# None, and using the one it holds otherwise.
APPTEST_COMPONENTS = "apptest shares installed components"


@functools.cache
def apptest_components_status() -> HookStatus:
    reason = ""
    if getattr(AppTest.from_string(""), "_bidi_component_manager", False) is not None:
        reason = "a new AppTest holds no _bidi_component_manager set to None"
    elif "self._bidi_component_manager is None" not in inspect.getsource(AppTest._run):
        reason = "AppTest._run no longer builds a manager only when it holds none"
    return HookStatus(APPTEST_COMPONENTS, not reason, reason)


@functools.cache
def installed_components() -> BidiComponentManager:
    """Streamlit components found in the installed packages, as AppTest looks them up."""
    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def share_installed_components(at: AppTest) -> AppTest:
    """``at``, to use the session's one manager of installed components where the hook
    holds (else it finds them itself)."""
    if apptest_components_status().active:
        at._bidi_component_manager = installed_components()
    return at


def statuses() -> list[HookStatus]:
    return [apptest_components_status()]
