"""Fixtures for the real-browser tests: one real Streamlit server and one Chromium per session.

The server is started exactly as a user would start it (``streamlit run app.py``) on a
free port; each test gets a fresh browser context so URL state and session state never leak
from one test to the next. Playwright's own browser download does not work here, so the tests
drive Debian's Chromium and fail loudly (never skip) when it is missing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import live_app
from bench.live_app import Server, ServerDidNotStart

CHROMIUM = os.environ.get("E2E_CHROMIUM", live_app.CHROMIUM)
VIEWPORT = {"width": 1400, "height": 1800}


@contextlib.contextmanager
def running_server(env: dict[str, str] | None = None, script: str = "app.py") -> Iterator[Server]:
    """`streamlit run <script>` on a free port (bench/live_app.py), healthy, with a result store
    of its own; the test fails with the server's log if it does not start. ``script``: another
    page to serve (a panel on a page of its own), relative to the repository."""
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(live_app.streamlit_server(env=env, script=script))
        except ServerDidNotStart as error:
            pytest.fail(str(error), pytrace=False)
        yield server


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    with running_server() as srv:
        yield srv
        if getattr(request.session, "testsfailed", 0):
            # Shown with pytest's -s or in the captured teardown output of the last test.
            print(f"\n----- tail of the Streamlit server log ({srv.log}) -----")
            print(srv.log_tail(60))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. The browser tests drive Debian's Chromium "
            "(apt-get install chromium), or set E2E_CHROMIUM to another Chromium binary. "
            "Do not run `playwright install`: its download does not work here.",
            pytrace=False,
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=live_app.CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page_errors() -> list[str]:
    """Uncaught JavaScript errors seen by the test's page."""
    return []


@pytest.fixture
def page(browser, server: Server, page_errors: list[str], request: pytest.FixtureRequest):
    """A page in a fresh browser context (own cookies, storage, URL and Streamlit session)."""
    context = browser.new_context(viewport=VIEWPORT, base_url=server.url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            print(f"\nPage URL at failure: {page.url}")
            print(f"----- Streamlit server log tail -----\n{server.log_tail(60)}")
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report
