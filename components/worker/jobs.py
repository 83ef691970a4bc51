"""Code that runs inside a training worker process.

The server imports this module only to name these functions for the pool;
TensorFlow is imported inside them, so it loads in the worker alone.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import os
import pickle
import shutil
import tempfile
import time

from threadpoolctl import threadpool_limits

from components.core.error_text import readable_error
from components.core.results import JobCancelled, TrainingDiverged, TrainingTimedOut
from components.core.spec import ModelSpec
from components.core.split import Split, stand_in_split
from components.core.worker_messages import (
    Job,
    JobDone,
    JobEnding,
    JobFailed,
    JobProgress,
    WorkerInitFailed,
    WorkerMessage,
    WorkerReady,
)
from components.heap import freeze_long_lived_heap
from components.private_hooks import (
    import_tensorflow,
    kernel_cache_kept,
    log_status,
    run_eager_ops_as_functions,
)

TEMP_PREFIX = "paramlab-worker-"


def init_worker() -> None:
    """Load TensorFlow once per worker and pay first-call costs before a user waits."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # oneDNN's own pool (allocator "mklcpu") keeps the high-water mark of every large
    # tensor for the worker's life: ~60-100 MB more after one 6 x 512 training, never
    # given back. The system allocator frees them and _forget_models hands the pages back;
    # two malloc arenas, not one per thread, keep its free pages from scattering. After
    # ten kinds of model a worker holds ~390 MB (USS) against ~450 with the pool, and a
    # 6 x 512's peak stays about the same (bench/memory_worker.py).
    os.environ.setdefault("TF_ONEDNN_USE_SYSTEM_ALLOCATOR", "1")
    _limit_malloc_arenas(2)
    # numpy's BLAS (the predictions of the train and test rows) on this thread alone:
    # OpenBLAS's pool threads spin after every call, and that spinning was ~40% of a
    # default training's CPU (bench/bench_worker_cpu.py).
    threadpool_limits(1, user_api="blas")
    use_own_temp_dir()
    configure_tensorflow()
    from components.worker.training import train

    # Traces the default model's family, so its first link is fast.
    train(ModelSpec(epochs=1), split=stand_in_split())
    _forget_models()
    log_status()  # one line: which private-API hooks hold in this TensorFlow and Keras
    # Move TensorFlow's own millions of objects out of the collector's sight, so the
    # collection after each training takes milliseconds rather than a quarter second.
    freeze_long_lived_heap()


def _limit_malloc_arenas(count: int) -> None:
    """glibc's ``mallopt(M_ARENA_MAX, count)``, before TensorFlow starts its threads."""
    m_arena_max = -8
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(m_arena_max, count)


def configure_tensorflow() -> None:
    """TensorFlow as every worker runs it (benchmarks use it too, to compare like with like)."""
    tf = import_tensorflow()

    # One thread per op: ops of models this small lose more handing work between threads
    # than they gain (the seed's 100 epochs: ~0.22 s on 2 threads, ~0.17 s on one with
    # the next choice, and 512/256/128 gains too), and two workers on two cores no longer
    # fight over them. One thread also fixes every op's order of arithmetic, so the same
    # spec and seed give bit-identical numbers in any worker (tested) without op
    # determinism, whose composite sparse cross-entropy cost ~15% of every step. Threads
    # can be set only before TensorFlow starts its runtime: a process that started it
    # already (a test session) gets op determinism instead.
    # One thread runs the ops of a program, too: a step's ops depend on one another, and
    # handing each to a pool thread cost ~15% more CPU a training for the same time.
    try:
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:
        tf.config.experimental.enable_op_determinism()
    # Grappler's graph rewrites cost more on first run than they save on models this small.
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    # Ops on their kernels, not one-op functions: a third of a sweep's model building
    # (private API: see components/private_hooks/tensorflow_runtime.py).
    run_eager_ops_as_functions(False)


