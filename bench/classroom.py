"""A classroom: N students open one link at once, then all move a width slider at once.

    python -m bench.classroom --students 8 [--link "?h1=32&h2=16"] [--dask-workers 0]

Three runs, each on a fresh `streamlit run` (bench/live_app.py) and Chromium: one visitor
alone (the cold-visit reference), then N students, each a browser context (its own
session), driven with Playwright's async API so the N page loads, and later the N first key
presses, go out together (asyncio.gather). Phase 1: seconds (perf_counter) from the moment
all pages start loading until each shows a trained "Test accuracy", not stale (the
recorder of bench/slider_to_accuracy.py, on the frame after a DOM change); "all see the
first result" is the slowest. Phase 2, all pages settled: student i presses ArrowRight (even i) or
ArrowLeft (odd i) i // 2 + 1 times (back to back) on the first width slider, a width of its
own; seconds from its first press until "Total params" shows that width's total and "Test
accuracy" is not stale; with --wire, also when that answer reached the browser, from the
page's websocket frames (CDP), before the page drew it. p50/p95: nearest rank, no result
counts as slowest. Then the same N students on bench/bare_page.py, the answer alone on the
app's own engine: the floor this machine gives when the browsers share it. Errors: any
error box or exception a page showed, a crashed page, no result (in 120 s, or the page idle
3 s without it). Memory of the server, all its children and any Dask processes (not the
browser): RSS every 100 ms, USS and PSS every 0.5 s (~3 ms a process to read).
CPU seconds (user + system) each phase took, by side: the browser (Chromium and Playwright's
driver), the server and its workers, and this script; against what the cores could give in
that wall time: where the wait goes when the browsers share the server's machine.
--niced-browsers: Chromium at the lowest CPU priority, so the server and its workers run
first, as if the students' browsers were on their own machines (with --wire: how soon the
server answers a class). --dask-workers K: a local `dask scheduler` and K `dask worker`s,
fresh for each run, passed to the server as PARAMLAB_DASK_SCHEDULER. The browser shares
the server's CPUs here.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import importlib.util
import itertools
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import psutil
from playwright.async_api import async_playwright

from bench.live_app import ROOT, chromium, free_port, streamlit_server
from bench.slider_to_accuracy import RECORDER, fmt, row, thumb, timed_row
from components.core.model_link import spec_from_query
from components.core.params import summarize
from components.core.spec import MAX_WIDTH, MIN_WIDTH, ModelSpec

TIMEOUT_S, IDLE_S, MB = 120, 3, 1024 * 1024
BARE_APP = "bench/bare_app.py"  # the floor: the answer alone, on the app's own engine
# Every error box (st.error) and exception a page shows, even one a later run removes.
ERRORS = r"""(() => {
  const seen = (window.__errors = []), kinds = '[data-testid="stAlertContentError"], '
    + '[data-testid="stException"]';
  new MutationObserver(() => document.querySelectorAll(kinds).forEach((box) => {
    const text = box.innerText.trim().replace(/\s+/g, " ").slice(0, 300);
    if (!seen.includes(text)) seen.push(text);
  })).observe(document, { childList: true, subtree: true });
})();"""


@dataclass
class Student:
    number: int
    page: Any
    first: float | None = None  # phase 1, s
    width: int | None = None
    offset: int = 0  # key presses: ArrowRight if > 0
    keys: str = ""
    total: int = 0  # what "Total params" will show for ``width``
    moved: float | None = None  # phase 2, s
    problems: list[str] = field(default_factory=list)
    wire: list[tuple[float, str, str]] = field(default_factory=list)  # time.monotonic()
    sent: list[float] = field(default_factory=list)  # the page's messages left, monotonic
    first_wire: float | None = None  # phase 1, the answer reached the browser, s
    moved_wire: float | None = None  # phase 2, the same
    server_turn: float | None = None  # phase 2, from the first rerun request leaving

    def heard(self, frame: dict) -> None:
        """A websocket frame from the server: keep its "Total params" and "Test accuracy"."""
        if frame["response"]["opcode"] == 2:  # binary: a protobuf ForwardMsg
            data = base64.b64decode(frame["response"]["payloadData"])
            self.wire += [(frame["timestamp"], *pair) for pair in metrics_in(data)]

    def said(self, frame: dict) -> None:
        """A websocket frame the page sent: a rerun request, once a key moved the slider."""
        self.sent.append(frame["timestamp"])

    def answered(self, since: float, total: int, after_request: bool = False) -> float | None:
        """Seconds from ``since`` (perf_counter) until a "Test accuracy" reached the browser
        after "Total params" showed ``total``: the server's answer, before any rendering.
        ``after_request``: counted from the page's first message after ``since`` instead,
        so the time the page took to send it is not (the server's turnaround)."""
        since, shown = since + MONOTONIC_MINUS_PERF, False
        if after_request:
            since = next((stamp for stamp in self.sent if stamp >= since), math.inf)
        for stamp, label, value in self.wire:
            if stamp >= since and label == "Total params":
                shown = value == str(total)
            elif stamp >= since and shown and label == "Test accuracy":
                return stamp - since
        return None


# A metric's delta on the wire: its label, then its value (protobuf field 2, length-prefixed).
METRIC = re.compile(rb"(Total params|Test accuracy)\x12(.)", re.DOTALL)
# CDP stamps frames with the browser's monotonic clock: CLOCK_MONOTONIC, as time.monotonic().
MONOTONIC_MINUS_PERF = time.monotonic() - time.perf_counter()


def metrics_in(frame: bytes) -> list[tuple[str, str]]:
    """The ("Total params", "931") and ("Test accuracy", "96.7%") pairs in one frame."""
    found = []
    for match in METRIC.finditer(frame):
        value = frame[match.end() : match.end() + match.group(2)[0]]
        found.append((match.group(1).decode(), value.decode(errors="replace")))
    return found


@contextlib.contextmanager
def sampling(pids: list[int]) -> Iterator[dict[str, float]]:
    """Peak memory, in MB, of the process trees under ``pids`` (the first is the server):
    rss, pss and uss summed over the processes; the server's rss at the rss peak, its own."""
    peak = dict.fromkeys(("rss", "pss", "uss", "server at peak", "server"), 0)
    stop, roots = threading.Event(), [psutil.Process(pid) for pid in pids]

    def sample(full: bool) -> None:
        now = dict.fromkeys(("rss", "pss", "uss", "server"), 0)
        for root in roots:
            with contextlib.suppress(psutil.Error):
                for process in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        info = process.memory_full_info() if full else process.memory_info()
                        for key in ("rss", "pss", "uss"):
                            now[key] += getattr(info, key, 0) / MB
                        now["server"] = info.rss / MB if process is roots[0] else now["server"]
        if now["rss"] > peak["rss"]:
            peak["server at peak"] = now["server"]
        peak.update({key: max(peak[key], now[key]) for key in now})

    def loop() -> None:
        for tick in itertools.count():
            sample(full=tick % 5 == 0)
            if stop.wait(0.1):
                return

    (thread := threading.Thread(target=loop, daemon=True)).start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


# As the README runs them: the scheduler and workers import the jobs from this folder, a
# job whose worker died is not run again, and each worker thread gets one job at a time.
DASK_ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT),
    "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0",
    "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.0",
}


