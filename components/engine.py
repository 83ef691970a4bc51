"""Server side of training: a bounded pool of worker processes, never TensorFlow here.

Why a process pool: TensorFlow takes ~670 MB to import and its seeds are
process-global, and a crash or hang in it must not take the page down. So each
worker trains one model at a time, is recycled after ``recycle_after`` jobs as a
backstop against leaks, and is killed and replaced when it dies or hangs.
Workers start with ``spawn`` (forking a process that started TensorFlow can hang).
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
import types
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing.context import SpawnContext, SpawnProcess

from components import worker
from components.file_report import FileReport
from components.results import (
    HISTORY_KEYS,
    JobCancelled,
    SizePoint,
    TrainingTimedOut,
    TrainResult,
)
from components.spec import ModelSpec

DEFAULT_WORKERS = int(os.environ.get("PARAMLAB_WORKERS", "1"))
DEFAULT_TIME_LIMIT_S = float(os.environ.get("PARAMLAB_TIME_LIMIT_S", "60"))
RECYCLE_AFTER_JOBS = 250  # a backstop: trainings no longer leak (see training.py)
HANG_GRACE_S = 10.0  # past the worker's own deadline, the server kills it
SWEEP_TIME_LIMIT_S = 120.0
MAX_QUEUED_JOBS = 32  # across all sessions; beyond it a request is refused, not queued
POLL_S = 0.05
RESULT_CACHE_BYTES = 32 * 1024 * 1024

ProgressCallback = Callable[[int, dict[str, list[float]]], None]
WaitCallback = Callable[[int], None]  # jobs ahead in the queue
StepCallback = Callable[[int, int], None]  # steps done, steps in all


class _SpawnWithoutPage(SpawnProcess):
    """Spawn a worker that does not re-run the page.

    ``spawn`` re-runs the parent's ``__main__`` file in every child, and Streamlit
    installs the page script as ``__main__``: each worker would redraw the page and
    load the UI (~130 MB). Hiding it for the instant of the launch keeps workers lean.
    """

    @staticmethod
    def _Popen(process_obj):
        page = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            return SpawnProcess._Popen(process_obj)
        finally:
            sys.modules["__main__"] = page


class _WorkerContext(SpawnContext):
    Process = _SpawnWithoutPage


class EngineError(Exception):
    """A failure to show the user as it is: the message is written for them."""


class _LRU:
    """Least recently used first out, bounded by count and by bytes (``weigh``)."""

    def __init__(self, size: int, max_bytes: int | None = None, weigh=lambda value: 0) -> None:
        self._items: OrderedDict = OrderedDict()
        self._size = size
        self._max_bytes = max_bytes
        self._weigh = weigh
        self._lock = threading.Lock()

    def _too_big(self) -> bool:
        if len(self._items) > self._size:
            return True
        if self._max_bytes is None or len(self._items) <= 1:
            return False
        return sum(self._weigh(value) for value in self._items.values()) > self._max_bytes

    def get(self, key):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return None

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while self._too_big():
                self._items.popitem(last=False)


class Engine:
    """Trains specs and measures files in worker processes; shared by all sessions."""

    def __init__(
        self,
        workers: int = DEFAULT_WORKERS,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
        recycle_after: int = RECYCLE_AFTER_JOBS,
        cache_size: int = 256,
        hang_grace_s: float = HANG_GRACE_S,
    ) -> None:
        self.workers = workers
        self.time_limit_s = time_limit_s
        self.recycle_after = recycle_after
        self.hang_grace_s = hang_grace_s
        # Submitted and not finished, in order: no orphan may pile up; gives queue places.
        self._live: dict[Future, None] = {}
        self._context = _WorkerContext()
        self._manager = self._context.Manager()
        self._pool_lock = threading.Lock()
        self._pool = self._new_pool()
        # Results carry the trained .keras file (up to ~16 MB for 6 x 512): bound the bytes.
        self._results = _LRU(cache_size, RESULT_CACHE_BYTES, lambda r: len(r.model_file))
        self._sweeps = _LRU(64)
        self._reports = _LRU(64)
        self._latest_by_owner: dict[str, tuple[Future, object]] = {}  # (job, cancel event)

    def _new_pool(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self._context,
            initializer=worker.init_worker,
            max_tasks_per_child=self.recycle_after,
        )
        # Start every worker now, so TensorFlow loads before the first request.
        for _ in range(self.workers):
            pool.submit(worker.worker_pid)
        return pool

    def _replace_pool(self, broken: ProcessPoolExecutor) -> None:
        """Kill the workers of ``broken`` and start fresh ones (once, however many ask)."""
        with self._pool_lock:
            if self._pool is not broken:
                return
            for process in list(getattr(broken, "_processes", {}).values()):
                process.kill()
            broken.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()

    def _submit(self, fn, *args) -> tuple[ProcessPoolExecutor, Future]:
        """Submit to the current pool; a pool found broken is replaced once."""
        pool = self._pool
        try:
            future = pool.submit(fn, *args)
        except BrokenProcessPool:
            self._replace_pool(pool)
            pool = self._pool
            future = pool.submit(fn, *args)
        self._live[future] = None
        future.add_done_callback(lambda done: self._live.pop(done, None))
        return pool, future

    def _supersede(self, owner: str, future: Future, cancel) -> None:
        """Remember ``owner``'s newest job and cancel the one it replaces."""
        with self._pool_lock:
            previous = self._latest_by_owner.get(owner)
            self._latest_by_owner[owner] = (future, cancel)
        if previous is not None:
            _give_up(*previous)
        future.add_done_callback(lambda done: self._forget_owner(owner, done))

    def _forget_owner(self, owner: str, future: Future) -> None:
        with self._pool_lock:
            if self._latest_by_owner.get(owner, (None,))[0] is future:
                del self._latest_by_owner[owner]

    def jobs_ahead_of(self, future: Future) -> int:
        """Jobs submitted before ``future`` that are still queued or running."""
        queue_order = list(self._live)
        return queue_order.index(future) if future in queue_order else 0

    def jobs_in_flight(self) -> int:
        """Jobs queued or running in workers, cancelled ones included until they stop."""
        return len(self._live)

    def worker_pids(self) -> list[int]:
        return list(getattr(self._pool, "_processes", {}).keys())

    def train(
        self,
        spec: ModelSpec,
        on_progress: ProgressCallback | None = None,
        on_wait: WaitCallback | None = None,
        owner: str | None = None,
    ) -> TrainResult:
        """Train ``spec`` in a worker and return its result; raises EngineError on failure.

        Callbacks run in the caller's thread: ``on_wait(jobs_ahead)`` while queued,
        ``on_progress(epochs_done, history_so_far)`` while training. A newer request of
        the same ``owner`` (a browser session) cancels this one, queued or running; so
        does an exception raised by a callback (how Streamlit interrupts a run).
        """
        cached = self._results.get(spec)
        if cached is not None:
            return cached
        if len(self._live) >= MAX_QUEUED_JOBS:
            raise EngineError(
                f"The server is busy with {len(self._live)} trainings from other visitors. "
                "Please try again in a moment."
            )
        progress, cancel = self._manager.Queue(), self._manager.Event()
        pool, future = self._submit(worker.run_training, spec, progress, cancel, self.time_limit_s)
        if owner is not None:
            self._supersede(owner, future, cancel)
        history: dict[str, list[float]] = {key: [] for key in HISTORY_KEYS}
        hard_deadline = None
        last_place = None

        def relay_progress() -> None:
            nonlocal hard_deadline
            for message in _drain(progress):
                if message == worker.STARTED:
                    hard_deadline = time.monotonic() + self.time_limit_s + self.hang_grace_s
                    continue
                done, rows = message
                for key in HISTORY_KEYS:
                    history[key].extend(rows[key])
                if on_progress is not None:
                    on_progress(done, history)

        try:
            while not wait([future], timeout=POLL_S).done:
                relay_progress()
                if hard_deadline is None and on_wait is not None:
                    place = self.jobs_ahead_of(future)
                    if place != last_place:
                        on_wait(place)
                        last_place = place
                if hard_deadline is not None and time.monotonic() > hard_deadline:
                    self._replace_pool(pool)
                    raise EngineError(_timeout_message(self.time_limit_s))
            relay_progress()
            result = future.result()
        except BrokenProcessPool:
            self._replace_pool(pool)
            raise EngineError(
                "The training worker stopped unexpectedly (it may have run out of memory). "
                "It has been restarted: change a control or reload to train again."
            ) from None
        except TrainingTimedOut:
            raise EngineError(_timeout_message(self.time_limit_s)) from None
        except (JobCancelled, CancelledError):
            raise EngineError("This training was superseded by a newer one.") from None
        finally:
            _give_up(future, cancel)
        self._results.put(spec, result)
        return result

    def sweep(
        self, spec: ModelSpec, on_step: StepCallback | None = None, owner: str | None = None
    ) -> list[SizePoint]:
        """Real files for many widths of ``spec``'s shape (widths themselves ignored)."""
        return self._measure(self._sweeps, worker.run_sweep, _sweep_key(spec), on_step, owner)

    def file_report(
        self, spec: ModelSpec, on_step: StepCallback | None = None, owner: str | None = None
    ) -> FileReport:
        """The current model's files in every format, split into parts, measured in a worker."""
        key = _file_report_key(spec)
        return self._measure(self._reports, worker.run_file_report, key, on_step, owner)

    def _measure(
        self, cache: _LRU, job, key: ModelSpec, on_step: StepCallback | None, owner: str | None
    ):
        """Run a measuring ``job`` for ``key`` in a worker, once: later calls hit ``cache``.

        ``on_step(done, total)`` runs in the caller's thread as the job progresses. The
        job stops at its next step when the caller stops waiting (a callback raised: how
        Streamlit interrupts a run) or a newer request of the same ``owner`` arrives, so
        the worker is free for the request that is wanted now.
        """
        cached = cache.get(key)
        if cached is not None:
            return cached
        progress, cancel = self._manager.Queue(), self._manager.Event()
        pool, future = self._submit(job, key, progress, cancel)
        if owner is not None:
            self._supersede(owner, future, cancel)
        deadline = time.monotonic() + SWEEP_TIME_LIMIT_S

        def relay_steps() -> None:
            for done, total in _drain(progress):
                if on_step is not None:
                    on_step(done, total)

        try:
            while not wait([future], timeout=POLL_S).done:
                relay_steps()
                if time.monotonic() > deadline:
                    self._replace_pool(pool)
                    raise EngineError("Measuring file sizes took too long and was stopped.")
            relay_steps()
            measured = future.result()
        except BrokenProcessPool:
            self._replace_pool(pool)
            raise EngineError("The worker measuring file sizes stopped; it restarted.") from None
        except (JobCancelled, CancelledError):
            raise EngineError("This measurement was superseded by a newer request.") from None
        finally:
            _give_up(future, cancel)
        cache.put(key, measured)
        return measured

    def shutdown(self) -> None:
        processes = list(getattr(self._pool, "_processes", {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()
        self._manager.shutdown()


def _sweep_key(spec: ModelSpec) -> ModelSpec:
    """Bytes depend on layers, names and configs (dropout, optimizer, lr), not on training."""
    default = ModelSpec()
    return replace(
        spec,
        widths=(1,) * len(spec.widths),
        epochs=default.epochs,
        batch_size=default.batch_size,
        seed=default.seed,
    )


def _file_report_key(spec: ModelSpec) -> ModelSpec:
    """Like _sweep_key but the widths matter: the report is about this model's files."""
    return replace(_sweep_key(spec), widths=spec.widths)


def _give_up(future: Future, cancel) -> None:
    """Stop a job nobody waits for any more: queued, it never starts; running, it stops."""
    if not future.done():
        future.cancel()
        cancel.set()


def _drain(messages: queue.Queue) -> list:
    drained = []
    while True:
        try:
            drained.append(messages.get_nowait())
        except queue.Empty:
            return drained


def _timeout_message(limit: float) -> str:
    return (
        f"Training ran past its {limit:g} s time limit and was stopped. "
        "Try fewer epochs, a larger batch or narrower layers."
    )
