"""How a job that ended without a result is told to the page: whole sentences, said in the
page's language (``Note``), never a traceback."""

from __future__ import annotations

from components.core.i18n import Note
from components.core.worker_messages import JobEnding
from components.engine.flights import Flight, JobKind


def failure_message(flight: Flight, ending: JobEnding, detail: str) -> str:
    """``detail``: the error's own words for ERROR, the scheduler's address for UNREACHABLE,
    the epoch for DIVERGED."""
    training = flight.kind == JobKind.TRAIN
    match ending:
        case JobEnding.TIMED_OUT if training:
            return Note("engine.train_timeout", limit=flight.limit_s)
        case JobEnding.TIMED_OUT:
            return Note("engine.measure_timeout")
        case JobEnding.LOST:
            what = Note("engine.what.training" if training else "engine.what.measuring")
            return Note("engine.lost", what=what)
        case JobEnding.CANCELLED:
            return Note("engine.cancelled", noun=flight.kind.noun)
        case JobEnding.DIVERGED:
            return Note("engine.diverged", epoch=detail)
        case JobEnding.UNREACHABLE:
            return Note("engine.unreachable", address=detail)
    return Note("engine.failed", noun=flight.kind.noun, detail=detail)


def queue_timeout_message(limit_s: float, start_error: str) -> str:
    """A request waited ``limit_s`` for a worker; ``start_error``: why the last worker
    could not start, if one could not."""
    why = Note("engine.worker_failed", reason=start_error) if start_error else ""
    return Note("engine.queue_timeout", seconds=limit_s, why=why)