def use_own_temp_dir() -> None:
    """Keep this worker's temp files in a folder of its own; remove killed workers' folders.

    TensorFlow writes the source autograph generates for every trace to a temp file and
    deletes it at exit, and a half-written save leaves files too: a killed worker exits
    without either cleanup, so the next worker does it.
    """
    root = tempfile.gettempdir()
    for name in os.listdir(root):
        pid = name.removeprefix(TEMP_PREFIX)
        if name.startswith(TEMP_PREFIX) and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
    own = os.path.join(root, f"{TEMP_PREFIX}{os.getpid()}")
    os.makedirs(own, exist_ok=True)
    tempfile.tempdir = own
    atexit.register(shutil.rmtree, own, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process, alive
    return True


def _forget_models() -> None:
    import keras

    with kernel_cache_kept():  # the training programs stay instantiated for the next job
        keras.backend.clear_session(free_memory=False)  # it would collect too: once is enough
    gc.collect()
    freeze_long_lived_heap()  # the modules a job imported (the first save's) walked no more
    _free_heap_back_to_the_system()


def _free_heap_back_to_the_system() -> None:
    """Saving and converting models (SavedModel, TFLite) and pickling a result to send it
    leave tens of MB of free but still-mapped heap behind: glibc's ``malloc_trim``."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def run_training(spec: ModelSpec, split: Split, time_limit: float, *, progress, cancel):
    """Train ``spec`` on ``split`` (its dataset split for its seed, made by the server),
    streaming ``(epochs_done, new_rows)`` into ``progress``.

    ``progress.put(message)`` and ``cancel.is_set()`` are the job's channel to the server.
    """
    from components.worker.serialization import keras_file_content
    from components.worker.training import train

    if cancel.is_set():
        raise JobCancelled()
    try:
        model, result = train(
            spec,
            on_new_rows=lambda done, rows: progress.put((done, rows)),
            should_stop=cancel.is_set,
            deadline=time.monotonic() + time_limit,
            split=split,
        )
        result.model_file = keras_file_content(model)
        return result
    finally:
        _forget_models()


def run_sweep(spec: ModelSpec, *, progress, cancel):
    """The bytes sweep for ``spec``'s shape, ``(widths_done, widths)`` into ``progress``."""
    from components.core.sweep_plan import sweep_widths
    from components.worker.serialization import sweep

    try:
        return sweep(spec, _stepper(progress, cancel, len(sweep_widths(len(spec.widths)))))
    finally:
        _forget_models()


def run_file_report(spec: ModelSpec, *, progress, cancel):
    """Every format, optimizer and number format of ``spec``'s model, measured."""
    from components.worker.measure_files import FILE_REPORT_STEPS, file_report

    try:
        return file_report(spec, _stepper(progress, cancel, FILE_REPORT_STEPS))
    finally:
        _forget_models()


def run_ship(spec: ModelSpec, *, progress, cancel):
    """The bytes people ship for ``spec``'s shape (TFLite, gzip), ``(widths_done, widths)``."""
    from components.core.sweep_plan import sweep_widths
    from components.worker.ship_files import ship_sweep

    try:
        return ship_sweep(spec, _stepper(progress, cancel, len(sweep_widths(len(spec.widths)))))
    finally:
        _forget_models()


def _stepper(progress, cancel, total: int):
    """An ``on_step`` that reports ``(done, total)`` and stops the job once cancelled.

    Checked before the first step too: a job cancelled while it waited never starts work.
    """
    if cancel.is_set():
        raise JobCancelled()
    done = 0

    def on_step() -> None:
        nonlocal done
        if cancel.is_set():
            raise JobCancelled()
        done += 1
        progress.put((done, total))

    return on_step


def serve(conn, cancelled, initializer=init_worker) -> None:
    """A worker process's life: start up, then run jobs sent over ``conn`` one at a time.

    Says ``WorkerReady`` (or ``WorkerInitFailed``) once, then runs each ``Job`` it receives
    (``None`` ends the process), answering ``JobProgress`` messages and last ``JobDone`` or
    ``JobFailed`` (``components.core.worker_messages``). The server cancels job ``n`` by
    setting the shared integer ``cancelled`` to ``n``.
    """
    with contextlib.suppress(BrokenPipeError, ConnectionResetError, EOFError):
        _serve(conn, cancelled, initializer)  # until the server is gone or says stop


def _serve(conn, cancelled, initializer) -> None:
    try:
        initializer()
    except BaseException as error:  # reported to the page, not lost in a log
        conn.send(WorkerInitFailed(describe(error)))
        return
    conn.send(WorkerReady(os.getpid()))
    while (job := conn.recv()) is not None:
        outcome = _outcome(job, _Channel(conn, cancelled, job.job_id))
        try:
            conn.send(outcome)
        except (pickle.PicklingError, TypeError, AttributeError) as error:  # unsendable result
            conn.send(JobFailed(job.job_id, JobEnding.ERROR, describe(error)))
        # The result and its pickle (~16 MB for a 6 x 512) are freed only now, once sent,
        # while the worker waits for its next job.
        del outcome
        _free_heap_back_to_the_system()


def _outcome(job: Job, channel) -> WorkerMessage:
    try:
        result = job.fn(*job.args, progress=channel, cancel=channel)
    except JobCancelled:
        return JobFailed(job.job_id, JobEnding.CANCELLED)
    except TrainingTimedOut:
        return JobFailed(job.job_id, JobEnding.TIMED_OUT)
    except TrainingDiverged as diverged:
        return JobFailed(job.job_id, JobEnding.DIVERGED, str(diverged.epoch))
    except Exception as error:
        return JobFailed(job.job_id, JobEnding.ERROR, describe(error))
    try:
        return JobDone.of(job.job_id, result)
    except (pickle.PicklingError, TypeError, AttributeError) as error:  # unsendable result
        return JobFailed(job.job_id, JobEnding.ERROR, describe(error))


class _Channel:
    """A job's progress sink and cancel flag, over the worker's pipe."""

    def __init__(self, conn, cancelled, job_id: int) -> None:
        self._conn, self._cancelled, self._job_id = conn, cancelled, job_id

    def put(self, message) -> None:
        self._conn.send(JobProgress(self._job_id, message))

    def is_set(self) -> bool:
        return self._cancelled.value == self._job_id


def describe(error: BaseException) -> str:
    """For the page: the error's type and what failed in whole sentences, no traceback."""
    return readable_error(type(error).__name__, str(error))
