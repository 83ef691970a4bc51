"""Server side of training and measuring: one engine for every session, never TensorFlow.

Why worker processes: TensorFlow takes ~650 MB to import and its seeds are
process-global, and a crash or hang in it must not take the page down. So each worker
runs one job at a time, every visitor's jobs share one queue with single flight and
priorities (``flights``), and results are kept (``result_cache``), so a link someone
already trained answers at once.

The engine puts together what its own modules do: settings read once (``settings``),
prices (``pricing``), keys and jobs (``job_keys``), kept results (``result_cache``), warm-up
(``warm_up``), the queue (``flights``), the workers behind it (``backend``:
``worker_processes`` or ``dask_workers``) and failures said in words (``failure_messages``).
"""

from __future__ import annotations

import contextlib
import logging
import queue
import time
import uuid
from collections.abc import Callable, Hashable

from components.core.file_report import FileReport
from components.core.results import HISTORY_KEYS, SizePoint, TrainResult
from components.core.spec import ModelSpec
from components.engine import host, job_keys, warm_up
from components.engine.backend import WorkerBackend, WorkerEvents
from components.engine.engine_like import (
    Bell,
    IdleCallback,
    ProgressCallback,
    StepCallback,
    WaitCallback,
)
from components.engine.failure_messages import failure_message, queue_timeout_message
from components.engine.flights import (
    Done,
    EngineError,
    Failed,
    JobKind,
    JobRequest,
    Requester,
    Scheduler,
    Waiter,
)
from components.engine.pricing import price
from components.engine.result_cache import ResultCache
from components.engine.settings import EngineSettings
from components.engine.store import ResultStore
from components.engine.warm_up import WARM_UP, Visits, WarmJob
from components.engine.worker_processes import LocalWorkers
from components.worker import jobs

__all__ = ["Engine", "EngineError", "Requester", "StepCallback"]

RECYCLE_AFTER_JOBS = 250  # a backstop against leaks
HANG_GRACE_S = 10.0  # past a job's own limit, the server kills its worker
SWEEP_TIME_LIMIT_S = 120.0
# The ship job converts every width three times: a depth-6 shape took 46 s on 2 busy cores
# (bench/bench_ship.py), so it gets more room than a sweep before its worker is killed.
SHIP_TIME_LIMIT_S = 300.0
QUEUE_LIMIT_S = 120.0  # a request waits at most this long for a free worker
# Queued or running, every kind, all sessions. A session holds at most one job of a kind
# (a newer run supersedes), so this serves a class of 128 with a training and a
# measurement each; a queued job is its spec and data split (at most ~1.3 MB, a CSV).
MAX_QUEUED_JOBS = 256
POLL_S = 0.05
# With a bell (the caller is rung when it should look up: a newer run of its page waits), a
# waiting request looks up only to tell its place and keep its deadline: this often one place
# from its turn (to say "next" at once), else as often as its place is told (PLACE_EVERY_S).
RUNG_POLL_S = 0.25
RUNG = "rung"  # what a bell puts in a waiter's inbox
# A waiting page's place in the queue is told again at most this often (and at once when it
# is next): in a class every finished job moves every waiting page, and each telling is a
# message to its browser, so telling every move cost the server O(class^2) messages.
PLACE_EVERY_S = 1.0

log = logging.getLogger(__name__)


