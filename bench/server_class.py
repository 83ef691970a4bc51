"""A class measured at the server: N protocol clients (bench/st_client.py), no browser.

    python -m bench.server_class --students 16 32 64 128 --runs 3 [--dask-workers K]
    python -m bench.server_class --students 8 --runs 1 --url http://host:8501

In a real class each browser runs on its student's machine; the host pays for the server
and its workers, and that is what this measures. For each N and run: the seed's `fit` (its
model.fit in a fresh default process, median of 3: bench/baselines.py), then a fresh
`streamlit run app.py` with an empty result store of its own (bench/live_app.py: a store
warmed by an earlier run never flatters a figure) and, with --dask-workers K, a fresh local
`dask scheduler` and K `dask worker`s (bench/classroom.py). Then:
- open, once the server and all its workers have loaded and are idle, as a server started
  before the class is (--cold: as soon as it has spawned its first worker, while TensorFlow
  still loads; first_worker_started says why not sooner): all N students open the link
  together; seconds until each has its first "Test accuracy" for the link's model; "all
  open" is the slowest.
- move, once every run has finished and the server and workers have been idle for the
  warm-up's pause and 2 s more (with --cold the other workers load TensorFlow after the first
  answer, and the server's warm-up of presets and the seed's sweep runs once visitors pause:
  neither is a move's cost, as in a class the teacher opened first): student i (from 0)
  moves the first width to a width of its own, 33, 31, 34, 30, ... (nearest the link's
  first, never it: the model the page was warmed with), with min(1 + i % 4, distance) key
  presses 120 ms apart; the first press lands where the last presses then step from, as a
  click on the track and a held arrow key do. Seconds from its first press until a run
  shows "Total params" of the final width (components.core.params.summarize) and then a
  "Test accuracy" of that run.
p50/p95: nearest rank, a student without an answer counts as slowest. Served: both answers;
refused: the page's busy message ("The server is busy..."); errors: any other error box or
exception, no answer (--timeout, or the last press's run finished without one), a dropped socket.

How runs and trainings are counted, without changing the product: a script run is a
`new_session` message (Streamlit sends one as each run starts) received by a student in the
move phase (first press until every student's last run finished); a training is a trained
model written to the server's result store (its `cache.db`, read-only) in that phase, so a
training superseded mid-job costs worker CPU but is not counted as one. CPU seconds (user +
system): the server process's own, and its worker processes' (or the Dask workers'; the Dask
scheduler's apart), read
every 0.25 s per process so a worker that ends mid-phase keeps what it used. Peak memory of
the server and all its workers (and Dask's): RSS every 0.1 s, USS and PSS every 0.5 s.
--box-mb M --box-cpus C: the server and its workers run in a cgroup v1 box of M MB and C
cores (bench/cgroup_box.py), as on a small host; its OOM kills and peak are printed.
--url: an already running deployment; only the students' side is measured (no CPU, memory
or trainings; its store may be warm, so moved widths may already be trained).
--py-spy DIR: py-spy samples the server during the moves, only stacks holding the GIL; the
share of samples by source file and by the function on top is printed, the raw stacks kept
in DIR for a flame graph (bench/py_spy.py). It takes a few percent of a core itself;
--py-spy-rate R samples R times a second instead of 100.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import signal
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

import psutil

from bench.baselines import baseline_in_subprocess
from bench.cgroup_box import MB, box
from bench.class_report import ClassRun, report, summary
from bench.classroom import dask_cluster, sampling
from bench.live_app import healthy, streamlit_server
from bench.process_cpu import CpuTracker
from bench.py_spy import ServerProfile
from bench.st_client import Outcome, Student
from components.core.model_link import spec_from_query
from components.core.params import summarize
from components.core.spec import MAX_WIDTH, MIN_WIDTH, ModelSpec
from components.engine.warm_up import WARM_QUIET_S
from components.engine.worker_processes import OTHERS_AFTER_S


def plan(students: int, spec: ModelSpec) -> list[tuple[list[int], int]]:
    """Per student: the first width's values, one per key press, and the final total."""
    first = spec.widths[0]
    near = sorted(range(MIN_WIDTH, MAX_WIDTH + 1), key=lambda w: (abs(w - first), w < first))
    widths = [w for w in near if w != first][:students]
    plans = []
    for i, width in enumerate(widths):
        step = 1 if width > first else -1
        presses = min(1 + i % 4, abs(width - first))
        values = [width - step * (presses - 1 - j) for j in range(presses)]
        plans.append((values, summarize(spec.with_widths((width, *spec.widths[1:]))).total))
    return plans


