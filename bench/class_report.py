"""One class's record, and how it is reported: per run, then medians over the runs checked
against the issue's targets for that class size (bench/server_class.py runs the classes).

Every time is printed beside its ratio to the seed's ``fit`` measured in the same run
(bench/baselines.py), and a fit much slower than when the targets were set is said to
flatter the ratios.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

from bench.classroom import percentile
from bench.slider_to_accuracy import FIT_WHEN_SET_S
from bench.st_client import Outcome

TARGET_PER_RUN_S = 0.03  # server CPU per script run of a width move
TARGET_PER_TRAINING_S = 0.1  # worker CPU per new default-width training
LOADED = 1.25  # a fit this much slower than when the targets were set: say so


@dataclass
class ClassRun:
    """One class, one fresh server: what the students saw and what the host paid."""

    students: int
    fit: float | None
    opens: list[Outcome] = field(default_factory=list)
    moves: list[Outcome] = field(default_factory=list)
    dropped: list[bool] = field(default_factory=list)  # per student: its socket died
    queued: int = 0  # students shown a queue place
    read_late: int = 0  # finished runs of an earlier press the clients read after the last
    script_runs: int | None = None
    trainings: int | None = None
    server_cpu: float | None = None
    worker_cpu: float | None = None
    scheduler_cpu: float | None = None  # with --dask-workers
    client_cpu: float | None = None
    move_wall: float | None = None
    memory: dict | None = None
    server_alive: bool | None = None
    log_notes: list[str] = field(default_factory=list)
    profile: list[str] = field(default_factory=list)  # --py-spy: where the server's time went

    @property
    def all_open(self) -> float | None:
        seconds = [o.seconds for o in self.opens]
        return None if None in seconds or not seconds else max(seconds)

    def moved(self, q: float) -> float | None:
        return percentile([o.seconds for o in self.moves], q) if self.moves else None

    @property
    def served(self) -> int:
        return sum(a.served and b.served for a, b in zip(self.opens, self.moves, strict=True))

    @property
    def refused(self) -> int:
        return sum(a.refused or b.refused for a, b in zip(self.opens, self.moves, strict=True))

    @property
    def errors(self) -> int:
        """Students with anything wrong besides the busy message (a dropped socket too)."""
        pairs = zip(self.opens, self.moves, self.dropped, strict=True)
        return sum(bool(a.errors or b.errors or dropped) for a, b, dropped in pairs)

    @property
    def per_run(self) -> float | None:
        return self.server_cpu / self.script_runs if self.server_cpu and self.script_runs else None

    @property
    def per_training(self) -> float | None:
        return self.worker_cpu / self.trainings if self.worker_cpu and self.trainings else None


def fmt(seconds: float | None, fit: float | None = None) -> str:
    if seconds is None:
        return "none"
    return f"{seconds:.2f} s" + (f" ({seconds / fit:.2f}x fit)" if fit else "")


def per(value: float | None, unit: str) -> str:
    return "n/a" if value is None else f"{value:.3f} s {unit}"


def report(record: ClassRun, title: str) -> None:
    print(f"\n{title}")
    fit = record.fit
    print(f"  the seed's fit (same run): {fmt(fit)}")
    print(f"  all open (first result, slowest): {fmt(record.all_open, fit)}")
    p50, p95, worst = record.moved(0.5), record.moved(0.95), record.moved(1.0)
    print(f"  slider->accuracy p50 {fmt(p50, fit)}, p95 {fmt(p95, fit)}, max {fmt(worst, fit)}")
    n = record.students
    print(
        f"  served {record.served}/{n}, refused {record.refused}, errors {record.errors}"
        f" (sockets dropped: {sum(record.dropped)}); shown a queue place: {record.queued}"
    )
    if record.read_late:
        print(
            f"    {record.read_late} finished run(s) of an earlier press read after the last press"
            " went out (a loaded client; not taken for the last press's answer)"
        )
    problems = Counter(e[:160] for o in record.opens + record.moves for e in o.errors)
    told = [o.waited for o in record.moves if o.refused and o.waited is not None]
    if told:
        print(f"    refused, told after: p50 {fmt(percentile(told, 0.5))}, max {fmt(max(told))}")
    served = [o.seconds for o in record.moves if o.served]
    if served and len(served) < len(record.moves):
        print(
            f"    of the served only: slider->accuracy p50 {fmt(percentile(served, 0.5), fit)},"
            f" p95 {fmt(percentile(served, 0.95), fit)}"
        )
    for text, count in problems.most_common(5):
        print(f"    {count} x {text}")
    if record.script_runs is not None:
        print(
            f"  move phase {record.move_wall:.1f} s: {record.script_runs} script runs,"
            f" {record.trainings if record.trainings is not None else '?'} trainings;"
            f" this script's {n} clients used {record.client_cpu:.1f} CPU s"
        )
    if record.server_cpu is not None:
        print(
            f"  server CPU {record.server_cpu:.2f} s: {per(record.per_run, 'a script run')};"
            f" worker CPU {record.worker_cpu:.2f} s: {per(record.per_training, 'a training')}"
            + (f"; Dask scheduler CPU {record.scheduler_cpu:.2f} s" if record.scheduler_cpu else "")
        )
    if record.memory:
        m = record.memory
        print(
            f"  peak memory, server + workers: RSS {m['rss']:.0f} MB, USS {m['uss']:.0f} MB,"
            f" PSS {m['pss']:.0f} MB (the server's RSS at the peak {m['server at peak']:.0f} MB)"
        )
    if record.server_alive is not None:
        print(f"  server alive and healthy at the end: {'yes' if record.server_alive else 'NO'}")
    for note in record.log_notes:
        print(f"  note: {note}")
    for line in record.profile:
        print(f"  {line}")


def median(values: list) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known and len(known) == len(values) else None


def summary(n: int, records: list[ClassRun]) -> None:
    """Medians over the runs, then the issue's targets for ``n`` students, met or missed."""
    fit = median([r.fit for r in records])
    mid = {
        "all open": median([r.all_open for r in records]),
        "p50": median([r.moved(0.5) for r in records]),
        "p95": median([r.moved(0.95) for r in records]),
        "max": median([r.moved(1.0) for r in records]),
        "served": statistics.median(r.served for r in records),
        "refused": statistics.median(r.refused for r in records),
        "errors": statistics.median(r.errors for r in records),
        "per run": median([r.per_run for r in records]),
        "per training": median([r.per_training for r in records]),
        "rss": median([r.memory["rss"] if r.memory else None for r in records]),
    }
    print(
        f"\nmedians of {len(records)} run(s), {n} students: fit {fmt(fit)}; "
        f"all open {fmt(mid['all open'], fit)}; slider->accuracy p50 {fmt(mid['p50'], fit)}, "
        f"p95 {fmt(mid['p95'], fit)}, max {fmt(mid['max'], fit)}; served {mid['served']:g}, "
        f"refused {mid['refused']:g}, errors {mid['errors']:g}; "
        f"server CPU {per(mid['per run'], 'a run')}; "
        f"worker CPU {per(mid['per training'], 'a training')}"
        + (f"; peak RSS {mid['rss']:.0f} MB" if mid["rss"] else "")
    )
    ratio = {
        k: mid[k] / fit if mid[k] is not None and fit else math.inf for k in ("p95", "all open")
    }
    shown = {k: "none" if v == math.inf else f"{v:.2f}x fit" for k, v in ratio.items()}
    if fit and fit > LOADED * FIT_WHEN_SET_S:  # a busy machine slows the fit: ratios flatter
        print(
            f"  note: the seed's fit took {fit:.2f} s, {fit / FIT_WHEN_SET_S:.1f}x the "
            f"{FIT_WHEN_SET_S} s when the targets were set: the machine is loaded, and every "
            "ratio to fit below is that much kinder than on a quiet one"
        )
    checks: list[tuple[str, bool]] = []
    if n == 16:
        checks.append((f"p95 {shown['p95']} <= 0.75x", ratio["p95"] <= 0.75))
    if n == 32:
        checks += [
            (f"p95 {shown['p95']} <= 1.25x", ratio["p95"] <= 1.25),
            (f"all open {shown['all open']} <= 0.5x", ratio["all open"] <= 0.5),
            (f"errors {mid['errors']:g} = 0", mid["errors"] == 0),
        ]
    if n == 64:
        checks += [
            (
                f"nobody refused: served {mid['served']:g}/{n}, refused {mid['refused']:g}",
                mid["served"] == n and mid["refused"] == 0,
            ),
            (f"p95 {shown['p95']} <= 2.5x", ratio["p95"] <= 2.5),
            (f"errors {mid['errors']:g} = 0", mid["errors"] == 0),
        ]
    if n == 128:
        told = all(r.served + r.refused == n and r.errors == 0 for r in records)
        alive = all(r.server_alive is not False for r in records)
        checks += [
            (
                f"all served or told clearly (served {mid['served']:g} + refused "
                f"{mid['refused']:g} of {n}, errors {mid['errors']:g})",
                told,
            ),
            ("server alive in every run", alive),
        ]
    if records[0].server_cpu is None:
        print("  server and worker CPU targets: not measured (only the students' side, --url)")
    else:
        run_cpu, training_cpu = mid["per run"], mid["per training"]
        checks += [
            (
                f"server CPU per width-move run {per(run_cpu, '')}<= {TARGET_PER_RUN_S} s",
                run_cpu is not None and run_cpu <= TARGET_PER_RUN_S,
            ),
            (
                f"worker CPU per new default-width training {per(training_cpu, '')}"
                f"<= {TARGET_PER_TRAINING_S} s",
                training_cpu is not None and training_cpu <= TARGET_PER_TRAINING_S,
            ),
        ]
    for label, met in checks:
        print(f"  target, {n} students: {label}: {'met' if met else 'MISSED'}")
    if not checks:
        print(f"  (the issue sets no class-size target for {n} students)")
