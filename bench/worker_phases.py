"""Where a worker's CPU goes in a new default width's training, part by part.

    python -m bench.worker_phases [--trainings 30]

A process set up as the workers are (``jobs.init_worker``) trains new widths one after
another as a busy worker does (``jobs.run_training``, then the result pickled and the heap
trimmed, as ``jobs.serve`` sends it); each part of a job is timed in CPU seconds by a
wrapper around the function that does it. Medians over the trainings; the parts nest (the
program's call is inside ``fit``, ``fit`` inside ``train``), so they do not add up to
the job.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import threading
import time
from dataclasses import replace

PARTS = (  # (module, function, what it is), in a job's order
    ("training", "build_compiled", "the Keras model built and compiled"),
    ("optimizer", "build", "its optimizer's variables built"),
    ("training", "fit", "fit: the program's call, the weights read and written back"),
    ("program", "__call__", "  the program's call (100 epochs)"),
    ("serialization", "keras_file_content", "the .keras file saved and read"),
    ("jobs", "_forget_models", "Keras's session cleared, the collection"),
    ("training", "train", "train (all above but the save and the clearing)"),
    ("jobs", "run_training", "the job"),
)


class _Timed:
    """A traced program, its calls timed (the pace store keys on this object)."""

    def __init__(self, program, seconds: list[float]) -> None:
        self._program, self._seconds = program, seconds

    def __call__(self, *args):
        began = time.process_time()
        try:
            return self._program(*args)
        finally:
            self._seconds.append(time.process_time() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainings", type=int, default=30)
    args = parser.parse_args()

    import keras

    from components.core.spec import ModelSpec
    from components.core.split import dataset_split
    from components.core.worker_messages import JobDone
    from components.worker import jobs, serialization, training

    jobs.init_worker()  # TensorFlow set up and the default family traced, as in a worker
    pickled, trimmed = "the result pickled to send", "the heap trimmed after sending"
    seconds: dict[str, list[float]] = {label: [] for *_, label in PARTS}
    seconds[pickled], seconds[trimmed] = [], []
    modules = {"training": training, "serialization": serialization, "jobs": jobs}
    modules["optimizer"] = type(keras.optimizers.get("adam"))
    for module_name, name, label in PARTS:
        if module_name in modules:
            _time(modules[module_name], name, seconds[label])
    for key, program in list(training.PROGRAMS._programs.items()):
        training.PROGRAMS._programs[key] = _Timed(program, seconds[PARTS[3][2]])

    split = dataset_split("iris", 0)

    class NoProgress:
        def put(self, message) -> None:
            pass

    def job(width: int) -> None:
        spec = replace(ModelSpec(), widths=(width, 16))
        result = jobs.run_training(spec, split, 60, progress=NoProgress(), cancel=threading.Event())
        began = time.process_time()
        JobDone.of(0, result)
        seconds[pickled].append(time.process_time() - began)
        began = time.process_time()
        jobs._free_heap_back_to_the_system()
        seconds[trimmed].append(time.process_time() - began)

    for width in (30, 31, 32):  # untimed: the pace and the caches as a busy worker's
        job(width)
    for values in seconds.values():
        values.clear()
    for i in range(args.trainings):
        job(40 + i)  # a width this process never trained
    for label, values in seconds.items():
        print(f"{statistics.median(values) * 1000:7.2f} ms  {label}")


def _time(owner, name: str, seconds: list[float]) -> None:
    function = getattr(owner, name)

    @functools.wraps(function)
    def timed(*args, **kwargs):
        began = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds.append(time.process_time() - began)

    setattr(owner, name, timed)


if __name__ == "__main__":
    main()
