"""What the Streamlit server's Python heap keeps as one user tries many kinds of model.

    python -m bench.trace_server [--rounds 1] [--top 15]

Starts `streamlit run app.py` with tracemalloc on (``PYTHONTRACEMALLOC``) and a
``sitecustomize`` that writes a snapshot when the server gets SIGUSR1; opens the first
varied link (bench/varied_use.py) in Chromium, snapshots, opens all of them, snapshots
again, and prints where the Python heap grew in between, by source line. Only the
server's Python allocations are seen (not numpy's or protobuf's C buffers): compare
with its USS, printed too.
"""

from __future__ import annotations

import argparse
import signal
import tempfile
import time
import tracemalloc
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

from bench.live_app import chromium, streamlit_server
from bench.memory_one_user import DONE
from bench.varied_use import VARIED_SPECS, query

MB = 1024 * 1024
SITECUSTOMIZE = """
import os, signal, tracemalloc
def _dump(signum, frame):
    tracemalloc.take_snapshot().dump(os.environ["PARAMLAB_TRACE_TO"] + f".{os.getpid()}")
if os.environ.get("PARAMLAB_TRACE_TO"):
    signal.signal(signal.SIGUSR1, _dump)
"""


def snapshot(pid: int, path: Path) -> tracemalloc.Snapshot:
    target = Path(f"{path}.{pid}")
    target.unlink(missing_ok=True)
    psutil.Process(pid).send_signal(signal.SIGUSR1)
    for _ in range(600):  # a big heap takes seconds to write
        time.sleep(0.5)
        if target.exists():
            size = target.stat().st_size
            time.sleep(1.0)
            if target.stat().st_size == size:
                return tracemalloc.Snapshot.load(str(target))
    raise SystemExit("the server wrote no snapshot")


def open_link(page, url: str, spec) -> None:
    page.goto(f"{url}/?{query(spec)}")
    page.wait_for_selector(DONE, timeout=300_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="paramlab-trace-"))
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE)
    dump = folder / "snapshot"
    env = {
        "PYTHONPATH": str(folder),
        "PYTHONTRACEMALLOC": "1",
        "PARAMLAB_TRACE_TO": str(dump),
    }
    with streamlit_server(env=env, seconds=180) as server, sync_playwright() as playwright:
        pid = server.process.pid
        browser = chromium(playwright)
        page = browser.new_page()
        open_link(page, server.url, VARIED_SPECS[0])
        time.sleep(3)  # the warm-up's trainings land in the caches
        before, uss_before = snapshot(pid, dump), psutil.Process(pid).memory_full_info().uss
        for _ in range(args.rounds):
            for spec in VARIED_SPECS:
                open_link(page, server.url, spec)
        page.goto("about:blank")
        browser.close()
        after, uss_after = snapshot(pid, dump), psutil.Process(pid).memory_full_info().uss
    grown = after.compare_to(before, "lineno")
    total = sum(stat.size_diff for stat in grown)
    print(f"server USS {uss_before / MB:.0f} -> {uss_after / MB:.0f} MB (tracemalloc on)")
    print(f"Python heap traced: {total / MB:+.1f} MB over {len(VARIED_SPECS) * args.rounds} links")
    for stat in grown[: args.top]:
        frame = stat.traceback[0]
        where = f"{frame.filename}:{frame.lineno}"
        print(f"  {stat.size_diff / MB:+7.2f} MB {stat.count_diff:+7d}  {where}")


if __name__ == "__main__":
    main()
