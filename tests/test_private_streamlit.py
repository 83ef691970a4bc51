"""Every reach of the page into Streamlit's private API (components/ui/private_streamlit.py)
holds on the pinned Streamlit, and each guard notices when it would not."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from streamlit.runtime.scriptrunner_utils.script_requests import (
    RerunData,
    ScriptRequests,
    ScriptRequestType,
)

from components.ui import private_streamlit
from components.ui.private_streamlit import newer_run_waiting


def test_every_hook_is_active_on_the_pinned_streamlit():
    assert [str(status) for status in private_streamlit.statuses() if not status.active] == []


@pytest.fixture
def requests(monkeypatch) -> ScriptRequests:
    requests = ScriptRequests()  # what Streamlit's ScriptRunner holds for a session
    context = SimpleNamespace(script_requests=requests)
    monkeypatch.setattr(private_streamlit, "get_script_run_ctx", lambda: context)
    return requests


def test_no_newer_run_while_the_run_may_continue(requests):
    assert not newer_run_waiting()


def test_a_requested_rerun_is_seen(requests):
    assert requests.request_rerun(RerunData())
    assert newer_run_waiting()


def test_a_requested_stop_is_seen(requests):
    requests.request_stop()
    assert newer_run_waiting()


def test_outside_a_script_run_there_is_none(monkeypatch):
    monkeypatch.setattr(private_streamlit, "get_script_run_ctx", lambda: None)
    assert not newer_run_waiting()


def test_the_request_state_is_read_under_its_lock(requests):
    """Streamlit changes ``_state`` under ``_lock``: the read waits while another thread
    holds it (here, until the test lets go)."""
    answers: list[bool] = []
    with requests._lock:
        reader = threading.Thread(target=lambda: answers.append(newer_run_waiting()))
        reader.start()
        reader.join(0.2)
        assert reader.is_alive() and answers == []
        requests._state = ScriptRequestType.RERUN  # as request_rerun sets it, under the lock
    reader.join()
    assert answers == [True]


@pytest.fixture
def fresh_status():
    private_streamlit.newer_run_waiting_status.cache_clear()
    yield
    private_streamlit.newer_run_waiting_status.cache_clear()


def test_the_newer_run_guard_notices_a_moved_state(monkeypatch, requests, fresh_status):
    requests.request_stop()
    real_init = ScriptRequests.__init__

    def renamed_state(self):
        real_init(self)
        self._state = self._state.value  # say, a release that keeps a plain string

    monkeypatch.setattr(ScriptRequests, "__init__", renamed_state)
    status = private_streamlit.newer_run_waiting_status()
    assert not status.active and "_state" in status.reason
    assert not newer_run_waiting()  # inactive: the run waits for the engine, as without it


def test_the_still_page_guard_notices_a_renamed_test_id(monkeypatch):
    monkeypatch.setattr(private_streamlit, "SKELETON_TESTID", "stSkeletonRenamed")
    status = private_streamlit.still_while_running_status()
    assert not status.active and "stSkeletonRenamed" in status.reason


def test_the_page_style_names_the_guarded_test_ids():
    css = private_streamlit.still_while_running_css()
    for testid in (private_streamlit.RUNNING_ICON_TESTID, private_streamlit.SKELETON_TESTID):
        assert f'[data-testid="{testid}"]' in css


def bell_rings(requests, ask) -> list[str]:
    """The rings heard while a bell hangs on ``requests`` and ``ask(requests)`` runs."""
    rung: list[str] = []
    with private_streamlit.bell_on_newer_run(lambda: rung.append("ring")) as rings:
        assert rings
        ask(requests)
    return rung


@pytest.mark.parametrize(
    "ask",
    [
        lambda requests: requests.request_rerun(RerunData()),
        lambda requests: requests.request_rerun_batch([RerunData(), RerunData()]),
        lambda requests: requests.request_stop(),
    ],
    ids=["rerun", "rerun batch", "stop"],
)
def test_a_bell_rings_when_a_newer_run_or_a_stop_is_asked_for(requests, ask):
    assert bell_rings(requests, ask) == ["ring"]
    assert newer_run_waiting()


def test_a_bell_rings_at_once_for_a_newer_run_asked_before_it_hung(requests):
    requests.request_rerun(RerunData())
    assert bell_rings(requests, lambda requests: None) == ["ring"]


def test_a_bell_taken_down_rings_no_more_and_others_ring_on(requests):
    rung: list[str] = []
    with private_streamlit.bell_on_newer_run(lambda: rung.append("gone")):
        pass
    other = ScriptRequests()  # another session's
    with private_streamlit.bell_on_newer_run(lambda: rung.append("mine")):
        other.request_rerun(RerunData())
        assert rung == []
        requests.request_rerun(RerunData())
    assert rung == ["mine"]


def test_outside_a_script_run_no_bell_hangs(monkeypatch):
    monkeypatch.setattr(private_streamlit, "get_script_run_ctx", lambda: None)
    with private_streamlit.bell_on_newer_run(lambda: None) as rings:
        assert not rings  # the caller asks newer_run_waiting every 50 ms instead


def test_the_bell_guard_notices_a_method_gone(monkeypatch):
    private_streamlit.newer_run_rings_status.cache_clear()
    monkeypatch.delattr(ScriptRequests, "request_rerun_batch")
    try:
        status = private_streamlit.newer_run_rings_status()
        assert not status.active and "request_rerun_batch" in status.reason
    finally:
        private_streamlit.newer_run_rings_status.cache_clear()