def trained_models(store: Path | None) -> int | None:
    """How many trained models the result store holds (read-only; None: cannot tell)."""
    if store is None or not (store / "cache.db").exists():
        return None
    try:
        with contextlib.closing(
            sqlite3.connect(f"file:{store / 'cache.db'}?mode=ro", uri=True)
        ) as db:
            return db.execute(
                "SELECT COUNT(*) FROM Cache WHERE key LIKE '%JobKind.TRAIN%'"
            ).fetchone()[0]
    except sqlite3.Error:
        return None


async def a_class(
    url: str,
    link: str,
    record: ClassRun,
    timeout: float,
    cpu: CpuTracker | None = None,
    store: Path | None = None,
    during_moves: contextlib.AbstractContextManager | None = None,
) -> None:
    spec = spec_from_query(dict(parse_qsl(link.lstrip("/?")))).spec
    pupils = [Student(url, link) for _ in range(record.students)]
    first_total = summarize(spec).total

    async def visit(student: Student) -> Outcome:
        await student.open()
        return await student.answer(first_total, started, timeout)

    started = time.perf_counter()  # all open the link together
    record.opens = await together([visit(s) for s in pupils])
    await asyncio.gather(*(s.settled(timeout) for s in pupils))
    if cpu:
        # Not a move's cost: the other workers load TensorFlow after the first answer, and
        # the server's warm-up (presets, the seed's sweep) starts once visitors' jobs have
        # paused WARM_QUIET_S, as after a teacher's first visit. Quiet for longer than
        # that, it has run; a shorter wait let it start during the moves in some runs.
        await cpu.quiet(hold=WARM_QUIET_S + 2, within=300)

    before, runs_before = cpu.snapshot() if cpu else None, sum(len(s.runs) for s in pupils)
    trained_before, client_before, wall = trained_models(store), _own_cpu(), time.perf_counter()

    async def move(student: Student, values: list[int], total: int) -> Outcome:
        pressed = await student.move("h1", values)
        return await student.answer(total, pressed, timeout)

    moving = [
        move(s, values, total)
        for s, (values, total) in zip(pupils, plan(len(pupils), spec), strict=True)
    ]
    with during_moves or contextlib.nullcontext():
        record.moves = await together(moving)
        await asyncio.gather(*(s.settled(timeout) for s in pupils))

    record.move_wall = time.perf_counter() - wall
    record.client_cpu = _own_cpu() - client_before
    record.script_runs = sum(len(s.runs) for s in pupils) - runs_before
    if cpu and before is not None:
        used = cpu.used(before, cpu.snapshot())
        record.server_cpu, record.worker_cpu, record.scheduler_cpu = used
    trained_after = trained_models(store)
    if trained_before is not None and trained_after is not None:
        record.trainings = trained_after - trained_before
    record.dropped = [bool(s.disconnects) for s in pupils]
    record.queued = sum(any("Queued" in p for r in s.runs for p in r.progress) for s in pupils)
    record.read_late = sum(len(s.read_late) for s in pupils)
    await asyncio.gather(*(s.close() for s in pupils))


async def together(steps: list) -> list[Outcome]:
    """All at once; a step that raised is that student's error."""
    done = await asyncio.gather(*steps, return_exceptions=True)
    return [o if isinstance(o, Outcome) else Outcome(None, False, [repr(o)]) for o in done]


def _own_cpu() -> float:
    times = psutil.Process().cpu_times()
    return times.user + times.system


