"""What the server and a worker process say to each other over the worker's pipe.

Both ends import these: the server (``components.engine.worker_processes``) sends a ``Job``
and reads the rest; the worker (``components.worker.jobs``) reads a ``Job`` and sends the
rest. Plain frozen dataclasses, pickled by the pipe; no TensorFlow.

A worker sends ``WorkerReady`` (or ``WorkerInitFailed``) once it has started, then for each
``Job``: any number of ``JobProgress``, and last ``JobDone`` or ``JobFailed``. ``None``
instead of a job tells the worker to exit.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class JobEnding(StrEnum):
    """Why a job ended without a result: reported by a worker or its backend, and said to
    the page in words by the engine (``components.engine.failure_messages``)."""

    CANCELLED = "cancelled"  # nobody wanted it any more (superseded, or the page left)
    TIMED_OUT = "timed out"  # past its time limit
    ERROR = "error"  # the job raised
    LOST = "lost"  # its worker died under it
    DIVERGED = "diverged"  # its loss stopped being a finite number (detail: the epoch)
    UNREACHABLE = "unreachable"  # its backend cannot reach any worker


@dataclass(frozen=True)
class Job:
    """Run ``fn(*args, progress=..., cancel=...)``; ``job_id`` names it in every answer."""

    job_id: int
    fn: Callable
    args: tuple


@dataclass(frozen=True)
class WorkerReady:
    """The worker has loaded what it needs and waits for jobs."""

    pid: int


@dataclass(frozen=True)
class WorkerInitFailed:
    """The worker could not start (its initializer raised): why, in whole sentences."""

    detail: str


@dataclass(frozen=True)
class JobProgress:
    """What the job put on its progress channel: ``(epochs_done, new_rows)`` for a
    training, ``(steps_done, steps)`` for a measurement."""

    job_id: int
    message: tuple


@dataclass(frozen=True)
class JobDone:
    """The job's result, pickled once in the worker (``of``): the server unpickles it for
    the page and keeps these same bytes in its result store, and weighs its caches by them.
    Pickled again there, a class's trainings cost the thread that relays every job's
    messages ~4% of the server's CPU."""

    job_id: int
    pickled: bytes

    @classmethod
    def of(cls, job_id: int, result: object) -> JobDone:
        return cls(job_id, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    @property
    def result(self) -> object:
        return pickle.loads(self.pickled)


@dataclass(frozen=True)
class JobFailed:
    job_id: int
    ending: JobEnding
    detail: str = ""  # for ERROR: the error in whole sentences; for DIVERGED: the epoch


WorkerMessage = WorkerReady | WorkerInitFailed | JobProgress | JobDone | JobFailed
