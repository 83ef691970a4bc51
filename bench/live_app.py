"""The real app for the benchmarks and the browser tests: `streamlit run app.py` and Debian's
Chromium.

Not a bench itself: the one way a live server is started, by bench/ and by tests/e2e (and
tests that talk to a server). The server is started as a user would start it, on a free
port, in a session of its own so that stopping it takes its worker processes along.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.cgroup_box import Box

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"  # Playwright's own browser download does not work here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


STOP_S = 30  # for the server to stop its workers and exit after SIGTERM


class ServerDidNotStart(RuntimeError):
    """The server exited, or never answered healthy; the message ends with its log's tail."""


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError as error:
            return f"(could not read the server log {self.log}: {error})"
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def streamlit_server(
    seconds: float = 90,
    env: dict[str, str] | None = None,
    script: str = "app.py",
    box: Box | None = None,
    root: Path = ROOT,
) -> Iterator[Server]:
    """A fresh `streamlit run <script>`, healthy (`/_stcore/health` says ok) within
    ``seconds`` (else ServerDidNotStart); stopped with its process group.

    ``env``: extra environment variables for the server, on top of this process's own. The
    server gets an empty result store of its own: a cold server, and "new" widths are new.
    Its folder (the store, the log) is removed once it stops, unless it never answered.
    ``box``: a cgroup (bench/cgroup_box.py) the server and its workers run in, as on a
    small host. ``root``: the project folder to serve (another checkout, for an A/B run).
    """
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="paramlab-bench-"))
    log = folder / "streamlit.log"
    env = {"PARAMLAB_STORE_DIR": str(folder / "store"), **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "streamlit", "run", script),
                *("--server.port", str(port), "--server.headless", "true"),
            ],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, **env},
            **(box.popen_kwargs() if box is not None else {}),
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    started = False
    try:
        deadline = time.monotonic() + seconds
        while not healthy(server.url):
            if process.poll() is not None:
                raise ServerDidNotStart(
                    f"{script} exited with code {process.returncode} before answering "
                    f"{server.url}/_stcore/health; its log ({log}):\n{server.log_tail(60)}"
                )
            if time.monotonic() > deadline:
                raise ServerDidNotStart(
                    f"{script} did not answer ok on {server.url}/_stcore/health within "
                    f"{seconds:g} s; its log ({log}):\n{server.log_tail(60)}"
                )
            time.sleep(0.1)
        started = True
        yield server
    finally:
        stop(process)
        if started:  # a server that never answered keeps its folder: its log says why
            shutil.rmtree(folder, ignore_errors=True)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the server (Streamlit then stops its worker pool), SIGKILL if stuck, then its
    process group: any worker left behind."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_S)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def chromium(playwright, niced: bool = False):
    """Debian's Chromium; ``niced``: at the lowest CPU priority (nice 19, its pages too), so
    that on a shared machine the server runs first, as if the browsers were elsewhere."""
    executable = CHROMIUM
    if niced:
        wrapper = Path(tempfile.mkdtemp(prefix="paramlab-chromium-")) / "chromium"
        wrapper.write_text(f'#!/bin/sh\nexec nice -n 19 {CHROMIUM} "$@"\n')
        wrapper.chmod(0o755)
        executable = str(wrapper)
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
