"""Every visitor's jobs in one queue: shared flights, priorities, supersede, deadlines.

A *flight* is one computation of one key (a training of a spec, a sweep, a report),
shared by every request for that key while it is queued or running: it is computed
once, and each waiter gets its progress, its result or the same error. A waiter that
leaves takes only itself away; the flight is cancelled when nobody waits for it.

Order: trainings before measurements, light jobs before heavy ones, then first come
first served. Each request carries its session's script-run number: a newer run's
request supersedes every request of the session's older runs (queued, they are
dropped; running, they stop at their next step unless another visitor waits for the
same key), and an older run's request that arrives late is refused, so the order of
arrival cannot undo the order of runs. So a session holds at most one job of a kind.

Server side only: no TensorFlow, no Streamlit. Workers are reached through a
``backend.WorkerBackend``:
``worker_processes.LocalWorkers`` has slots that this queue fills one job at a time;
``dask_workers.DaskWorkers`` takes every flight at once (``queues_jobs``), and the cluster
orders, deduplicates and runs them for every server that shares it. Backends call the
``worker_*`` and ``job_*`` methods here from their own threads.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from components.core.i18n import Note
from components.core.worker_messages import JobEnding

if TYPE_CHECKING:
    from components.engine.backend import WorkerBackend

log = logging.getLogger(__name__)


class JobKind(StrEnum):
    """What a flight computes, in priority order."""

    TRAIN = "train"
    SWEEP = "sweep"
    REPORT = "report"
    SHIP = "ship"  # TFLite and gzip at every width: ~20 s, only when a page asks

    @property
    def noun(self) -> str:
        """How messages to the user name a job of this kind."""
        return Note("engine.noun.training" if self is JobKind.TRAIN else "engine.noun.measurement")


_PRIORITY = {kind: rank for rank, kind in enumerate(JobKind)}
MONITOR_EVERY_S = 0.1
SESSIONS_KEPT = 10_000  # sessions whose newest run is remembered, most recent first

# A flight's key, and its result's in the caches and the store: the job's kind and its key.
FlightKey = tuple[JobKind, Hashable]


class EngineError(Exception):
    """A failure to show the user as it is: the message is written for them."""


@dataclass(frozen=True)
class Requester:
    """Who asks: a browser session and the number of its script run."""

    owner: str
    run: int = 0


@dataclass(frozen=True)
class JobRequest:
    """What a request asks computed: ``fn(*args)`` of ``kind`` for ``key`` (every request
    of the same kind and key shares one flight), light or heavy, in at most ``limit_s``
    once it runs."""

    kind: JobKind
    key: Hashable
    fn: Callable
    args: tuple
    limit_s: float
    heavy: bool = False

    @property
    def flight_key(self) -> FlightKey:
        """Its flight's key, and its result's in the caches and the store."""
        return (self.kind, self.key)


@dataclass(eq=False)
class Flight:
    key: FlightKey
    kind: JobKind
    fn: Callable
    args: tuple
    heavy: bool
    limit_s: float  # running time allowed, past which its worker is killed
    job_id: int
    waiters: list[Waiter] = field(default_factory=list)
    events: list = field(default_factory=list)  # progress so far, for late joiners
    slot: int | None = None
    submitted: bool = False  # handed to a backend that queues jobs itself
    started: float | None = None
    cancelled: bool = False
    finished: bool = False

    def rank(self) -> int:
        """0 first: trainings before measurements, light before heavy."""
        return 2 * _PRIORITY[self.kind] + self.heavy

    def order(self) -> tuple:
        return (self.rank(), self.job_id)


@dataclass(eq=False)
class Waiter:
    """One request's end of a flight: events arrive in ``inbox``."""

    requester: Requester
    flight: Flight
    queued_at: float = field(default_factory=time.monotonic)
    inbox: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)


# What a waiter's inbox holds besides progress messages.
@dataclass(frozen=True)
class Done:
    result: object


@dataclass(frozen=True)
class Failed:
    message: str


