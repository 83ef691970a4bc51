"""Peak memory of the real app with one active user: `streamlit run` plus its workers.

    python -m bench.memory_one_user [--moves 8]

Starts the server as a host would, opens the page in Debian's Chromium (Playwright),
waits for the training, then moves the first width slider with the keyboard several
times, waiting for each retraining. Samples the RSS of the server process and all its
children (training worker, queue manager) every 100 ms; the browser is not counted.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def tree_rss(pid: int) -> int:
    """RSS of the server plus all its children (worker, queue manager)."""
    process = psutil.Process(pid)
    return process.memory_info().rss + children_rss(process)


def children_rss(process: psutil.Process) -> int:
    total = 0
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += child.memory_info().rss
    return total


def wait_healthy(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not become healthy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=8)
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak, peak_server, stop = 0, 0, threading.Event()

    def sample() -> None:
        nonlocal peak, peak_server
        process = psutil.Process(server.pid)
        while not stop.wait(0.1):
            server_rss = process.memory_info().rss
            peak_server = max(peak_server, server_rss)
            peak = max(peak, server_rss + children_rss(process))

    try:
        wait_healthy(url)
        idle = tree_rss(server.pid)
        threading.Thread(target=sample, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            page = browser.new_page()
            page.goto(url)
            accuracy = page.get_by_test_id("stMetric").filter(has_text="Test accuracy")
            expect(accuracy).to_be_visible(timeout=180_000)
            first = tree_rss(server.pid)
            thumb = (
                page.get_by_test_id("stSlider")
                .filter(has_text="Width of hidden layer 1")
                .get_by_role("slider")
            )
            for move in range(args.moves):
                thumb.focus()
                page.keyboard.press("ArrowRight")
                expect(page).to_have_url(f"{url}/?h1={33 + move}", timeout=30_000)
                page.wait_for_selector(DONE, timeout=180_000)
                expect(accuracy).to_be_visible(timeout=180_000)
            browser.close()
        end = tree_rss(server.pid)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    print(f"server + workers, one user ({args.moves} retrainings after the first):")
    print(f"  idle server, before any page  : {idle / MB:7.1f} MB")
    print(f"  after the first training      : {first / MB:7.1f} MB")
    print(f"  after {args.moves} more trainings      : {end / MB:7.1f} MB")
    print(f"  peak (sampled every 100 ms)   : {peak / MB:7.1f} MB  (budget 1024 MB)")
    print(f"  of which the server, at most  : {peak_server / MB:7.1f} MB")


if __name__ == "__main__":
    main()
