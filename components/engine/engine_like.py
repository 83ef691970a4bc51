"""What the page asks of an engine: the real ``engine.Engine``, or the page tests' stand-in
(``tests/fake_engine.py``). ``tests/test_engine_seams.py`` holds both to these signatures."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from components.core.file_report import FileReport
from components.core.results import SizePoint, TrainResult
from components.core.spec import ModelSpec
from components.engine.flights import Requester

ProgressCallback = Callable[[int, dict[str, list[float]]], None]  # epochs done, history so far
WaitCallback = Callable[[int], None]  # jobs that start before this one
StepCallback = Callable[[int, int], None]  # steps done, steps in all
IdleCallback = Callable[[], None]
# ``bell(ring)``: a context within which ``ring()`` is called when the waiting caller
# should look up (Streamlit: a newer run waits); it yields whether it will ring at all.
Bell = Callable[[Callable[[], None]], AbstractContextManager[bool]]


@runtime_checkable
class EngineLike(Protocol):
    def train(
        self,
        spec: ModelSpec,
        on_progress: ProgressCallback | None = None,
        on_wait: WaitCallback | None = None,
        requester: Requester | None = None,
        heavy: bool = False,
        on_idle: IdleCallback | None = None,
        bell: Bell | None = None,
    ) -> TrainResult:
        """Train ``spec`` (or find it trained); raises EngineError with a message for the page."""
        ...

    def sweep(
        self,
        spec: ModelSpec,
        on_step: StepCallback | None = None,
        requester: Requester | None = None,
    ) -> list[SizePoint]:
        """Real files for many widths of ``spec``'s shape."""
        ...

    def kept_sweep(self, spec: ModelSpec) -> list[SizePoint] | None:
        """``sweep(spec)``'s answer where it is kept (in memory or the store), else None;
        never queues or waits."""
        ...

    def ship(
        self,
        spec: ModelSpec,
        on_step: StepCallback | None = None,
        requester: Requester | None = None,
    ) -> list[SizePoint]:
        """TFLite and gzipped files of ``spec``'s shape at the sweep's widths."""
        ...

    def file_report(
        self,
        spec: ModelSpec,
        on_step: StepCallback | None = None,
        requester: Requester | None = None,
    ) -> FileReport:
        """``spec``'s model in every format, split into parts."""
        ...

    def warm(self, trainings: list[ModelSpec], sweeps: list[ModelSpec]) -> None:
        """Compute these in the background, before anyone asks."""
        ...

    def jobs_in_flight(self) -> int: ...

    def worker_pids(self) -> list[int]: ...

    def shutdown(self) -> None: ...
