"""Jobs on a Dask distributed cluster: the same worker interface, past one machine.

Set ``PARAMLAB_DASK_SCHEDULER=tcp://HOST:PORT`` and every job runs on the cluster's
workers (``dask worker ... --nthreads 1``: one job at a time per process, as seeds are
process-wide) instead of local processes. The engine's queue stays in the server and
hands the cluster at most one job per worker thread, so priorities, single flight and
supersede work as they do locally. Progress travels back on a ``distributed.Queue``, a
cancel on a ``distributed.Event``; a job over its limit has its worker restarted by
the nanny, and a worker that dies fails its job (the scheduler must not retry it: run
it with ``DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=0``).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable

from distributed import Client, Event, KilledWorker, Queue
from distributed.diagnostics.plugin import WorkerPlugin

from components.core.results import CANCELLED, ERROR, TIMED_OUT, JobCancelled, TrainingTimedOut
from components.engine.worker_processes import LOST, WorkerEvents

CONNECT_TIMEOUT_S = 30
WATCH_EVERY_S = 2.0  # how often new workers are looked for


class _Setup(WorkerPlugin):
    """Runs the engine's initializer once per Dask worker (loads TensorFlow, warms up)."""

    name = "paramlab-setup"

    def __init__(self, initializer: Callable[[], None]) -> None:
        self.initializer = initializer

    def setup(self, worker) -> None:
        self.initializer()


def _run(fn: Callable, args: tuple, queue_name: str, job_id: int):
    """A job inside a Dask worker, with the same progress/cancel channel as locally."""
    channel = _DaskChannel(Queue(queue_name), Event(f"{queue_name}-cancel-{job_id}"), job_id)
    return fn(*args, progress=channel, cancel=channel)


class _DaskChannel:
    def __init__(self, queue, event, job_id: int) -> None:
        self._queue, self._event, self._job_id = queue, event, job_id

    def put(self, message) -> None:
        self._queue.put((self._job_id, message))

    def is_set(self) -> bool:
        return self._event.is_set()


class DaskWorkers:
    """The cluster's worker threads as slots; the same methods as ``LocalWorkers``."""

    def __init__(self, address: str, events: WorkerEvents, initializer: Callable[[], None]) -> None:
        self._events = events
        self._client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        self._client.register_plugin(_Setup(initializer))
        self._queue_name = f"paramlab-progress-{uuid.uuid4().hex}"
        self._progress = Queue(self._queue_name, client=self._client)
        self._futures: dict[int, object] = {}  # job id -> future
        self._slots = 0
        self._closed = threading.Event()
        threading.Thread(target=self._relay_progress, daemon=True).start()
        threading.Thread(target=self._watch_workers, daemon=True).start()

    def _watch_workers(self) -> None:
        """Every worker thread on the cluster is a slot; new workers add slots."""
        while not self._closed.is_set():
            workers = self._client.scheduler_info(n_workers=-1)["workers"].values()
            threads = sum(w["nthreads"] for w in workers)
            for slot in range(self._slots, threads):
                self._events.worker_ready(slot)
            self._slots = max(self._slots, threads)
            self._closed.wait(WATCH_EVERY_S)

    def _relay_progress(self) -> None:
        from distributed.utils import TimeoutError as DaskTimeout

        while not self._closed.is_set():
            try:
                job_id, message = self._progress.get(timeout=0.5)
            except (DaskTimeout, TimeoutError):
                continue
            except Exception:  # the client is closing
                if self._closed.is_set():
                    return
                continue
            self._events.job_progress(job_id, message)

    def start(self, slot: int, job_id: int, fn: Callable, args: tuple) -> bool:
        future = self._client.submit(
            _run, fn, args, self._queue_name, job_id, key=f"paramlab-{job_id}", pure=False
        )
        self._futures[job_id] = future
        future.add_done_callback(lambda done: self._finished(slot, job_id, done))
        return True

    def _finished(self, slot: int, job_id: int, future) -> None:
        self._futures.pop(job_id, None)
        try:
            result = future.result()
        except JobCancelled:
            self._events.job_failed(job_id, CANCELLED, "")
        except TrainingTimedOut:
            self._events.job_failed(job_id, TIMED_OUT, "")
        except Exception as error:
            lost = isinstance(error, KilledWorker) or future.cancelled()
            self._events.job_failed(job_id, LOST if lost else ERROR, _describe(error))
        else:
            self._events.job_done(job_id, result)
        if not self._closed.is_set():
            self._events.worker_ready(slot)

    def cancel(self, slot: int, job_id: int) -> None:
        Event(f"{self._queue_name}-cancel-{job_id}", client=self._client).set()

    def kill(self, slot: int, job_id: int) -> None:
        """Restart the one worker running ``job_id`` (its nanny starts a fresh process);
        the job is cancelled first, so the scheduler does not run it again elsewhere."""
        key = f"paramlab-{job_id}"
        running_on = [w for w, keys in self._client.processing().items() if key in keys]
        future = self._futures.get(job_id)
        if future is not None:
            future.cancel()
        if running_on:
            self._client.restart_workers(running_on, raise_for_error=False)

    def pids(self) -> list[int]:
        return list(self._client.run(os.getpid).values())

    def shutdown(self) -> None:
        self._closed.set()
        self._client.close()


def _describe(error: BaseException) -> str:
    from components.worker.jobs import describe

    return describe(error)
