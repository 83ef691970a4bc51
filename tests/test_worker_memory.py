"""What a training worker keeps: bounded, so one user trying many kinds of model cannot
grow it into a small host's out-of-memory killer (bench/memory_worker.py measures it)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from components.core.spec import ModelSpec
from components.engine import host
from components.engine.engine import Engine, Requester
from components.engine.flights import JobKind
from tests import stand_in_jobs

MB = 1024 * 1024


def test_heap_bytes_counts_anonymous_memory_not_libraries():
    before = host.heap_bytes(os.getpid())
    block = bytearray(b"\1" * (64 * MB))
    after = host.heap_bytes(os.getpid())
    assert before is not None and after is not None
    assert 60 * MB <= after - before <= 80 * MB
    del block
    assert host.heap_bytes(2**22 + 12345) is None  # no such process


def test_heap_bytes_is_the_anonymous_memory_the_kernel_counts_in_smaps():
    """The running counter read (``status``) is the figure the page walk (``smaps_rollup``)
    gives, so the worker budget measured with the latter still holds."""
    block = bytearray(b"\1" * (32 * MB))  # something of our own to count
    counted = host.heap_bytes(os.getpid())
    rollup = (Path("/proc") / str(os.getpid()) / "smaps_rollup").read_text().splitlines()
    walked = next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Anonymous:"))
    assert counted is not None and abs(counted - walked) <= 2 * MB
    del block


def run_job(engine: Engine, key: str, fn, *args):
    return engine.run(JobKind.REPORT, key, fn, args, Requester(key), lambda *_: None)


def test_a_worker_over_its_heap_budget_is_replaced_after_its_job():
    engine = Engine(workers=1, initializer=stand_in_jobs.no_setup, worker_heap_bytes=200 * MB)
    try:
        first = run_job(engine, "small", stand_in_jobs.hold, 20)
        assert run_job(engine, "small again", stand_in_jobs.hold, 20) == first  # kept
        assert run_job(engine, "big", stand_in_jobs.hold, 300) == first  # the job finishes
        replacement = run_job(engine, "after", stand_in_jobs.hold, 1)
        assert replacement != first  # then its worker was retired, a fresh one took over
    finally:
        engine.shutdown()


@pytest.mark.slow  # TensorFlow in this process
def test_the_worker_keeps_programs_for_a_few_recent_families_only():
    from components.worker.family_program import PROGRAMS_KEPT
    from components.worker.training import PROGRAMS, train

    families = [ModelSpec(widths=(4,) * depth, epochs=1) for depth in range(1, 6)]
    for spec in families:
        train(spec)
    assert len(PROGRAMS._programs) == PROGRAMS_KEPT < len(families)
    traces = PROGRAMS.traces
    train(replace(families[-1], widths=(9,) * 5))  # a new width in the latest family
    assert PROGRAMS.traces == traces  # still traced: as fast as ever
    train(families[0])  # the oldest was let go, so it traces again
    assert PROGRAMS.traces == traces + 1


@pytest.mark.slow  # real TensorFlow workers
def test_a_wide_training_gives_its_memory_back_to_the_worker():
    """oneDNN's own allocator kept the high-water mark of a 6 x 512's tensors (~100 MB)
    for the worker's life; the worker runs on the system allocator, which frees them."""
    engine = Engine(workers=1, time_limit_s=300)
    try:
        for warm in ((512, 512), (8,) * 6):  # both families traced: programs held already
            engine.train(ModelSpec(widths=warm, dropout=0.0, epochs=2))
        (pid,) = engine.worker_pids()
        before = host.heap_bytes(pid)
        engine.train(ModelSpec(widths=(512,) * 6, dropout=0.0, epochs=2))
        engine.train(ModelSpec(widths=(512, 512), dropout=0.0, epochs=3))
        after = host.heap_bytes(pid)
        assert engine.worker_pids() == [pid]
    finally:
        engine.shutdown()
    assert after - before < 30 * MB, f"the worker kept {(after - before) / MB:.0f} MB"
