"""The tests' reaches into private APIs (tests/private_apis.py) hold on the pinned versions."""

from __future__ import annotations

import pytest
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest

from tests import private_apis


def test_every_hook_is_active_on_the_pinned_versions():
    assert [str(status) for status in private_apis.statuses() if not status.active] == []


def test_an_apptest_given_the_installed_components_does_not_look_for_them(monkeypatch):
    private_apis.installed_components()  # found once, before counting
    looked: list[BidiComponentManager] = []
    real = BidiComponentManager.discover_and_register_components

    def counted(self, **kwargs):
        looked.append(self)
        return real(self, **kwargs)

    monkeypatch.setattr(BidiComponentManager, "discover_and_register_components", counted)
    page = "import streamlit as st\nst.write('hello')"
    assert AppTest.from_string(page).run().markdown[0].value == "hello"
    assert len(looked) == 1  # AppTest on its own looks them up at its first run
    shared = private_apis.share_installed_components(AppTest.from_string(page)).run()
    assert shared.markdown[0].value == "hello"
    assert len(looked) == 1


@pytest.fixture
def fresh_status():
    private_apis.apptest_components_status.cache_clear()
    yield
    private_apis.apptest_components_status.cache_clear()


def test_the_guard_notices_an_apptest_without_the_attribute(monkeypatch, fresh_status):
    real_init = AppTest.__init__

    def without(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        del self._bidi_component_manager

    monkeypatch.setattr(AppTest, "__init__", without)
    status = private_apis.apptest_components_status()
    assert not status.active and "_bidi_component_manager" in status.reason
    at = private_apis.share_installed_components(AppTest.from_string(""))
    assert not hasattr(at, "_bidi_component_manager")  # left alone
