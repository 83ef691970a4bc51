"""Jobs on a Dask distributed cluster: every server's queue is the cluster's own.

Set ``PARAMLAB_DASK_SCHEDULER=tcp://HOST:PORT`` and jobs run on the cluster's workers
(``dask worker ... --nthreads 1``: one job at a time per process, as seeds are
process-wide) instead of local processes. Several servers (replicas behind a balancer)
can share one cluster, so the order and the single flight live there, not here:

- a job's task key is derived from what it computes (kind, key, job function, build),
  so the same model asked on two servers is one task, computed once for both;
- its Dask priority puts trainings before measurements and light before heavy, and
  each server hands every job over at once: the scheduler queues them in that order
  (it holds queued tasks back while ``worker-saturation`` is 1.0: one task per thread);
- a job nobody wants any more is released, and its worker stops it at its next step
  (``components.worker.dask_job``); progress is pushed as worker events;
- a waiting page is told how many jobs (every server's) start before its own: asked of
  the scheduler once a second while this server has jobs waiting.

A job over its limit has its worker restarted by the nanny, and a worker that dies fails
its job (the scheduler must not retry it: ``ALLOWED_FAILURES=0``; see the README). The
server starts without waiting for the scheduler: it connects in the background, and
while the scheduler cannot be reached, pages are told so at once and it keeps trying.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import queue
import threading
from collections.abc import Callable

from dask.task_spec import Task
from distributed import Client, Future, KilledWorker

from components.core.results import JobCancelled, TrainingDiverged, TrainingTimedOut
from components.core.worker_messages import JobEnding
from components.engine.backend import WorkerEvents
from components.engine.flights import Flight
from components.engine.store import build
from components.worker import dask_job

CONNECT_TIMEOUT_S = 30
RECONNECT_AFTER_S = (1.0, 2.0, 5.0, 10.0)  # after 1, 2, 3, 4+ failed attempts in a row
PLACES_EVERY_S = 1.0  # how often waiting jobs' places are asked of the scheduler
RETRIES_AFTER_UNWANTED = 2  # a job stopped as unwanted just as it was asked for again

log = logging.getLogger(__name__)


def task_key(flight: Flight) -> str:
    """The same on every server for the same job, and different for any other."""
    job = f"{flight.fn.__module__}.{flight.fn.__qualname__}"
    digest = hashlib.sha256(f"{build()}|{job}|{flight.key!r}".encode()).hexdigest()
    return f"paramlab-{flight.kind}-{digest[:32]}"


class DaskWorkers:
    """A Dask cluster as the queue's ``backend.WorkerBackend``: it queues and orders every
    job."""

    queues_jobs = True

    def __init__(self, address: str, events: WorkerEvents, initializer: Callable[[], None]) -> None:
        self._address, self._events, self._initializer = address, events, initializer
        self._lock = threading.Lock()
        self._client: Client | None = None  # once the scheduler has answered
        self._unreachable = False  # the last attempt to reach it failed
        self._pending: list[Flight] = []  # asked for before it answered
        self._jobs: dict[str, int] = {}  # task key -> this server's job id
        self._futures: dict[int, Future] = {}  # job id -> its future, until given up
        self._retries: dict[int, int] = {}
        self._waiting: set[int] = set()  # submitted, not seen start
        self._places: dict[int, int] = {}  # job id -> jobs ahead on the cluster
        self._closed = threading.Event()
        # Events arrive on the client's event loop; they are handled in a thread of their
        # own, so the loop never waits for the scheduler's lock.
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._connect, daemon=True, name="dask-connect").start()
        threading.Thread(target=self._relay_events, daemon=True, name="dask-events").start()
        threading.Thread(target=self._watch_places, daemon=True, name="dask-places").start()

    def _connect(self) -> None:
        """Reach the scheduler, trying again until it answers; then run what waited."""
        for attempt in itertools.count():
            try:
                client = Client(self._address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
                break
            except Exception as error:  # no scheduler there (yet): say so, try again
                log.error("Cannot reach the Dask scheduler at %s: %s", self._address, error)
                with self._lock:
                    self._unreachable = True
                    pending, self._pending = self._pending, []
                self._fail(pending)
                if self._closed.wait(RECONNECT_AFTER_S[min(attempt, len(RECONNECT_AFTER_S) - 1)]):
                    return
        try:
            client.register_plugin(dask_job.Setup(self._initializer))  # loads TensorFlow there
        except Exception as error:  # said with a queue timeout; a job says what it lacks
            log.error("The Dask workers' setup failed: %s", error)
            self._events.worker_failed_to_start(0, _describe(error))
        client.subscribe_topic(dask_job.PROGRESS_TOPIC, self._inbox.put)
        with self._lock:
            self._client, self._unreachable = client, False
            pending, self._pending = self._pending, []
        log.info("Jobs run on the Dask cluster at %s", self._address)
        for flight in pending:
            self._submit(client, flight)

    def _fail(self, flights: list[Flight]) -> None:
        for flight in flights:
            self._events.job_failed(flight.job_id, JobEnding.UNREACHABLE, self._address)

    def _relay_events(self) -> None:
        while (event := self._inbox.get()) is not None:
            _, (key, what, message) = event
            with self._lock:
                job_id = self._jobs.get(key)
            if job_id is None:  # another server's job, or one this server gave up
                continue
            self._started(job_id)
            if what == dask_job.STARTED:
                self._events.job_started(job_id)
            else:  # msgpack turned the job's tuples into lists
                self._events.job_progress(job_id, _tuples(message))

    def _started(self, job_id: int) -> None:
        with self._lock:
            self._waiting.discard(job_id)
            self._places.pop(job_id, None)

    def _watch_places(self) -> None:
        """While jobs of this server wait, ask the scheduler how many start before each:
        one small call a second, and none while nothing waits."""
        while not self._closed.wait(PLACES_EVERY_S):
            with self._lock:
                keys = {key: job for key, job in self._jobs.items() if job in self._waiting}
            if not keys or self._client is None:
                continue
            try:
                found = self._client.run_on_scheduler(dask_job.places, list(keys))
            except Exception as error:  # the page keeps this server's own count meanwhile
                log.info("Could not ask the scheduler for the queue: %s", error)
                continue
            with self._lock:
                for key, ahead in found.items():
                    if keys[key] in self._waiting:
                        self._places[keys[key]] = ahead

    def place(self, job_id: int) -> int | None:
        with self._lock:
            return self._places.get(job_id)

    def start(self, slot: int | None, flight: Flight) -> bool:
        """Hand ``flight`` to the cluster's queue (joined, if another server asked first);
        before the scheduler answers it waits here, or fails at once if it cannot be reached."""
        with self._lock:
            client, unreachable = self._client, self._unreachable
            if client is None and not unreachable:
                self._pending.append(flight)
        if client is None:
            if unreachable:
                self._fail([flight])
            return True
        self._submit(client, flight)
        return True

    def _submit(self, client: Client, flight: Flight) -> None:
        key = task_key(flight)
        graph = {key: Task(key, dask_job.run, flight.fn, flight.args, _data_producer=True)}
        # _data_producer: a root task, which the scheduler queues by priority rather
        # than sending every one to a worker at once. fifo_timeout 0: among equal
        # priorities, first asked first served.
        try:
            [future] = client.get(graph, [key], sync=False, priority=-flight.rank(), fifo_timeout=0)
        except Exception as error:  # the client gave up on a scheduler that went away
            log.error("Cannot send a job to the Dask scheduler at %s: %s", self._address, error)
            self._fail([flight])
            return
        with self._lock:
            self._jobs[key] = flight.job_id
            self._futures[flight.job_id] = future
            self._waiting.add(flight.job_id)
        future.add_done_callback(lambda done: self._finished(flight.job_id, key, done))

    def _finished(self, job_id: int, key: str, future: Future) -> None:
        with self._lock:
            if self._futures.get(job_id) is not future:
                return  # given up: cancelled or killed
        try:
            result = future.result()
        except JobCancelled:
            if self._retried(job_id, key, future):
                return
            self._events.job_failed(job_id, JobEnding.CANCELLED, "")
        except TrainingTimedOut:
            self._events.job_failed(job_id, JobEnding.TIMED_OUT, "")
        except TrainingDiverged as diverged:
            self._events.job_failed(job_id, JobEnding.DIVERGED, str(diverged.epoch))
        except Exception as error:
            lost = isinstance(error, KilledWorker) or future.cancelled()
            ending = JobEnding.LOST if lost else JobEnding.ERROR
            self._events.job_failed(job_id, ending, _describe(error))
        else:
            self._events.job_done(job_id, result)
        self._forget(job_id, key)

    def _retried(self, job_id: int, key: str, future: Future) -> bool:
        """A job stops once no server wants it; asked for again at that moment, it may
        already have stopped: run it again for whoever asked."""
        with self._lock:
            tries = self._retries[job_id] = self._retries.get(job_id, 0) + 1
        if tries > RETRIES_AFTER_UNWANTED:
            return False
        future.retry()
        future.add_done_callback(lambda done: self._finished(job_id, key, done))
        return True

    def _forget(self, job_id: int, key: str) -> Future | None:
        """This server no longer wants ``job_id``: its result may leave the cluster."""
        with self._lock:
            future = self._futures.pop(job_id, None)
            self._retries.pop(job_id, None)
            self._waiting.discard(job_id)
            self._places.pop(job_id, None)
            if self._jobs.get(key) == job_id:
                del self._jobs[key]
        if future is not None:
            future.release()  # not blocking: the loop sends it
        return future

    def _key_of(self, job_id: int) -> str | None:
        with self._lock:
            return next((key for key, job in self._jobs.items() if job == job_id), None)

    def cancel(self, slot: int | None, job_id: int) -> None:
        """Nobody here waits any more: released; it stops if no other server wants it."""
        with self._lock:
            self._pending = [flight for flight in self._pending if flight.job_id != job_id]
        key = self._key_of(job_id)
        if key is not None:
            self._forget(job_id, key)

    def kill(self, slot: int | None, job_id: int) -> None:
        """Restart the worker running ``job_id`` (its nanny starts a fresh process). In a
        thread: the page's threads must not wait for the cluster."""
        key = self._key_of(job_id)
        if key is None:
            return
        future = self._forget(job_id, key)
        client = self._client  # set: the job had a key, so it was submitted through it
        if client is None:
            return

        def restart() -> None:
            try:
                if future is not None:
                    client.cancel([future], force=True)  # not run again elsewhere
                running_on = [w for w, keys in client.processing().items() if key in keys]
                if running_on:
                    client.restart_workers(running_on, raise_for_error=False)
            except Exception as error:  # the cluster is going away: nothing left to stop
                log.warning("Could not restart the worker of a job over its limit: %s", error)

        threading.Thread(target=restart, daemon=True, name="dask-kill").start()

    def pids(self) -> list[int]:
        if self._client is None:
            return []
        return list(self._client.run(os.getpid).values())

    def shutdown(self) -> None:
        self._closed.set()
        self._inbox.put(None)
        if self._client is not None:
            self._client.close()


def _tuples(message):
    return tuple(message) if isinstance(message, list) else message


def _describe(error: BaseException) -> str:
    from components.worker.jobs import describe

    return describe(error)
