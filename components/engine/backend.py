"""The seam between the queue (``flights.Scheduler``) and the workers that run its flights.

Two backends implement ``WorkerBackend``: ``worker_processes.LocalWorkers`` (processes this
server owns, with slots the queue fills one job at a time) and ``dask_workers.DaskWorkers``
(a Dask cluster, which queues, orders and deduplicates every server's jobs itself). A
backend tells the queue what happens through ``WorkerEvents``, from its own threads.
``tests/test_engine_seams.py`` holds both backends to these signatures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from components.core.worker_messages import JobEnding

if TYPE_CHECKING:
    from components.engine.flights import Flight


@runtime_checkable
class WorkerBackend(Protocol):
    """Where flights run. ``queues_jobs`` False: ``start`` runs a flight in a free slot
    the backend announced (``worker_ready``); True: every flight is started at once
    (slot None), the backend queues it and reports ``job_started`` when it runs."""

    queues_jobs: bool

    def start(self, slot: int | None, flight: Flight) -> bool:
        """Run ``flight`` (in ``slot``); False if that slot's worker is gone."""
        ...

    def cancel(self, slot: int | None, job_id: int) -> None:
        """Nobody waits for ``job_id`` any more: stop it at its next step."""
        ...

    def kill(self, slot: int | None, job_id: int) -> None:
        """``job_id`` ran past its limit: stop its worker now (it is replaced)."""
        ...

    def place(self, job_id: int) -> int | None:
        """Jobs that start before ``job_id``; None: the queue's own count is the place."""
        ...

    def pids(self) -> list[int]: ...

    def shutdown(self) -> None: ...


@runtime_checkable
class WorkerEvents(Protocol):
    """What a backend tells the queue; called from the backend's own threads."""

    def worker_ready(self, slot: int) -> None: ...
    def worker_failed_to_start(self, slot: int, detail: str) -> None: ...
    def worker_gone(self, slot: int) -> None: ...
    def job_started(self, job_id: int) -> None: ...
    def job_progress(self, job_id: int, message) -> None: ...
    def job_done(self, job_id: int, result, pickled: bytes | None = None) -> None: ...
    def job_failed(self, job_id: int, ending: JobEnding, detail: str) -> None: ...
