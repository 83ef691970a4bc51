"""The engine on a real Dask cluster (LocalCluster, process workers, one thread each).

The same behaviours as with local worker processes: progress streams, single flight,
supersede by run, a job over its limit restarts only its own worker, a worker that
dies fails only its job. Stand-in jobs: no TensorFlow.
"""

from __future__ import annotations

import os
import signal

import dask
import distributed
import pytest

from components.engine.engine import Engine, EngineError, Requester
from components.engine.flights import JobKind
from tests import stand_in_jobs as jobs
from tests.test_scheduling import (
    assert_computed_once_for_four_sessions,
    in_thread,
    joined,
    read_lines,
    run,
    wait_until,
)

pytestmark = pytest.mark.slow  # a Dask cluster


@pytest.fixture(scope="module")
def cluster():
    # As the README runs `dask scheduler`: a job whose worker dies is not retried.
    with dask.config.set(
        {
            "distributed.scheduler.allowed-failures": 0,
            "distributed.scheduler.worker-saturation": 1.0,
        }
    ):
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        yield cluster
        cluster.close()


@pytest.fixture
def engine(cluster):
    engine = Engine(
        initializer=jobs.no_setup,
        dask_scheduler=cluster.scheduler_address,
        time_limit_s=30,
        measure_limit_s=1.0,
        hang_grace_s=0.0,
    )
    yield engine
    engine.shutdown()


def test_progress_streams_from_a_dask_worker(engine):
    seen = []
    result = run(engine, "p", jobs.steps, 5, 0.05, on_message=lambda m, final: seen.append(m))
    assert result["tag"] == "" and seen[-1] == (5, 5) and len(seen) >= 2


def test_the_same_key_is_computed_once_on_the_cluster(engine, tmp_path):
    assert_computed_once_for_four_sessions(engine, tmp_path)


def test_a_newer_run_supersedes_and_an_older_one_is_refused(engine):
    old = in_thread(lambda: run(engine, "a", jobs.steps, 100, 0.05, who=Requester("s", 1)))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    newer = run(engine, "b", jobs.steps, 1, 0.01, kind=JobKind.TRAIN, who=Requester("s", 3))
    joined(old)
    assert "superseded" in old["error"] and newer["tag"] == ""
    with pytest.raises(EngineError, match="superseded"):
        run(engine, "c", jobs.steps, 1, 0.01, who=Requester("s", 2))
    assert wait_until(lambda: engine.jobs_in_flight() == 0, 10)  # the cancel reached it


def test_a_diverged_training_names_its_epoch_and_the_next_job_runs(engine):
    with pytest.raises(EngineError, match="diverged at epoch 3"):
        run(engine, "nan", jobs.diverge, 3, kind=JobKind.TRAIN)
    assert run(engine, "after", jobs.steps, 1, 0.01)["tag"] == ""


def test_a_job_over_its_limit_restarts_only_its_own_worker(engine):
    assert wait_until(lambda: len(engine.worker_pids()) == 2)
    other = in_thread(
        lambda: run(engine, "other", jobs.steps, 15, 0.1, kind=JobKind.TRAIN, who=Requester("b"))
    )
    with pytest.raises(EngineError, match="took too long"):
        run(engine, "hung", jobs.hang, who=Requester("a"))
    joined(other)
    assert "result" in other
    assert wait_until(lambda: len(engine.worker_pids()) == 2)
    assert other["result"]["pid"] in engine.worker_pids()


def test_a_dask_worker_dying_mid_job_fails_that_job_and_the_next_works(engine):
    killed = []

    def kill_the_workers(message, final):
        if not killed:  # the nannies start fresh ones
            killed.extend(engine.worker_pids())
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    with pytest.raises(EngineError, match="stopped unexpectedly"):
        run(engine, "victim", jobs.steps, 50, 0.1, kind=JobKind.TRAIN, on_message=kill_the_workers)
    assert run(engine, "next", jobs.steps, 1, 0.01, kind=JobKind.TRAIN)["tag"] == ""


def paramlab_tasks(cluster) -> list[str]:
    """The keys of jobs the scheduler still holds (run, queued, or kept in memory)."""
    return [key for key in list(cluster.scheduler.tasks) if str(key).startswith("paramlab-")]


def test_more_jobs_than_worker_threads_each_hand_their_thread_back(engine, cluster, tmp_path):
    """Two worker threads, twelve jobs: a job done, or given up by everyone who asked, frees
    its thread for the next, and the cluster keeps nothing once no server wants a job."""
    log = tmp_path / "jobs.log"
    log.touch()
    held = [
        in_thread(
            lambda s=s: run(
                engine, f"held-{s}", jobs.until_cancelled, str(log), s, who=Requester(s, 1)
            )
        )
        for s in "ab"
    ]
    assert wait_until(lambda: sorted(read_lines(str(log))) == ["a", "b"])  # both threads busy
    # Each session moves on: its newer run's job needs the thread its older job holds.
    newer = [
        in_thread(lambda s=s: run(engine, f"new-{s}", jobs.steps, 1, 0.01, who=Requester(s, 2)))
        for s in "ab"
    ]
    joined(*held, *newer)
    assert ["superseded" in outcome.get("error", "") for outcome in held] == [True, True]
    assert [outcome["result"]["tag"] for outcome in newer] == ["", ""]
    assert sorted(read_lines(str(log))) == ["a", "a-stopped", "b", "b-stopped"]
    more = [
        in_thread(lambda i=i: run(engine, f"more-{i}", jobs.steps, 2, 0.02, who=Requester(f"m{i}")))
        for i in range(8)
    ]
    joined(*more)
    assert all(outcome["result"]["tag"] == "" for outcome in more)
    assert wait_until(lambda: engine.jobs_in_flight() == 0)
    assert wait_until(lambda: paramlab_tasks(cluster) == []), paramlab_tasks(cluster)