class Scheduler:
    """The queue, the running flights and the free workers; thread-safe."""

    def __init__(
        self,
        max_jobs: int,
        on_result: Callable[[FlightKey, object, bytes | None], None],  # the result, pickled
        failure_message: Callable[[Flight, JobEnding, str], str],
        grace_s: float = 10.0,
    ) -> None:
        self.max_jobs = max_jobs
        self._on_result = on_result
        self._failure_message = failure_message
        self._grace_s = grace_s
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._flights: dict[FlightKey, Flight] = {}  # open flights by key
        self._queue: list[Flight] = []  # waiting for a worker, in order
        self._running: dict[int, Flight] = {}  # by job id
        self._free: list[int] = []  # worker slots ready for a job
        self._sessions: OrderedDict[str, tuple[int, list[Waiter]]] = OrderedDict()
        self.start_error = ""  # why the last worker could not start, if it could not
        self.backend: WorkerBackend | None = None  # set once the workers exist
        self._stopped = threading.Event()
        threading.Thread(target=self._monitor, daemon=True).start()

    @property
    def _backend(self) -> WorkerBackend:
        """The workers, which exist before the engine takes its first request."""
        if self.backend is None:
            raise RuntimeError("The scheduler has no workers yet: set its backend first.")
        return self.backend

    # -- requests (the page's threads) -----------------------------------------------

    def request(self, job: JobRequest, requester: Requester) -> Waiter:
        with self._lock:
            run, older = self._sessions.get(requester.owner, (requester.run, []))
            if run > requester.run:
                raise EngineError(Note("engine.superseded"))
            kind = job.kind
            flight = self._flights.get(job.flight_key) or self._open(job)
            waiter = Waiter(requester, flight)
            flight.waiters.append(waiter)
            for message in flight.events:
                waiter.inbox.put(message)
            if run < requester.run:  # a newer run: its session's older requests give way
                mine, superseded = [waiter], older
            else:  # the same run: it holds one request of a kind
                mine = [w for w in older if w.flight.kind != kind] + [waiter]
                superseded = [w for w in older if w.flight.kind == kind]
            self._remember(requester, mine)
            for old in superseded:  # after joining: a shared flight keeps running
                self._leave(old, superseded=True)
            self._dispatch()
            return waiter

    def _open(self, job: JobRequest) -> Flight:
        """A new flight, queued in order; refused when the queue is full."""
        if len(self._queue) + len(self._running) >= self.max_jobs:
            raise EngineError(Note("engine.busy", jobs=self.max_jobs))
        key = job.flight_key
        flight = Flight(key, job.kind, job.fn, job.args, job.heavy, job.limit_s, next(self._ids))
        self._flights[key] = flight
        self._queue.append(flight)
        self._queue.sort(key=Flight.order)
        return flight

    def _remember(self, requester: Requester, mine: list[Waiter]) -> None:
        self._sessions[requester.owner] = (requester.run, mine)
        self._sessions.move_to_end(requester.owner)
        while len(self._sessions) > SESSIONS_KEPT:
            self._sessions.popitem(last=False)

    def leave(self, waiter: Waiter) -> None:
        """``waiter`` stops waiting; its flight is cancelled if nobody else waits."""
        with self._lock:
            self._leave(waiter, superseded=False)

    def _leave(self, waiter: Waiter, superseded: bool) -> None:
        flight = waiter.flight
        if waiter not in flight.waiters:
            return
        flight.waiters.remove(waiter)
        _, mine = self._sessions.get(waiter.requester.owner, (0, []))
        if waiter in mine:  # the session's newest run stays known: late older runs lose
            mine.remove(waiter)
        if superseded:
            waiter.inbox.put(Failed(Note("engine.job_superseded", noun=flight.kind.noun)))
        if flight.waiters:
            return
        if flight in self._queue:
            self._queue.remove(flight)
            self._close(flight)
            if flight.submitted:
                self._backend.cancel(flight.slot, flight.job_id)
        elif flight.started is not None and not (flight.cancelled or flight.finished):
            flight.cancelled = True
            self._close(flight)  # a new request starts afresh; this one stops at its next step
            self._backend.cancel(flight.slot, flight.job_id)
            if self._backend.queues_jobs:  # the cluster stops it once no server wants it
                self._finish(flight.job_id)

    def position(self, waiter: Waiter) -> int | None:
        """Jobs that start before ``waiter``'s (0: next); None once it runs. A backend that
        queues jobs counts them itself (every server's), once it knows."""
        with self._lock:
            flight = waiter.flight
            if flight not in self._queue:
                return None
            place = self._backend.place(flight.job_id) if flight.submitted else None
            return self._queue.index(flight) if place is None else place

    def jobs(self) -> int:
        """Flights queued or running (a cancelled one runs until its next step)."""
        with self._lock:
            return len(self._queue) + len(self._running)

    def _close(self, flight: Flight) -> None:
        if self._flights.get(flight.key) is flight:
            del self._flights[flight.key]

    # -- workers (the backend's threads) ----------------------------------------------

    def worker_ready(self, slot: int) -> None:
        with self._lock:
            self.start_error = ""
            if slot not in self._free:
                self._free.append(slot)
            self._dispatch()

    def worker_failed_to_start(self, slot: int, detail: str) -> None:
        with self._lock:
            self.start_error = detail

    def worker_gone(self, slot: int) -> None:
        """The slot's process ended; it is free again only once its successor is ready."""
        with self._lock:
            if slot in self._free:
                self._free.remove(slot)

    def job_started(self, job_id: int) -> None:
        """A flight the backend queued now runs: its time limit starts."""
        with self._lock:
            flight = next((f for f in self._queue if f.job_id == job_id), None)
            if flight is None:
                return
            self._queue.remove(flight)
            flight.started = time.monotonic()
            self._running[job_id] = flight

    def job_progress(self, job_id: int, message) -> None:
        with self._lock:
            if self._backend.queues_jobs:
                self.job_started(job_id)  # joined after its start was announced: it runs
            flight = self._running.get(job_id)
            if flight is None or flight.cancelled:
                return
            flight.events.append(message)
            for waiter in flight.waiters:
                waiter.inbox.put(message)

    def job_done(self, job_id: int, result, pickled: bytes | None = None) -> None:
        """``pickled``: the result as its worker pickled it, where the backend has that."""
        flight = self._finish(job_id)
        if flight is None:
            return
        try:
            self._on_result(flight.key, result, pickled)  # kept even if every waiter has left
        except Exception:  # a result that cannot be kept is still the waiters' answer
            log.exception("Could not keep the result of %r", flight.key)
        self._tell(flight, Done(result))

    def job_failed(self, job_id: int, ending: JobEnding, detail: str) -> None:
        flight = self._finish(job_id)
        if flight is not None:
            self._tell(flight, Failed(self._failure_message(flight, ending, detail)))

    def _finish(self, job_id: int) -> Flight | None:
        """The running flight of ``job_id``, closed; None if it was already given up."""
        with self._lock:
            flight = self._running.pop(job_id, None)
            if flight is None:  # a queued backend's flight may finish before it is seen start
                flight = next((f for f in self._queue if f.job_id == job_id), None)
                if flight is not None:
                    self._queue.remove(flight)
            if flight is not None:
                flight.finished = True
                self._close(flight)
            return flight

    def _tell(self, flight: Flight, outcome) -> None:
        with self._lock:
            for waiter in flight.waiters:
                waiter.inbox.put(outcome)

    def _dispatch(self) -> None:
        if self._backend.queues_jobs:  # queued there, and still here until it starts
            for flight in list(self._queue):  # a flight can fail at once, leaving the queue
                if not flight.submitted:
                    flight.submitted = True
                    self._backend.start(None, flight)
            return
        while self._free and self._queue:
            slot = self._free.pop(0)
            flight = self._queue[0]
            if not self._backend.start(slot, flight):
                continue  # that worker just died: the flight waits for the next one
            self._queue.pop(0)
            flight.slot, flight.started = slot, time.monotonic()
            self._running[flight.job_id] = flight

    def _monitor(self) -> None:
        """Kill the worker of a job past its limit: that worker only, nobody else's."""
        while not self._stopped.wait(MONITOR_EVERY_S):
            now = time.monotonic()
            with self._lock:
                late = [
                    f
                    for f in self._running.values()
                    if f.started is not None and now > f.started + f.limit_s + self._grace_s
                ]
                for flight in late:
                    self.job_failed(flight.job_id, JobEnding.TIMED_OUT, "")
                    self._backend.kill(flight.slot, flight.job_id)

    def stop(self) -> None:
        self._stopped.set()
