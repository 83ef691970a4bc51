"""Server side of training and measuring: one engine for every session, never TensorFlow.

Why worker processes: TensorFlow takes ~650 MB to import and its seeds are
process-global, and a crash or hang in it must not take the page down. So each worker
runs one job at a time (``worker_processes``), every visitor's jobs share one queue
with single flight and priorities (``flights``), and results are kept in bounded
caches, so a link someone already trained answers at once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import queue
import threading
import time
import uuid
from collections.abc import Callable, Hashable
from dataclasses import replace

from components.core import cost
from components.core.data import dataset_split
from components.core.file_report import FileReport
from components.core.i18n import Note
from components.core.results import CANCELLED, HISTORY_KEYS, TIMED_OUT, SizePoint, TrainResult
from components.core.spec import ModelSpec
from components.engine import host
from components.engine.engine_parts import LRU, Visits, YieldToVisitors
from components.engine.flights import (
    UNREACHABLE,
    Done,
    EngineError,
    Failed,
    Flight,
    JobKind,
    Requester,
    Scheduler,
    Waiter,
)
from components.engine.store import ResultStore
from components.engine.worker_processes import LOST, LocalWorkers
from components.worker import jobs

__all__ = ["Engine", "EngineError", "Requester"]

DEFAULT_TIME_LIMIT_S = float(os.environ.get("PARAMLAB_TIME_LIMIT_S", "60"))
RECYCLE_AFTER_JOBS = 250  # a backstop against leaks
HANG_GRACE_S = 10.0  # past a job's own limit, the server kills its worker
SWEEP_TIME_LIMIT_S = 120.0
QUEUE_LIMIT_S = 120.0  # a request waits at most this long for a free worker
# Queued or running, every kind, all sessions. A session holds at most one job of a kind
# (a newer run supersedes), so this serves a class of 128 with a training and a
# measurement each; a queued job is its spec and data split (at most ~1.3 MB, a CSV).
MAX_QUEUED_JOBS = 256
POLL_S = 0.05
# A waiting page's place in the queue is told again at most this often (and at once when it
# is next): in a class every finished job moves every waiting page, and each telling is a
# message to its browser, so telling every move cost the server O(class^2) messages.
PLACE_EVERY_S = 1.0
RESULT_CACHE_BYTES = 32 * 1024 * 1024
MEASURE_CACHE_BYTES = 4 * 1024 * 1024  # each of the sweeps' and the file reports' caches
WARM_QUIET_S = 2.0  # warm-up work waits for visitors' jobs to pause this long
WARM_UP = Requester("warm-up")
DASK_SCHEDULER = os.environ.get("PARAMLAB_DASK_SCHEDULER") or None  # tcp://HOST:PORT

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, dict[str, list[float]]], None]
WaitCallback = Callable[[int], None]  # jobs that start before this one
StepCallback = Callable[[int, int], None]  # steps done, steps in all


class Engine:
    """Trains specs and measures files in worker processes; shared by all sessions."""

    def __init__(
        self,
        workers: int | None = None,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        recycle_after: int = RECYCLE_AFTER_JOBS,
        cache_size: int = 256,
        hang_grace_s: float = HANG_GRACE_S,
        queue_limit_s: float = QUEUE_LIMIT_S,
        measure_limit_s: float = SWEEP_TIME_LIMIT_S,
        max_jobs: int = MAX_QUEUED_JOBS,
        initializer: Callable[[], None] = jobs.init_worker,
        store: ResultStore | None = None,
        dask_scheduler: str | None = DASK_SCHEDULER,
        worker_heap_bytes: int | None = host.WORKER_BYTES,
    ) -> None:
        if workers is None:  # PARAMLAB_WORKERS, or what this host's cores and memory hold
            sized = host.pool_size()
            workers = sized.workers
            log.info("Training workers: %s", sized.reason)
            if sized.notice:
                log.warning(sized.notice)
        self.workers = workers
        self.time_limit_s = time_limit_s
        self.queue_limit_s = queue_limit_s
        self.measure_limit_s = measure_limit_s
        # Bounded in bytes, each result weighed as it travelled from its worker (pickled):
        # a training carries its .keras file (~16 MB for a 6 x 512), every result its
        # curves and grids (10-30 KB). Evicted results are still in the store, on disk.
        self._caches = {
            JobKind.TRAIN: LRU(cache_size, RESULT_CACHE_BYTES, _pickled_bytes),
            JobKind.SWEEP: LRU(64, MEASURE_CACHE_BYTES, _pickled_bytes),
            JobKind.REPORT: LRU(64, MEASURE_CACHE_BYTES, _pickled_bytes),
        }
        self._store = store  # on disk, behind the caches: outlives the process
        self._scheduler = Scheduler(max_jobs, self._keep, _failure_message, hang_grace_s)
        if dask_scheduler:
            from components.engine.dask_workers import DaskWorkers

            self._workers = DaskWorkers(dask_scheduler, self._scheduler, initializer)
        else:
            self._workers = LocalWorkers(
                workers, self._scheduler, initializer, recycle_after, worker_heap_bytes
            )
        self._scheduler.backend = self._workers
        self._visits = Visits()

    def _keep(self, key: Hashable, result) -> None:
        kind, _ = key
        self._caches[kind].put(key, result)
        if self._store is not None:
            self._store.put(key, result)

    def _kept(self, kind: JobKind, key: Hashable):
        found = self._caches[kind].get((kind, key))
        if found is None and self._store is not None:
            found = self._store.get((kind, key))
            if found is not None:
                self._caches[kind].put((kind, key), found)
        return found

    def warm(self, trainings: list[ModelSpec], sweeps: list[ModelSpec]) -> None:
        """Compute these in the background so a class opening a teacher's link finds them
        done (or joins them in flight): the first training at once, the rest as
        ``warm_when_quiet`` runs them."""
        first, rest = trainings[:1], trainings[1:]
        later = [lambda aside, spec=spec: self.sweep(spec, aside, WARM_UP) for spec in sweeps]
        later += [
            lambda aside, spec=spec: self.train(spec, aside, aside, WARM_UP, heavy=True)
            for spec in rest
        ]

        def work() -> None:
            for spec in first:  # what a class opening the teacher's link asks first
                with contextlib.suppress(EngineError):
                    self.train(spec, requester=WARM_UP)
            self.warm_when_quiet(later)

        threading.Thread(target=work, daemon=True, name="warm-up").start()

    def warm_when_quiet(self, jobs: list[Callable[[Callable], object]]) -> None:
        """Run each ``job(step_aside)`` (which passes ``step_aside`` to the engine as its
        progress callback) never beside a visitor's job: it would take a core from the
        answer to someone's move. A job starts once visitors' jobs have paused for
        ``WARM_QUIET_S``, and steps aside (withdrawn, retried later) when one arrives."""

        def step_aside(*_) -> None:
            if self._visits.active:
                raise YieldToVisitors()

        for job in jobs:
            while True:
                self._visits.wait_quiet(WARM_QUIET_S)
                try:
                    job(step_aside)
                except YieldToVisitors:
                    continue
                except EngineError:
                    pass
                break

    def train(
        self,
        spec: ModelSpec,
        on_progress: ProgressCallback | None = None,
        on_wait: WaitCallback | None = None,
        requester: Requester | None = None,
        heavy: bool = False,
        on_idle: Callable[[], None] | None = None,
    ) -> TrainResult:
        """Train ``spec`` in a worker and return its result; raises EngineError on failure.

        Callbacks run in the caller's thread: ``on_wait(jobs_ahead)`` while queued (when it
        changes), ``on_progress(epochs_done, history_so_far)`` while training, ``on_idle()``
        on every poll (~50 ms) where nothing arrived, queued or running. A newer request of
        the same session replaces this one; an exception raised by a callback (how
        Streamlit interrupts a run) withdraws it. Others waiting for the same spec share
        the one training. One predicted to pass the time limit is refused up front.
        """
        kept = self._kept(JobKind.TRAIN, spec)
        if kept is not None:
            return kept
        refused = cost.refusal(spec, self.time_limit_s)  # priced before any worker is asked
        if refused is not None:
            raise EngineError(refused)
        history: dict[str, list[float]] = {key: [] for key in HISTORY_KEYS}

        def on_message(message, final: bool) -> None:
            done, rows = message
            for key in HISTORY_KEYS:
                history[key].extend(rows[key])
            if on_progress is not None and final:  # one redraw for all that arrived
                on_progress(done, history)

        fn, args = _training_job(spec, self.time_limit_s)
        heavy = heavy or cost.is_heavy(spec)  # behind other visitors' light jobs
        return self._compute(
            JobKind.TRAIN, spec, fn, args, requester, on_message, heavy, on_wait, on_idle
        )

    def sweep(
        self, spec: ModelSpec, on_step: StepCallback | None = None, requester=None
    ) -> list[SizePoint]:
        """Real files for many widths of ``spec``'s shape (widths themselves ignored)."""
        key = _sweep_key(spec)
        fn, args = jobs.run_sweep, (key,)
        return self.run(JobKind.SWEEP, key, fn, args, requester, _steps(on_step))

    def file_report(
        self, spec: ModelSpec, on_step: StepCallback | None = None, requester=None
    ) -> FileReport:
        """The current model's files in every format, split into parts, measured in a worker."""
        key = _file_report_key(spec)
        fn, args = jobs.run_file_report, (key,)
        return self.run(JobKind.REPORT, key, fn, args, requester, _steps(on_step))

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
        on_idle: Callable[[], None] | None = None,
    ):
        """Job ``fn(*args)`` of ``kind`` for ``key``: kept, joined in flight, or queued
        (the callbacks as ``train``'s)."""
        kind = JobKind(kind)  # a plain "sweep" would key the store apart from JobKind.SWEEP
        kept = self._kept(kind, key)
        if kept is not None:
            return kept
        return self._compute(kind, key, fn, args, requester, on_message, heavy, on_wait, on_idle)

    def _compute(self, kind, key, fn, args, requester, on_message, heavy, on_wait, on_idle):
        """``run`` past the caches: joined in flight or queued, then waited for."""
        requester = requester or Requester(uuid.uuid4().hex)
        limit = self.time_limit_s if kind == JobKind.TRAIN else self.measure_limit_s
        visiting = self._visits.visit() if requester != WARM_UP else contextlib.nullcontext()
        with visiting:
            waiter = self._scheduler.request(kind, (kind, key), fn, args, requester, heavy, limit)
            try:
                return self._wait(waiter, on_message, on_wait, on_idle)
            finally:
                self._scheduler.leave(waiter)

    def _wait(
        self,
        waiter: Waiter,
        on_message: Callable,
        on_wait: WaitCallback | None,
        on_idle: Callable[[], None] | None,
    ):
        last_place, last_told = None, float("-inf")
        while True:
            messages = _drain(waiter.inbox, POLL_S)
            for message in messages:
                if isinstance(message, Done):
                    return message.result
                if isinstance(message, Failed):
                    raise EngineError(message.message)
            if messages:
                for message in messages[:-1]:
                    on_message(message, final=False)
                on_message(messages[-1], final=True)
                continue
            if on_idle is not None:
                on_idle()  # where a caller may give up waiting (Streamlit: a newer run)
            place = self._scheduler.position(waiter)
            if place is None:
                continue
            now = time.monotonic()
            due = place == 0 or now - last_told >= PLACE_EVERY_S
            if on_wait is not None and place != last_place and due:
                on_wait(place)
                last_place, last_told = place, now
            if time.monotonic() - waiter.queued_at > self.queue_limit_s:
                raise EngineError(self._queue_timeout_message())

    def _queue_timeout_message(self) -> str:
        reason = self._scheduler.start_error
        why = Note("engine.worker_failed", reason=reason) if reason else ""
        return Note("engine.queue_timeout", seconds=self.queue_limit_s, why=why)

    def jobs_in_flight(self) -> int:
        return self._scheduler.jobs()

    def worker_pids(self) -> list[int]:
        return self._workers.pids()

    def shutdown(self) -> None:
        self._scheduler.stop()
        self._workers.shutdown()
        if self._store is not None:
            self._store.close()