@contextlib.contextmanager
def dask_cluster(workers: int) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """`dask scheduler` and ``workers`` x `dask worker` (1 process, 1 thread), all connected."""
    from distributed import Client

    port, log = free_port(), Path(tempfile.mkdtemp(prefix="paramlab-dask-")) / "dask.log"
    address, processes, out = f"tcp://127.0.0.1:{port}", [], log.open("wb")
    scheduler = ["scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]
    worker = ["worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
    try:
        for command in [scheduler] + [worker] * workers:  # `dask ...` of this Python
            dask = [sys.executable, "-m", "dask", *command]
            out_err = {"stdout": out, "stderr": subprocess.STDOUT, "stdin": subprocess.DEVNULL}
            processes.append(
                subprocess.Popen(dask, start_new_session=True, cwd=ROOT, env=DASK_ENV, **out_err)
            )
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
        yield address, processes
    finally:
        for process in reversed(processes):
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        out.close()
        print(f"(Dask log: {log})")


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


class CpuMeter:
    """CPU seconds used by each side of the benchmark between ``mark`` calls."""

    def __init__(self, server_pids: list[int]) -> None:
        self._server_roots = [psutil.Process(pid) for pid in server_pids]
        self._last: dict[str, float] = {}
        self._wall = time.perf_counter()
        self.phases: list[tuple[str, float, dict[str, float]]] = []
        self.mark(None)

    def _sides(self) -> dict[str, float]:
        server = [p for r in self._server_roots for p in [r, *_children(r)]]
        own = psutil.Process()
        skip = {p.pid for p in server}
        browser = [p for p in _children(own) if p.pid not in skip]
        return {
            "browser": cpu_seconds(browser),
            "server + workers": cpu_seconds(server),
            "this script": cpu_seconds([own]),
        }

    def mark(self, phase: str | None) -> None:
        now, wall = self._sides(), time.perf_counter()
        if phase is not None:
            used = {side: now[side] - self._last.get(side, 0.0) for side in now}
            self.phases.append((phase, wall - self._wall, used))
        self._last, self._wall = now, wall


def _children(process: psutil.Process) -> list[psutil.Process]:
    with contextlib.suppress(psutil.Error):
        return process.children(recursive=True)
    return []


async def clock(page) -> float:
    """perf_counter() minus the page's performance.now(), in s: the best of 5 round trips."""
    trips = []
    for _ in range(5):
        before = time.perf_counter()
        now = await page.evaluate("performance.now()")
        after = time.perf_counter()
        trips.append((after - before, (before + after) / 2 - now / 1e3))
    return min(trips)[1]


async def result(student: Student, started: float, total: int, what: str) -> float | None:
    """Seconds from ``started`` until the recorder saw the trained accuracy for ``total``."""
    page, idle_since = student.page, None
    while "accuracy" not in (marks := await page.evaluate("window.__bench?.marks ?? {}")):
        now, quiet = time.perf_counter(), await page.evaluate("!!window.__bench?.quiet()")
        idle_since = (idle_since or now) if quiet else None
        if now > started + TIMEOUT_S or (idle_since and now - idle_since > IDLE_S):
            student.problems.append(f"{what}: no Test accuracy after {now - started:.1f} s")
            return None
        await asyncio.sleep(0.1)
    if marks.get("total") != str(total):
        student.problems.append(f"{what}: Total params {marks.get('total')}, not {total}")
    return await clock(page) + marks["accuracy"] / 1e3 - started


async def settle(page) -> None:
    """Until the page is settled, every lazy widget drawn, and still so 0.5 s later."""
    while True:
        await page.wait_for_function("window.__bench.quiet()", polling=100)
        await asyncio.sleep(0.5)
        if await page.evaluate("window.__bench.quiet()"):
            return


async def visit(student: Student, url: str, spec: ModelSpec, started: float) -> None:
    """Phase 1, then aim: student i (from 0) will press ArrowRight (even i) or ArrowLeft
    (odd i) i // 2 + 1 times on the first width slider; arm the recorder for that width."""
    await student.page.goto(url, wait_until="commit")
    student.first = await result(student, started, summarize(spec).total, "first visit")
    student.first_wire = student.answered(started, summarize(spec).total)
    await settle(student.page)
    i, slider = student.number - 1, thumb(student.page, 1)
    student.offset = (i // 2 + 1) * (1 if i % 2 == 0 else -1)
    await slider.focus()
    width = int(await slider.input_value()) + student.offset
    student.width = min(MAX_WIDTH, max(MIN_WIDTH, width))
    student.total = summarize(spec.with_widths((student.width, *spec.widths[1:]))).total
    await student.page.evaluate(f"window.__bench.arm('{student.total}')")


async def move(student: Student) -> None:
    """Phase 2: press this student's keys (all students' first presses go out together)."""
    if student.width is None:
        return  # phase 1 failed for this student, and that error is counted
    key = "ArrowRight" if student.offset > 0 else "ArrowLeft"
    started = time.perf_counter()  # the presses go out back to back, not each after its ack
    await asyncio.gather(*(student.page.keyboard.press(key) for _ in range(abs(student.offset))))
    student.keys = f"{key[5:]} x{abs(student.offset)} in {time.perf_counter() - started:.2f} s"
    if (at := int(await thumb(student.page, 1).input_value())) != student.width:
        student.problems.append(f"slider at {at}, not {student.width}")
    student.moved = await result(student, started, student.total, "slider moved")
    student.moved_wire = student.answered(started, student.total)
    student.server_turn = student.answered(started, student.total, after_request=True)


async def together(pupils: list[Student], what: str, step) -> list:
    """``step(student)`` for every student at once; an exception is that student's error."""
    outcomes = await asyncio.gather(*(step(s) for s in pupils), return_exceptions=True)
    for student, outcome in zip(pupils, outcomes, strict=True):
        if isinstance(outcome, Exception):
            student.problems.append(f"{what}: {str(outcome).splitlines()[0][:200]}")
    return [None if isinstance(outcome, Exception) else outcome for outcome in outcomes]


async def classroom(
    url: str, spec: ModelSpec, students: int, cpu_of: list[int], wire: bool, niced: bool
) -> tuple[list[Student], CpuMeter]:
    async with async_playwright() as playwright:
        browser = await chromium(playwright, niced)
        try:
            pupils = []
            for number in range(1, students + 1):
                context = await browser.new_context()
                context.set_default_timeout(TIMEOUT_S * 1e3)
                await context.add_init_script(RECORDER)
                await context.add_init_script(ERRORS)
                pupils.append(student := Student(number, await context.new_page()))
                if wire:  # costs the browser and this script CPU: off by default
                    cdp = await context.new_cdp_session(student.page)
                    cdp.on("Network.webSocketFrameReceived", student.heard)
                    cdp.on("Network.webSocketFrameSent", student.said)
                    await cdp.send("Network.enable")
                student.page.on("crash", lambda _, s=student: s.problems.append("page crashed"))
            cpu = CpuMeter(cpu_of)
            started = time.perf_counter()  # all pages start loading
            await together(pupils, "first visit", lambda s: visit(s, url, spec, started))
            cpu.mark("open the link, until all settled")
            await together(pupils, "slider moved", move)
            cpu.mark("move a slider, until all answered")
            seen = await together(pupils, "errors", lambda s: s.page.evaluate("window.__errors"))
            for student, errors in zip(pupils, seen, strict=True):
                student.problems += errors or []
            return pupils, cpu
        finally:
            await browser.close()


def run(
    students: int, link: str, dask_workers: int, how: argparse.Namespace, script: str = "app.py"
) -> tuple[list[Student], dict, CpuMeter]:
    spec = spec_from_query(dict(parse_qsl(urlsplit(link).query))).spec
    with contextlib.ExitStack() as stack:
        env, pids = {}, []
        if dask_workers:
            address, processes = stack.enter_context(dask_cluster(dask_workers))
            env, pids = {"PARAMLAB_DASK_SCHEDULER": address}, [p.pid for p in processes]
        server = stack.enter_context(streamlit_server(env=env, script=script))
        memory = stack.enter_context(sampling([server.process.pid, *pids]))
        url, cpu_of = f"{server.url}/{link.lstrip('/')}", [server.process.pid, *pids]
        niced = how.niced_browsers
        pupils, cpu = asyncio.run(classroom(url, spec, students, cpu_of, how.wire, niced))
    return pupils, memory, cpu


def report(title: str, pupils: list[Student], memory: dict, cpu: CpuMeter) -> None:
    wire = any(s.wire for s in pupils)
    print(f"\n{title}\n  student  width  keys                first result  slider->accuracy")
    if wire:
        print(f"  {'(on the page, then on the wire: the answer reached the browser)':>81}")
    for s in pupils:
        width, first, moved = "-" if s.width is None else s.width, fmt(s.first), fmt(s.moved)
        if wire:
            first, moved = f"{first} {fmt(s.first_wire)}", f"{moved} {fmt(s.moved_wire)}"
        print(f"  {s.number:7}  {width:>5}  {s.keys:18}  {first:>12}  {moved:>16}")
    for s in pupils:
        for problem in s.problems:
            print(f"  ERROR, student {s.number}: {problem}")
    print("  peak memory, server + workers, MB:", {k: round(v) for k, v in memory.items()})
    cores = os.cpu_count() or 1
    for phase, wall, used in cpu.phases:
        sides = ", ".join(f"{side} {seconds:.1f}" for side, seconds in used.items())
        print(f"  CPU s, {phase} ({wall:.1f} s x {cores} cores = {wall * cores:.1f}): {sides}")


def percentile(values: list[float | None], q: float) -> float | None:
    ordered = sorted(values, key=lambda v: math.inf if v is None else v)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--link", default="/", help='what all open, e.g. "?h1=32&h2=16"')
    parser.add_argument("--dask-workers", type=int, default=0, help="0: the app's own pool")
    parser.add_argument("--wire", action="store_true", help="also time the answers' frames")
    parser.add_argument(
        "--niced-browsers", action="store_true", help="Chromium at nice 19: the server first"
    )
    args = parser.parse_args()
    if args.dask_workers and not all(map(importlib.util.find_spec, ("dask", "distributed"))):
        sys.exit("--dask-workers needs `dask` and `distributed` (pip install 'dask[distributed]')")
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # clean up on kill too
    where = f" on Dask ({args.dask_workers} workers)" if args.dask_workers else ""

    solo, solo_memory, solo_cpu = run(1, args.link, args.dask_workers, args)
    report(f"one visitor alone{where}, {args.link}", solo, solo_memory, solo_cpu)
    pupils, memory, cpu = run(args.students, args.link, args.dask_workers, args)
    report(f"{args.students} students{where}, {args.link}", pupils, memory, cpu)
    bare, bare_memory, bare_cpu = run(args.students, "/", args.dask_workers, args, BARE_APP)
    report(
        f"{args.students} students{where}, the bare page ({BARE_APP})", bare, bare_memory, bare_cpu
    )

    eight, cold, n = args.students <= 8, solo[0].first, args.students
    print(f"\nsummary: {n} students{where}, the targets for {8 if eight else 16} students")
    timed_row("one visitor: cold visit to accuracy", cold)
    summarize_class("", pupils, cold, eight)
    served = sum(s.first is not None and s.moved is not None for s in pupils)
    row("students served (both results)", f"{served}/{n}", "all", served == n)
    errors = sum(len(s.problems) for s in pupils)
    row("errors", str(errors), "0", errors == 0)
    row("peak memory, server + workers: RSS", f"{memory['rss']:.0f} MB")
    row("  of which the server", f"{memory['server at peak']:.0f} MB")
    row("peak memory, server + workers: PSS", f"{memory['pss']:.0f} MB")
    print("the same class on the bare page (the answer only: the floor of this machine)")
    summarize_class("bare: ", bare, cold, eight)
    bare_errors = sum(len(s.problems) for s in bare)
    row("bare: errors", str(bare_errors), "0", bare_errors == 0)  # else no floor to compare


def summarize_class(prefix: str, pupils: list[Student], cold: float | None, eight: bool) -> None:
    """First results and moves on the page (where the targets are), and the moves' p95 on
    the wire: when the answer reached the browser, before the page drew it."""
    firsts = [s.first for s in pupils]
    everyone = None if None in firsts else max(firsts)
    timed_row(f"{prefix}all see the first result", everyone)
    ratio, target = everyone / cold if everyone and cold else None, eight and not prefix
    shown, met = "n/a" if ratio is None else f"{ratio:.2f}x", (ratio or 99) <= 1.5
    row(
        f"{prefix}  ... / one visitor's cold visit",
        shown,
        "<= 1.5x" * target,
        met if target else None,
    )
    moves = [s.moved for s in pupils]
    timed_row(f"{prefix}slider->accuracy p50", percentile(moves, 0.5))
    at_most = None if prefix else 3.0 if eight else 6.0
    timed_row(f"{prefix}slider->accuracy p95", percentile(moves, 0.95), at_most)
    timed_row(f"{prefix}slider->accuracy max", percentile(moves, 1.0))
    if any(s.wire for s in pupils):
        timed_row(f"{prefix}  p95 on the wire", percentile([s.moved_wire for s in pupils], 0.95))
        turns = [s.server_turn for s in pupils]
        timed_row(f"{prefix}  p95 from the request leaving", percentile(turns, 0.95))


if __name__ == "__main__":
    main()
