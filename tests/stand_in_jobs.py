"""Jobs that stand in for training and measuring in engine tests: no TensorFlow, fast.

They run in real worker processes, with the same ``progress``/``cancel`` channel.
"""

from __future__ import annotations

import os
import time

from components.core.results import JobCancelled


def no_setup() -> None:
    """A worker initializer that loads nothing."""


def failing_setup() -> None:
    raise RuntimeError("no TensorFlow on this host")


def steps(count: int, seconds_each: float, tag: str = "", *, progress, cancel) -> dict:
    """``count`` steps of ``seconds_each``, reporting ``(done, count)``; stops on cancel."""
    for done in range(1, count + 1):
        if cancel.is_set():
            raise JobCancelled()
        time.sleep(seconds_each)
        progress.put((done, count))
    return {"pid": os.getpid(), "tag": tag, "finished": time.monotonic()}


def logged(path: str, seconds: float, tag: str, *, progress, cancel) -> str:
    """Append ``tag`` to ``path`` when it starts (to count and order runs), report, work."""
    with open(path, "a") as log:
        log.write(tag + "\n")
    progress.put((0, 1))
    time.sleep(seconds)
    return tag


def hang(*, progress, cancel) -> None:
    """Never returns and ignores cancel: only killing its worker stops it."""
    while True:
        time.sleep(1)


def fail(message: str, *, progress, cancel) -> None:
    raise ValueError(message)


def loaded(names: tuple[str, ...], *, progress, cancel) -> list[str]:
    """Which of these modules the worker running this job has imported."""
    import sys

    return [name for name in names if name in sys.modules]


def steps_showing_pid(count: int, seconds_each: float, *, progress, cancel) -> int:
    """Like ``steps``, each report ``(done, count, pid)``: which worker to kill mid-job."""
    for done in range(1, count + 1):
        if cancel.is_set():
            raise JobCancelled()
        progress.put((done, count, os.getpid()))
        time.sleep(seconds_each)
    return os.getpid()


def until_cancelled(path: str, tag: str, *, progress, cancel) -> None:
    """Logs ``tag`` when it starts, works in short steps, and logs ``tag stopped`` when
    cancelled (at most a minute): whether a job nobody wants stops on its worker."""
    with open(path, "a") as log:
        log.write(f"{tag}\n")
    progress.put((0, 1))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if cancel.is_set():
            with open(path, "a") as log:
                log.write(f"{tag}-stopped\n")
            raise JobCancelled()
        time.sleep(0.05)
