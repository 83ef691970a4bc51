"""Helpers shared by the tests: bounded waits, the page through AppTest, the fake engine."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.core.i18n import text
from components.ui import engine_resource
from tests.fake_engine import FakeEngine
from tests.private_apis import share_installed_components

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PAGE_TIMEOUT = 60  # seconds for one script run with the fake engine (2 busy cores)
REAL_ENGINE_TIMEOUT = 240  # a cold worker imports TensorFlow, trains, sweeps and saves


def wait_until(condition, seconds: float = 30, poll: float = 0.02) -> bool:
    """Poll ``condition()`` until it is true or ``seconds`` pass; its last answer."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(poll)
    return condition()


def app_test(query: dict, timeout: float = PAGE_TIMEOUT) -> AppTest:
    """The page (not yet run) opened with the link's ``query``."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    share_installed_components(at)  # ~0.1 s less per new AppTest (tests/private_apis.py)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def run_app(**query) -> AppTest:
    return app_test(query).run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def markdown_tables(at: AppTest) -> list[list[dict[str, str]]]:
    """Every Markdown table on the page, each as its rows keyed by the header."""
    tables = []
    for element in at.markdown:
        lines = [line for line in element.value.splitlines() if line.startswith("| ")]
        if len(lines) < 2 or not set(lines[1]) <= set("|-: "):
            continue
        header, *rows = [re.split(r"(?<!\\)\|", line)[1:-1] for line in lines[:1] + lines[2:]]
        header = [cell.strip() for cell in header]
        tables.append([dict(zip(header, (c.strip() for c in row), strict=True)) for row in rows])
    return tables


def params_table(at: AppTest, lang: str = "en") -> list[dict[str, str]]:
    """The Parameters tab's table: the Markdown table with a formula column."""
    formula = text(lang, "params.col.formula")
    return next(table for table in markdown_tables(at) if table and formula in table[0])


def table_params(at: AppTest) -> list[int]:
    return [int(row["params"]) for row in params_table(at)]


def share_link(at: AppTest) -> str:
    return at.code[0].value


def install_fake_engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    """Make the page's engine a FakeEngine (AppTest runs in this process): the page asks
    ``get_engine()`` once per run and hands the engine to its panels."""
    engine = FakeEngine()
    monkeypatch.setattr(engine_resource, "get_engine", lambda: engine)
    return engine


def run_async(coroutine):
    """``asyncio.run(coroutine)`` in a thread of its own, so a test can run it even where this
    thread already has a running event loop (a browser test's sync Playwright left one)."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["result"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="run-async")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
