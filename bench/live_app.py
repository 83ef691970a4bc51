"""The real app for the browser benches: `streamlit run app.py` and Debian's Chromium.

Not a bench itself. The server is started as a user would start it, on a free port, in a
session of its own so that stopping it takes its worker processes along.
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


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


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
) -> Iterator[Server]:
    """A fresh `streamlit run <script>`, healthy (`/_stcore/health` says ok); stopped with
    its process group.

    ``env``: extra environment variables for the server, on top of this process's own. The
    server gets an empty result store of its own: a cold server, and "new" widths are new.
    ``box``: a cgroup (bench/cgroup_box.py) the server and its workers run in, as on a
    small host.
    """
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="paramlab-bench-"))
    log = folder / "streamlit.log"
    env = {"PARAMLAB_STORE_DIR": str(folder / "store"), **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, **env},
            **(box.popen_kwargs() if box is not None else {}),
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + seconds
        while not healthy(server.url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not become healthy:\n{server.log_tail()}")
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()  # Streamlit then stops its worker pool
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # any worker left behind


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