class Engine:
    """Trains specs and measures files in worker processes; shared by all sessions.

    ``settings`` (default: read from the environment now) gives the time limit, the Dask
    scheduler and the worker count; the other arguments override them or set what tests
    and benchmarks vary."""

    def __init__(
        self,
        workers: int | None = None,
        time_limit_s: float | None = None,
        recycle_after: int = RECYCLE_AFTER_JOBS,
        cache_size: int = 256,
        hang_grace_s: float = HANG_GRACE_S,
        queue_limit_s: float = QUEUE_LIMIT_S,
        measure_limit_s: float = SWEEP_TIME_LIMIT_S,
        ship_limit_s: float = SHIP_TIME_LIMIT_S,
        max_jobs: int = MAX_QUEUED_JOBS,
        initializer: Callable[[], None] = jobs.init_worker,
        store: ResultStore | None = None,
        dask_scheduler: str | None = None,
        worker_heap_bytes: int | None = host.WORKER_BYTES,
        settings: EngineSettings | None = None,
    ) -> None:
        settings = settings or EngineSettings.from_environment()
        if workers is None:  # PARAMLAB_WORKERS, or what this host's cores and memory hold
            sized = settings.workers or host.pool_size()
            workers = sized.workers
            log.info("Training workers: %s", sized.reason)
            if sized.notice:
                log.warning(sized.notice)
        self.workers = workers
        self.time_limit_s = settings.time_limit_s if time_limit_s is None else time_limit_s
        self.queue_limit_s = queue_limit_s
        self.measure_limit_s = measure_limit_s
        self.ship_limit_s = ship_limit_s
        self._results = ResultCache(cache_size, store)
        self._scheduler = Scheduler(max_jobs, self._results.put, failure_message, hang_grace_s)
        self._workers = _start_workers(
            dask_scheduler or settings.dask_scheduler,
            workers,
            self._scheduler,
            initializer,
            recycle_after,
            worker_heap_bytes,
        )
        self._scheduler.backend = self._workers
        self._visits = Visits()

    def warm(self, trainings: list[ModelSpec], sweeps: list[ModelSpec]) -> None:
        """Compute these in the background so a class opening a teacher's link finds them
        done (or joins them in flight): the first training at once, the rest as
        ``warm_when_quiet`` runs them."""
        warm_up.warm(self.train, self.sweep, self._visits, trainings, sweeps)

    def warm_when_quiet(self, jobs: list[WarmJob]) -> None:
        """Run each ``job(step_aside)`` never beside a visitor's job (``warm_up.when_quiet``)."""
        warm_up.when_quiet(self._visits, jobs)

    def train(
        self,
        spec: ModelSpec,
        on_progress: ProgressCallback | None = None,
        on_wait: WaitCallback | None = None,
        requester: Requester | None = None,
        heavy: bool = False,
        on_idle: IdleCallback | None = None,
        bell: Bell | None = None,
    ) -> TrainResult:
        """Train ``spec`` in a worker and return its result; raises EngineError on failure.

        Callbacks run in the caller's thread: ``on_wait(jobs_ahead)`` while queued (when it
        changes), ``on_progress(epochs_done, history_so_far)`` while training, ``on_idle()``
        on every poll (~50 ms) where nothing arrived, queued or running. With a ``bell``
        that will ring (``bell(ring)`` yields True), ``on_idle()`` runs when it rings and
        otherwise every ``RUNG_POLL_S`` one place from its turn, else every
        ``PLACE_EVERY_S``. A newer request of the same session replaces this one; an
        exception raised by a callback (how Streamlit interrupts a run) withdraws it. Others
        waiting for the same spec share the one training. One predicted to pass the time
        limit is refused up front.
        """
        kept = self._results.get(JobKind.TRAIN, spec)
        if kept is not None:
            return kept
        heavy = price(spec, self.time_limit_s) or heavy  # priced before any worker is asked
        history: dict[str, list[float]] = {key: [] for key in HISTORY_KEYS}

        def on_message(message, final: bool) -> None:
            done, rows = message
            for key in HISTORY_KEYS:
                history[key].extend(rows[key])
            if on_progress is not None and final:  # one redraw for all that arrived
                on_progress(done, history)

        fn, args = job_keys.training_job(spec, self.time_limit_s)
        job = JobRequest(JobKind.TRAIN, spec, fn, args, self.time_limit_s, heavy)
        return self._compute(job, requester, on_message, on_wait, on_idle, bell)

    def sweep(
        self,
        spec: ModelSpec,
        on_step: StepCallback | None = None,
        requester: Requester | None = None,
    ) -> list[SizePoint]:
        """Real files for many widths of ``spec``'s shape (widths themselves ignored)."""
        key, fn, args = job_keys.sweep_job(spec)
        return self.run(JobKind.SWEEP, key, fn, args, requester, _steps(on_step))

    def kept_sweep(self, spec: ModelSpec) -> list[SizePoint] | None:
        """``sweep(spec)``'s answer where it is kept (in memory or the store), else None;
        never queues or waits."""
        key, _, _ = job_keys.sweep_job(spec)
        return self._results.get(JobKind.SWEEP, key)

    def file_report(
        self,
        spec: ModelSpec,
        on_step: StepCallback | None = None,
        requester: Requester | None = None,
    ) -> FileReport:
        """The current model's files in every format, split into parts, measured in a worker."""
        key, fn, args = job_keys.file_report_job(spec)
        return self.run(JobKind.REPORT, key, fn, args, requester, _steps(on_step))

    def ship(
        self,
        spec: ModelSpec,
        on_step: StepCallback | None = None,
        requester: Requester | None = None,
    ) -> list[SizePoint]:
        """The files people ship (TFLite three ways, the .keras gzipped) at the sweep's widths."""
        key, fn, args = job_keys.ship_job(spec)
        return self.run(JobKind.SHIP, key, fn, args, requester, _steps(on_step))

    def run(
        self,
        kind: JobKind,
        key: Hashable,
        fn: Callable,
        args: tuple,
        requester: Requester | None,
        on_message: Callable,
        on_wait: WaitCallback | None = None,
        heavy: bool = False,
        on_idle: IdleCallback | None = None,
        bell: Bell | None = None,
    ):
        """Job ``fn(*args)`` of ``kind`` for ``key``: kept, joined in flight, or queued
        (the callbacks and the bell as ``train``'s)."""
        kind = JobKind(kind)  # a plain "sweep" would key the store apart from JobKind.SWEEP
        kept = self._results.get(kind, key)
        if kept is not None:
            return kept
        limit = {JobKind.TRAIN: self.time_limit_s, JobKind.SHIP: self.ship_limit_s}.get(
            kind, self.measure_limit_s
        )
        job = JobRequest(kind, key, fn, args, limit, heavy)
        return self._compute(job, requester, on_message, on_wait, on_idle, bell)

    def _compute(
        self,
        job: JobRequest,
        requester: Requester | None,
        on_message: Callable,
        on_wait: WaitCallback | None,
        on_idle: IdleCallback | None,
        bell: Bell | None,
    ):
        """``run`` past the caches: joined in flight or queued, then waited for."""
        requester = requester or Requester(uuid.uuid4().hex)
        visiting = self._visits.visit() if requester != WARM_UP else contextlib.nullcontext()
        with visiting:
            waiter = self._scheduler.request(job, requester)
            hung = bell(lambda: waiter.inbox.put(RUNG)) if bell else contextlib.nullcontext(False)
            try:
                with hung as rings:
                    poll = RUNG_POLL_S if rings else POLL_S
                    return self._wait(waiter, on_message, on_wait, on_idle, poll, rings)
            finally:
                self._scheduler.leave(waiter)

    def _wait(
        self,
        waiter: Waiter,
        on_message: Callable,
        on_wait: WaitCallback | None,
        on_idle: IdleCallback | None,
        poll: float,
        rings: bool,
    ):
        last_place, last_told = None, float("-inf")
        wait = poll
        while True:
            messages = _drain(waiter.inbox, wait)
            rung = any(message is RUNG for message in messages)
            messages = [message for message in messages if message is not RUNG]
            for message in messages:
                if isinstance(message, Done):
                    return message.result
                if isinstance(message, Failed):
                    raise EngineError(message.message)
            if messages:
                for message in messages[:-1]:
                    on_message(message, final=False)
                on_message(messages[-1], final=True)
                if not rung:
                    continue
            if on_idle is not None:
                on_idle()  # where a caller may give up waiting (Streamlit: a newer run)
            place = self._scheduler.position(waiter)
            if rings:  # a class's waiting runs woke 4 times a second each, mostly for nothing
                wait = poll if place == 1 else max(poll, PLACE_EVERY_S)
            if place is None:
                continue
            now = time.monotonic()
            due = place == 0 or now - last_told >= PLACE_EVERY_S
            if on_wait is not None and place != last_place and due:
                on_wait(place)
                last_place, last_told = place, now
            if time.monotonic() - waiter.queued_at > self.queue_limit_s:
                start_error = self._scheduler.start_error
                raise EngineError(queue_timeout_message(self.queue_limit_s, start_error))

    def jobs_in_flight(self) -> int:
        return self._scheduler.jobs()

    def worker_pids(self) -> list[int]:
        return self._workers.pids()

    def shutdown(self) -> None:
        self._scheduler.stop()
        self._workers.shutdown()
        self._results.close()


def _start_workers(
    dask_scheduler: str | None,
    count: int,
    events: WorkerEvents,
    initializer: Callable[[], None],
    recycle_after: int,
    heap_bytes: int | None,
) -> WorkerBackend:
    """A Dask cluster's workers if a scheduler is named, else ``count`` processes here."""
    if dask_scheduler:
        from components.engine.dask_workers import DaskWorkers  # loads distributed

        return DaskWorkers(dask_scheduler, events, initializer)
    return LocalWorkers(count, events, initializer, recycle_after, heap_bytes)


def _drain(inbox: queue.SimpleQueue, timeout: float) -> list:
    """Everything in ``inbox``, waiting up to ``timeout`` for the first message."""
    try:
        messages = [inbox.get(timeout=timeout)]
    except queue.Empty:
        return []
    while True:
        try:
            messages.append(inbox.get_nowait())
        except queue.Empty:
            return messages


def _steps(on_step: StepCallback | None) -> Callable:
    def on_message(message, final: bool) -> None:
        if on_step is not None and final:
            on_step(*message)

    return on_message
