"""Jobs that stand in for training and measuring in engine tests: no TensorFlow, fast.

They run in real worker processes, with the same ``progress``/``cancel`` channel.
"""

from __future__ import annotations

import os
import time

from components.core.results import JobCancelled, TrainingDiverged


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


def diverge(epoch: int, *, progress, cancel) -> None:
    """A training whose loss stops being finite at ``epoch``, as the fast trainer reports it."""
    raise TrainingDiverged(epoch)


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


# Messages as TensorFlow wraps them: a sentence runs on over the line break.
WRAPPED_NAN = (
    "The loss became NaN: the learning rate is too high for this model. This frequently\n"
    "happens with a learning rate above 1.0 and no BatchNorm"
)


def tensorflow_error(kind: str, *, progress, cancel) -> None:
    """Raise a real multi-line TensorFlow error, as a failing training would."""
    import tensorflow as tf

    if kind == "graph":  # "Graph execution error:", "Detected at node ...", File lines
        tf.function(lambda x: tf.debugging.check_numerics(x / 0.0 * 0.0, WRAPPED_NAN))(tf.ones([3]))
    if kind == "autograph":  # "in user code:", the source, the real error indented below

        @tf.function
        def product(a, b):
            return tf.matmul(a, b)

        product(tf.ones([2, 3]), tf.ones([4, 5]))
    raise AssertionError(f"no TensorFlow error of kind {kind!r}")


_HELD: list[bytearray] = []


def hold(megabytes: int, *, progress, cancel) -> int:
    """Keep ``megabytes`` of heap in this worker for its life (written, so resident);
    return its pid."""
    _HELD.append(bytearray(b"\1" * (megabytes * 1024 * 1024)))
    return os.getpid()


def sized(path: str, tag: str, megabytes: float, *, progress, cancel) -> bytes:
    """Log ``tag`` to ``path`` (to count runs) and return ``megabytes`` of result."""
    with open(path, "a") as log:
        log.write(tag + "\n")
    return b"\1" * int(megabytes * 1024 * 1024)
