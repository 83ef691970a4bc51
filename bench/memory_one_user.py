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
import threading

import psutil
from playwright.sync_api import expect, sync_playwright

from bench.live_app import chromium, streamlit_server

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=8)
    args = parser.parse_args()
    peak, peak_server, stop = 0, 0, threading.Event()
    with streamlit_server() as server:
        url = server.url

        def sample() -> None:
            nonlocal peak, peak_server
            process = psutil.Process(server.process.pid)
            while not stop.wait(0.1):
                server_rss = process.memory_info().rss
                peak_server = max(peak_server, server_rss)
                peak = max(peak, server_rss + children_rss(process))

        try:
            idle = tree_rss(server.process.pid)
            threading.Thread(target=sample, daemon=True).start()
            with sync_playwright() as playwright:
                browser = chromium(playwright)
                page = browser.new_page()
                page.goto(url)
                accuracy = page.get_by_test_id("stMetric").filter(has_text="Test accuracy")
                expect(accuracy).to_be_visible(timeout=180_000)
                first = tree_rss(server.process.pid)
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
            end = tree_rss(server.process.pid)
        finally:
            stop.set()
    print(f"server + workers, one user ({args.moves} retrainings after the first):")
    print(f"  idle server, before any page  : {idle / MB:7.1f} MB")
    print(f"  after the first training      : {first / MB:7.1f} MB")
    print(f"  after {args.moves} more trainings      : {end / MB:7.1f} MB")
    print(f"  peak (sampled every 100 ms)   : {peak / MB:7.1f} MB  (budget 1024 MB)")
    print(f"  of which the server, at most  : {peak_server / MB:7.1f} MB")


if __name__ == "__main__":
    main()
