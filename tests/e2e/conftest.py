"""Fixtures for the real-browser tests: one real Streamlit server and one Chromium per session.

The server is started exactly as a user would start it (``streamlit run app.py``) on a
free port; each test gets a fresh browser context so URL state and session state never leak
from one test to the next. Playwright's own browser download does not work here, so the tests
drive Debian's Chromium and fail loudly (never skip) when it is missing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT_S = 90
SHUTDOWN_TIMEOUT_S = 15
VIEWPORT = {"width": 1400, "height": 1800}


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as error:
            return f"(could not read server log {self.log_path}: {error})"
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health(url: str) -> str | None:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode(errors="replace").strip()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the server (Streamlit then stops its worker pool), SIGKILL its group if stuck."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=SHUTDOWN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=SHUTDOWN_TIMEOUT_S)
    # The server runs in its own session: take any worker it left behind with it.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def running_server(env: dict[str, str] | None = None, script: str = "app.py") -> Iterator[Server]:
    """`streamlit run app.py` on a free port, healthy; stopped with its workers on exit.

    ``env``: extra environment variables for the server; ``script``: another page to serve
    (a panel on a page of its own), relative to the repository.
    """
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = Path(tempfile.mkdtemp(prefix="iris-e2e-")) / "streamlit.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(port),
                "--server.headless",
                "true",
            ],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
    srv = Server(url=url, process=process, log_path=log_path)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while _health(url) != "ok":
            if process.poll() is not None:
                pytest.fail(
                    f"Streamlit exited with code {process.returncode} before answering "
                    f"{url}/_stcore/health. Server log ({log_path}):\n{srv.log_tail()}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Streamlit did not answer 'ok' on {url}/_stcore/health within "
                    f"{STARTUP_TIMEOUT_S} s. Server log ({log_path}):\n{srv.log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield srv
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    with running_server() as srv:
        yield srv
        if getattr(request.session, "testsfailed", 0):
            # Shown with pytest's -s or in the captured teardown output of the last test.
            print(f"\n----- tail of the Streamlit server log ({srv.log_path}) -----")
            print(srv.log_tail())


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
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
            print(f"----- Streamlit server log tail -----\n{server.log_tail()}")
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report