def _training_job(spec: ModelSpec, time_limit_s: float) -> tuple[Callable, tuple]:
    """The job that trains ``spec``. It carries the dataset's split, made here: workers
    never load scikit-learn (~1 s of each worker's start), nor an uploaded table's rows."""
    split = dataset_split(spec.data, spec.seed)
    return jobs.run_training, (spec, split, time_limit_s)


def _pickled_bytes(result) -> int:
    """A result's size as it travelled from its worker; a training's .keras file counted
    by its length, not copied into a pickle again (16 MB for a 6 x 512)."""
    file = getattr(result, "model_file", b"")
    rest = replace(result, model_file=b"") if file else result
    return len(file) + len(pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL))


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


def _failure_message(flight: Flight, reason: str, detail: str) -> str:
    training = flight.kind == JobKind.TRAIN
    if reason == TIMED_OUT:
        if training:
            return _timeout_message(flight.limit_s)
        return Note("engine.measure_timeout")
    if reason == LOST:
        what = Note("engine.what.training" if training else "engine.what.measuring")
        return Note("engine.lost", what=what)
    if reason == CANCELLED:
        return Note("engine.cancelled", noun=flight.kind.noun)
    if reason == UNREACHABLE:
        return Note("engine.unreachable", address=detail)
    return Note("engine.failed", noun=flight.kind.noun, detail=detail)


def _sweep_key(spec: ModelSpec) -> ModelSpec:
    """Bytes depend on layers, names and configs (dropout, optimizer, lr) and on the dataset
    (its features in, its classes out, the model's name), not on training or on which
    features the decision regions show (None: the dataset's first pair)."""
    default = ModelSpec()
    return replace(
        spec,
        widths=(1,) * len(spec.widths),
        epochs=default.epochs,
        batch_size=default.batch_size,
        seed=default.seed,
        region_features=None,
    )


def _file_report_key(spec: ModelSpec) -> ModelSpec:
    """Like _sweep_key but the widths matter: the report is about this model's files."""
    return replace(_sweep_key(spec), widths=spec.widths)


def _timeout_message(limit: float) -> str:
    return Note("engine.train_timeout", limit=limit)
