"""Peak memory of the real app with one active user: `streamlit run` plus its workers.

    python -m bench.memory_one_user [--moves 8] [--varied] [--box-mb 1024 --box-cpus 1]

Starts the server as a host would, opens the page in Debian's Chromium (Playwright),
waits for the training, then moves the first width slider with the keyboard several
times, waiting for each retraining. ``--varied``: instead, opens the links of ten kinds
of model (bench/varied_use.py: ten families over the four datasets, one 6 x 512), one
after another, twice round, waiting for each page to finish. Samples the RSS of the
server process and all its children (training worker, queue manager) every 100 ms, and
their USS after each page; the browser is not counted. ``--box-mb``: the server
runs in a cgroup of that memory and ``--box-cpus`` cores (bench/cgroup_box.py), as on a
small host; the box's OOM kills and peak are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import threading

import psutil
from playwright.sync_api import expect, sync_playwright

from bench.cgroup_box import box
from bench.live_app import chromium, streamlit_server
from bench.varied_use import VARIED_SPECS, label, query

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


def tree_uss(pid: int) -> tuple[int, int]:
    """USS of the server and of its children (/proc/<pid>/smaps_rollup): what each holds
    alone. (PSS would depend on how many other processes on this shared machine map
    TensorFlow's libraries.)"""
    process = psutil.Process(pid)
    children = 0
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            children += child.memory_full_info().uss
    return process.memory_full_info().uss, children


def open_varied_links(page, url: str, server_pid: int, inside, rounds: int = 2) -> None:
    """Each varied spec's link in turn, waiting for its page; memory after each."""
    for round_ in range(1, rounds + 1):
        for spec in VARIED_SPECS:
            page.goto(f"{url}/?{query(spec)}")
            page.wait_for_selector(DONE, timeout=300_000)
            accuracy = page.get_by_test_id("stMetric").filter(has_text="Test accuracy")
            try:
                expect(accuracy).to_be_visible(timeout=5_000)
            except AssertionError:  # a worker killed for memory: say what the page said
                alerts = page.get_by_test_id("stAlert").all_inner_texts()
                print(f"  NO ACCURACY for {label(spec)}: {' | '.join(alerts)[:300]}")
            server, workers = tree_uss(server_pid)
            held = f"  box anon {inside.anon_bytes() / MB:5.0f} MB" if inside else ""
            print(
                f"  round {round_} {label(spec)}: server USS {server / MB:4.0f} MB  "
                f"workers USS {workers / MB:4.0f} MB{held}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=8)
    parser.add_argument("--varied", action="store_true")
    parser.add_argument("--box-mb", type=float, default=None)
    parser.add_argument("--box-cpus", type=float, default=1.0)
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        inside = None
        if args.box_mb:
            inside = stack.enter_context(box(int(args.box_mb * MB), args.box_cpus))
        measure(args, inside)


def tree_file_rss(pid: int) -> int:
    """Mapped file pages (TensorFlow's libraries, mostly) resident in the server and its
    children (``RssFile``, /proc/<pid>/status)."""
    process = psutil.Process(pid)
    total = 0
    for each in (process, *process.children(recursive=True)):
        with contextlib.suppress(psutil.NoSuchProcess, OSError):
            with open(f"/proc/{each.pid}/status") as status:
                line = next(line for line in status if line.startswith("RssFile:"))
            total += int(line.split()[1]) * 1024
    return total


def pool_size_in(inside) -> str:
    """What host.py sizes the pool to, asked in the server's box (or this machine)."""
    code = "from components.engine import host; print(host.pool_size().reason)"
    kwargs = inside.popen_kwargs() if inside is not None else {}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, **kwargs
    ).stdout.strip()


def measure(args, inside) -> None:
    peak, peak_server, stop = 0, 0, threading.Event()
    with streamlit_server(box=inside, seconds=180) as server:
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
                if args.varied:  # each page's answer, or what it said instead, printed
                    open_varied_links(page, url, server.process.pid, inside)
                    args.moves = 0
                else:
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
            files = tree_file_rss(server.process.pid)
        finally:
            stop.set()
    print(f"pool: {pool_size_in(inside)}")
    print(f"server + workers, one user ({args.moves} retrainings after the first):")
    print(f"  idle server, before any page  : {idle / MB:7.1f} MB")
    print(f"  after the first training      : {first / MB:7.1f} MB")
    print(f"  after {args.moves} more trainings      : {end / MB:7.1f} MB")
    print(f"  peak (sampled every 100 ms)   : {peak / MB:7.1f} MB  (budget 1024 MB)")
    print(f"  of which the server, at most  : {peak_server / MB:7.1f} MB")
    print(f"  mapped files at the end       : {files / MB:7.1f} MB (libraries, RssFile)")
    if inside is not None:
        report = inside.report()
        print("\n".join(report.lines()))
        # Library pages another process on this machine loaded first stay charged to it:
        # a host running only this app pays them in its box too.
        alone = report.peak_anon_bytes + files
        print(f"  a lone host would hold ~{alone / MB:.0f} MB at the peak (anonymous + libraries)")


if __name__ == "__main__":
    main()
