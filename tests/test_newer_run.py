"""A run waiting on the engine sees at once that a newer run of its page wants to start: it
reads Streamlit's own request state, whose private shape this checks on the pinned release."""

from types import SimpleNamespace

import pytest
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests

from components.ui import engine_resource


@pytest.fixture
def requests(monkeypatch) -> ScriptRequests:
    requests = ScriptRequests()  # what Streamlit's ScriptRunner holds for a session
    context = SimpleNamespace(script_requests=requests)
    monkeypatch.setattr(engine_resource, "get_script_run_ctx", lambda: context)
    return requests


def test_no_newer_run_while_the_run_may_continue(requests):
    assert not engine_resource.newer_run_waiting()


def test_a_requested_rerun_is_seen(requests):
    assert requests.request_rerun(RerunData())
    assert engine_resource.newer_run_waiting()


def test_a_requested_stop_is_seen(requests):
    requests.request_stop()
    assert engine_resource.newer_run_waiting()


def test_outside_a_script_run_there_is_none(monkeypatch):
    monkeypatch.setattr(engine_resource, "get_script_run_ctx", lambda: None)
    assert not engine_resource.newer_run_waiting()