def one_class(students: int, run: int, args: argparse.Namespace) -> ClassRun:
    fit = baseline_in_subprocess("default")  # before the server, so it has the cores
    record = ClassRun(students, fit)
    if args.url:
        asyncio.run(a_class(args.url, args.link, record, args.timeout))
        return record
    with contextlib.ExitStack() as stack:
        env, extra, scheduler = {}, [], None
        if args.dask_workers:
            address, processes = stack.enter_context(dask_cluster(args.dask_workers))
            env, extra = {"PARAMLAB_DASK_SCHEDULER": address}, [p.pid for p in processes]
            scheduler = processes[0].pid  # dask_cluster starts it first
        inside = None
        if args.box_mb:  # a small host's budget: the server and its workers in a cgroup
            inside = stack.enter_context(box(int(args.box_mb * MB), args.box_cpus))
            stack.callback(lambda: print("\n".join(inside.report().lines())))
        server = stack.enter_context(streamlit_server(env=env, box=inside))
        if not args.dask_workers:
            first_worker_started(server.process.pid)
        roots = [server.process.pid, *extra]
        record.memory = stack.enter_context(sampling(roots))
        cpu = CpuTracker(roots, scheduler)
        stack.callback(cpu.stop)
        store = server.log.parent / "store"
        if not args.cold:  # a server up a while, nobody visited yet: all workers loaded
            asyncio.run(cpu.quiet(hold=OTHERS_AFTER_S + 1))
        profile = None
        if args.py_spy:
            output = Path(args.py_spy) / f"server-{students}-students-run-{run}.txt"
            profile = ServerProfile(server.process.pid, output, args.py_spy_rate)
        asyncio.run(a_class(server.url, args.link, record, args.timeout, cpu, store, profile))
        record.profile = profile.summary() if profile else []
        record.server_alive = server.process.poll() is None and healthy(server.url)
        record.log_notes = log_notes(server.log)
    return record


def first_worker_started(server: int, within: float = 60.0) -> None:
    """Until the server has spawned its first worker process. A script run that starts
    while that spawn is in progress can make the worker re-run the page and never serve
    (the spawn hook and Streamlit both set ``sys.modules["__main__"]``): the class would
    then measure that fault rather than the server. log_notes() reports it if it happens."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with contextlib.suppress(psutil.Error):
            if any(
                "spawn_main" in " ".join(c.cmdline()) for c in psutil.Process(server).children()
            ):
                return
        time.sleep(0.05)


def log_notes(log: Path) -> list[str]:
    """What went wrong in the server's log, counted: tracebacks, and a worker that re-ran
    the page (it then never serves: the spawn hook lost a race with a script run)."""
    text = log.read_text(errors="replace")
    notes = []
    if count := text.count("Traceback (most recent call last)"):
        notes.append(f"{count} traceback(s) in the server log ({log})")
    if "before the current process has finished its bootstrapping phase" in text:
        notes.append("a worker process re-ran the page and could not start")
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[16, 32, 64, 128])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--link", default="", help='what all open, e.g. "?h2=16"')
    parser.add_argument("--dask-workers", type=int, default=0, help="0: the app's own pool")
    parser.add_argument("--url", help="measure this running deployment instead")
    parser.add_argument("--timeout", type=float, default=180.0, help="s per answer")
    parser.add_argument(
        "--cold", action="store_true", help="open while the workers still load TensorFlow"
    )
    parser.add_argument(
        "--py-spy", metavar="DIR", help="profile the server during the moves (bench/py_spy.py)"
    )
    parser.add_argument(
        "--py-spy-rate", type=int, default=100, help="py-spy's samples a second (default 100)"
    )
    parser.add_argument("--box-mb", type=float, help="run the server in a cgroup of this memory")
    parser.add_argument("--box-cpus", type=float, default=1.0, help="and this many cores")
    args = parser.parse_args()
    if args.py_spy and args.url:
        sys.exit("--py-spy profiles a server of our own: not with --url")
    if args.py_spy:
        Path(args.py_spy).mkdir(parents=True, exist_ok=True)
    if args.box_mb and (args.url or args.dask_workers):
        sys.exit("--box-mb boxes the app's own server and workers: not with --url or Dask")
    if args.dask_workers and args.url:
        sys.exit("--dask-workers starts a cluster for a server of our own: not with --url")
    if args.dask_workers and not all(map(importlib.util.find_spec, ("dask", "distributed"))):
        sys.exit("--dask-workers needs `dask` and `distributed`")
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # clean up on kill too
    where = f" on Dask ({args.dask_workers} workers)" if args.dask_workers else ""
    where += f" at {args.url}" if args.url else ""
    for n in args.students:
        records = []
        for run in range(1, args.runs + 1):
            records.append(record := one_class(n, run, args))
            report(record, f"{n} students{where}, run {run} of {args.runs}")
        summary(n, records)


if __name__ == "__main__":
    main()
