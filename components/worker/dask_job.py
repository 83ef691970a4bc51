"""A job inside a Dask worker: its progress pushed as worker events, stopped once unwanted.
And the scheduler's count of the jobs queued before it (``places``).

The job runs under a task key every server derives from the job (``dask_workers``), so
the cluster computes it once for all of them. Its progress goes out as events on one
topic that every server subscribes to (pushed, no polling). It stops at its next step
once no server wants its result any more: Dask then releases the key, and the worker
marks the running task cancelled. Releasing is Dask's own count of who waits, so one
server giving up never stops a job another server still waits for.

A ``dask scheduler`` deserializes every task, so this module and the job's own must be
importable there too (the README starts it with the checkout on ``PYTHONPATH``).
"""

from __future__ import annotations

from collections.abc import Callable

from dask.typing import Key
from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

PROGRESS_TOPIC = "paramlab-progress"
STARTED = "started"
PROGRESS = "progress"
UNWANTED = frozenset({"cancelled", "released", "forgotten"})  # task states nobody waits on

_initialized: set[str] = set()  # initializers this worker process has run


def run(fn: Callable, args: tuple):
    """``fn(*args, progress=..., cancel=...)`` on this worker, announced as started."""
    worker = get_worker()
    channel = _EventChannel(worker, worker.get_current_task())
    channel.send(STARTED, None)
    return fn(*args, progress=channel, cancel=channel)


class _EventChannel:
    """The job's ``progress.put`` and ``cancel.is_set``, as a local worker's channel."""

    def __init__(self, worker, key: Key) -> None:
        self._worker, self._key = worker, key

    def send(self, what: str, message) -> None:
        self._worker.log_event(PROGRESS_TOPIC, [self._key, what, message])

    def put(self, message) -> None:
        self.send(PROGRESS, message)

    def is_set(self) -> bool:
        task = self._worker.state.tasks.get(self._key)
        return task is None or task.state in UNWANTED


class Setup(WorkerPlugin):
    """Runs a server's worker initializer (load TensorFlow, warm up) once per worker
    process: another server registering the same plugin does not run it again."""

    name = "paramlab-setup"

    def __init__(self, initializer: Callable[[], None]) -> None:
        self.initializer = initializer

    def setup(self, worker) -> None:
        name = f"{self.initializer.__module__}.{self.initializer.__qualname__}"
        if name not in _initialized:
            self.initializer()
            _initialized.add(name)


def places(keys: list[str], dask_scheduler=None) -> dict[str, int]:
    """Run on the scheduler: for each of ``keys`` still waiting, how many tasks start
    before it (every server's: the scheduler's queue in priority order; 0 once it has been
    sent to a worker)."""
    queue = sorted(dask_scheduler.queued, key=lambda task: task.priority)
    ahead = {task.key: number for number, task in enumerate(queue)}
    found = {}
    for key in keys:
        task = dask_scheduler.tasks.get(key)
        if task is None:
            continue
        if task.state == "queued":
            found[key] = ahead[key]
        elif task.state == "processing":
            found[key] = 0
        else:  # not yet queued (waiting on nothing, or on a worker to join)
            found[key] = len(queue)
    return found
