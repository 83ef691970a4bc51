"""Warm-up: what a class opening the teacher's link will ask, computed before anyone asks,
and never beside a visitor's job (it would take a core from the answer to someone's move)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable

from components.core.spec import ModelSpec
from components.engine.flights import EngineError, Requester

WARM_QUIET_S = 2.0  # warm-up work waits for visitors' jobs to pause this long
WARM_UP = Requester("warm-up")  # who asks, for warm-up's jobs: no visitor

# A warm-up job: ``job(step_aside)`` asks the engine, passing ``step_aside`` as its
# progress callback.
WarmJob = Callable[[Callable], object]


class YieldToVisitors(Exception):
    """Raised in a warm-up job's callback: a visitor's job arrived, the warm-up steps aside."""


class Visits:
    """Visitors' jobs in flight and when the last one ended: warm-up yields to them."""

    def __init__(self) -> None:
        self._active = 0
        self._last = float("-inf")
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def visit(self):
        with self._changed:
            self._active += 1
        try:
            yield
        finally:
            with self._changed:
                self._active -= 1
                self._last = time.monotonic()
                self._changed.notify_all()

    @property
    def active(self) -> bool:
        return self._active > 0

    def wait_quiet(self, quiet_s: float) -> None:
        """Return once no visitor's job has been in flight for ``quiet_s``."""
        with self._changed:
            while True:
                idle = time.monotonic() - self._last
                if not self._active and idle >= quiet_s:
                    return
                self._changed.wait(timeout=quiet_s - idle if not self._active else None)


def warm(
    train: Callable[..., object],
    sweep: Callable[..., object],
    visits: Visits,
    trainings: list[ModelSpec],
    sweeps: list[ModelSpec],
) -> None:
    """In the background: the first training at once (what a class opening the teacher's
    link asks first), then the sweeps and the other trainings as ``when_quiet`` runs them.
    ``train`` and ``sweep`` are the engine's."""
    first, rest = trainings[:1], trainings[1:]

    def sweep_job(spec: ModelSpec) -> WarmJob:
        return lambda aside: sweep(spec, aside, WARM_UP)

    def train_job(spec: ModelSpec) -> WarmJob:
        return lambda aside: train(spec, aside, aside, WARM_UP, heavy=True)

    later = [sweep_job(spec) for spec in sweeps] + [train_job(spec) for spec in rest]

    def work() -> None:
        for spec in first:
            with contextlib.suppress(EngineError):
                train(spec, requester=WARM_UP)
        when_quiet(visits, later)

    threading.Thread(target=work, daemon=True, name="warm-up").start()


def when_quiet(visits: Visits, jobs: list[WarmJob]) -> None:
    """Run each job never beside a visitor's: it starts once visitors' jobs have paused for
    ``WARM_QUIET_S``, and steps aside (withdrawn, retried later) when one arrives."""

    def step_aside(*_) -> None:
        if visits.active:
            raise YieldToVisitors()

    for job in jobs:
        while True:
            visits.wait_quiet(WARM_QUIET_S)
            try:
                job(step_aside)
            except YieldToVisitors:
                continue
            except EngineError:
                pass
            break
