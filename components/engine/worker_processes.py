"""Worker processes the server owns one by one: start, feed, cancel, kill, replace.

Each worker is a spawned process with a pipe of its own, so the server can kill exactly
the worker whose job ran over time, and a killed worker breaks only its own pipe.
(``ProcessPoolExecutor`` could not: it can only replace a whole pool, failing every
visitor's jobs in it, and with ``max_tasks_per_child`` it deadlocks on Python 3.11 when
a worker retires with jobs queued, CPython gh-115634.) Workers start with ``spawn``:
forking a process that has started TensorFlow can hang.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from components.core.worker_messages import (
    Job,
    JobDone,
    JobEnding,
    JobFailed,
    JobProgress,
    WorkerInitFailed,
    WorkerMessage,
    WorkerReady,
)
from components.engine import host
from components.engine.backend import WorkerEvents
from components.private_hooks import spawn_context
from components.worker import jobs

if TYPE_CHECKING:
    from components.engine.flights import Flight

RESTART_BACKOFF_S = (0.0, 1.0, 5.0, 30.0)  # after 0, 1, 2, 3+ failed starts in a row
OTHERS_AFTER_S = 3.0  # the other workers start after the first one's first job, or this

log = logging.getLogger(__name__)


class _Worker:
    """One process, its pipe, its cancel cell and what it is doing."""

    def __init__(self, context, initializer: Callable[[], None]) -> None:
        self.conn, child_conn = context.Pipe()
        self.cancelled = context.Value("q", -1, lock=False)
        self.process = context.Process(
            target=jobs.serve, args=(child_conn, self.cancelled, initializer), daemon=True
        )
        self.process.start()
        child_conn.close()
        self.job_id: int | None = None
        self.jobs_done = 0
        self.pid: int | None = None


class LocalWorkers:
    """``count`` worker processes on this machine, each running one job at a time: a
    ``backend.WorkerBackend`` whose slots the queue fills."""

    queues_jobs = False  # the scheduler starts a job only in a slot announced ready

    def __init__(
        self,
        count: int,
        events: WorkerEvents,
        initializer: Callable[[], None] = jobs.init_worker,
        recycle_after: int = 250,
        retire_above_bytes: int | None = host.WORKER_BYTES,
    ) -> None:
        self.count = count
        self._events = events
        self._initializer = initializer
        self._recycle_after = recycle_after
        # A worker holding more heap after a job than the host's sizing gave it is
        # replaced before it grows into the out-of-memory killer, mid-training.
        self._retire_above_bytes = retire_above_bytes
        # Spawned workers that do not re-run the page (a private hook: its module says why).
        self._context = spawn_context()
        self._lock = threading.Lock()
        self._closed = False
        self._failed_starts = [0] * count
        self._workers: list[_Worker | None] = [None] * count
        # The first worker alone, the others once it has done its first job (the first
        # visitor's answer) or has been up a while: TensorFlow loading in the others takes
        # a core that answer would otherwise have.
        self._others_launched = count == 1
        self._launch(0)

    def _launch(self, slot: int) -> None:
        delay = RESTART_BACKOFF_S[min(self._failed_starts[slot], len(RESTART_BACKOFF_S) - 1)]
        threading.Thread(target=self._run, args=(slot, delay), daemon=True).start()

    def _launch_others(self) -> None:
        with self._lock:
            if self._others_launched:
                return
            self._others_launched = True
        for slot in range(1, self.count):
            self._launch(slot)

    def _run(self, slot: int, delay: float) -> None:
        """Start the slot's process, then relay its messages until it ends."""
        time.sleep(delay)
        with self._lock:
            if self._closed:
                return
            current = self._workers[slot] = _Worker(self._context, self._initializer)
        while True:
            try:
                message = current.conn.recv()
            except (EOFError, OSError):
                break
            self._relay(slot, current, message)
        self._ended(slot, current)

    def _relay(self, slot: int, current: _Worker, message: WorkerMessage) -> None:
        match message:
            case WorkerReady(pid=pid):
                current.pid = pid
                self._failed_starts[slot] = 0
                self._events.worker_ready(slot)
                if not self._others_launched:
                    (timer := threading.Timer(OTHERS_AFTER_S, self._launch_others)).daemon = True
                    timer.start()
            case WorkerInitFailed(detail=detail):
                self._failed_starts[slot] += 1
                self._events.worker_failed_to_start(slot, detail)
                self._launch_others()
            case JobProgress(job_id=job_id, message=progress):
                self._events.job_progress(job_id, progress)
            case JobDone() | JobFailed():
                self._job_ended(slot, current, message)

    def _job_ended(self, slot: int, current: _Worker, message: JobDone | JobFailed) -> None:
        current.job_id = None
        current.jobs_done += 1
        if isinstance(message, JobDone):
            self._events.job_done(message.job_id, message.result, message.pickled)
        else:
            self._events.job_failed(message.job_id, message.ending, message.detail)
        self._launch_others()
        if current.jobs_done >= self._recycle_after or self._too_big(current):
            current.conn.send(None)  # retire: a fresh process takes the slot
        else:
            self._events.worker_ready(slot)

    def _too_big(self, current: _Worker) -> bool:
        if self._retire_above_bytes is None or current.pid is None:
            return False
        heap = host.heap_bytes(current.pid)
        if heap is None or heap <= self._retire_above_bytes:
            return False
        log.warning(
            "Worker %s holds %.0f MB of heap after its job, over the %.0f MB a worker is "
            "sized for: replaced by a fresh one",
            current.pid,
            heap / host.MB,
            self._retire_above_bytes / host.MB,
        )
        return True

    def _ended(self, slot: int, current: _Worker) -> None:
        """The process is gone (retired, killed or crashed): fail its job, replace it."""
        current.process.join(timeout=5)
        current.conn.close()
        self._events.worker_gone(slot)
        if current.job_id is not None:
            self._events.job_failed(current.job_id, JobEnding.LOST, "")
        with self._lock:
            if self._closed or self._workers[slot] is not current:
                return
            self._workers[slot] = None
        self._launch(slot)

    def _in_slot(self, slot: int | None) -> _Worker | None:
        """The worker in ``slot``, or None. Never called with None: this backend does not
        queue jobs, so the scheduler runs each in a slot the backend announced."""
        assert slot is not None, "LocalWorkers runs every job in a slot"
        return self._workers[slot]

    def start(self, slot: int | None, flight: Flight) -> bool:
        """Run ``flight.fn(*flight.args, progress=..., cancel=...)`` in the ready worker of
        ``slot``; False if that worker is gone."""
        current = self._in_slot(slot)
        if current is None or not current.process.is_alive():
            return False
        current.job_id = flight.job_id
        with contextlib.suppress(OSError):  # died a moment ago: its reader reports the job
            current.conn.send(Job(flight.job_id, flight.fn, flight.args))
        return True

    def cancel(self, slot: int | None, job_id: int) -> None:
        """Ask the job to stop at its next step (it reports ``cancelled``)."""
        current = self._in_slot(slot)
        if current is not None and current.job_id == job_id:
            current.cancelled.value = job_id

    def kill(self, slot: int | None, job_id: int) -> None:
        """Kill the slot's process (running ``job_id``) now; its reader thread reports the
        job and replaces the process."""
        current = self._in_slot(slot)
        if current is not None:
            current.process.kill()

    def place(self, job_id: int) -> int | None:
        """The scheduler's own queue is the whole queue."""
        return None

    def pids(self) -> list[int]:
        return [w.pid for w in self._workers if w is not None and w.pid is not None]

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            workers = [w for w in self._workers if w is not None]
        for current in workers:
            current.process.kill()
        for current in workers:
            current.process.join(timeout=5)
