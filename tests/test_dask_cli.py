"""The engine on a Dask cluster started as the README says: `dask scheduler` and `dask worker`
from the command line, in fresh shells from the checkout (``tests/readme_cluster.py`` reads
the commands from README.md). An in-process ``LocalCluster`` hid that a scheduler started
without the project could not deserialize a single job, and that polling progress logged a
traceback at ERROR twice a second.

Stand-in jobs where TensorFlow is not the point, and one real training.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from bench.live_app import free_port
from components.core.results import SHIP_SERIES
from components.core.spec import ModelSpec
from components.core.sweep_plan import sweep_widths
from components.engine import dask_workers
from components.engine.engine import Engine, EngineError, Requester
from components.engine.flights import JobKind
from tests import stand_in_jobs as jobs
from tests.readme_cluster import error_lines, readme_cluster
from tests.test_scheduling import in_thread, joined, read_lines, run, wait_until

pytestmark = pytest.mark.slow  # real Dask processes, and TensorFlow in one of them

IDLE_S = 4.0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with readme_cluster(tmp_path_factory.mktemp("dask-cli")) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def engine(cluster):
    engine = Engine(
        initializer=jobs.no_setup,
        dask_scheduler=cluster.address,
        time_limit_s=30,
        measure_limit_s=30,
        hang_grace_s=0.0,
    )
    yield engine
    engine.shutdown()


def test_jobs_run_with_progress_on_the_readme_cluster(engine, cluster):
    seen = []
    result = run(engine, "p", jobs.steps, 5, 0.05, on_message=lambda m, final: seen.append(m))
    assert result["tag"] == "" and seen[-1] == (5, 5)
    assert not any("deserializ" in line for line in cluster.log_lines())


def test_a_real_training_on_the_readme_cluster(engine):
    epochs = []
    result = engine.train(ModelSpec(epochs=30), on_progress=lambda done, _: epochs.append(done))
    assert len(result.history["loss"]) == 30 and epochs[-1] == 30
    assert result.test_accuracy > 0.6 and result.model_file


def test_the_ship_job_converts_on_the_readme_cluster_with_progress(cluster):
    """TFLite conversions and gzip in `dask worker` processes: the job's files and steps."""
    engine = Engine(initializer=jobs.no_setup, dask_scheduler=cluster.address)
    steps = []
    try:
        points = engine.ship(ModelSpec(widths=(8,)), on_step=lambda *step: steps.append(step))
    finally:
        engine.shutdown()
    widths = sweep_widths(1)
    assert steps[-1] == (len(widths), len(widths))
    assert sorted((p.series, p.widths) for p in points) == sorted(
        (series, w) for series in SHIP_SERIES for w in widths
    )


def test_an_idle_cluster_logs_nothing_at_error(engine, cluster):
    before = len(cluster.log_lines())
    time.sleep(IDLE_S)  # the engine connected and subscribed, nothing asked
    idle = cluster.log_lines()[before:]
    assert error_lines(idle) == []
    assert error_lines(cluster.log_lines()) == []  # nor while the jobs above ran


def test_a_job_nobody_wants_any_more_stops_on_its_worker(engine, tmp_path):
    log = str(tmp_path / "runs.log")
    old = in_thread(
        lambda: run(engine, "long", jobs.until_cancelled, log, "long", who=Requester("s", 1))
    )
    assert wait_until(lambda: os.path.exists(log) and read_lines(log) == ["long"], 30)
    newer = run(engine, "b", jobs.steps, 1, 0.01, kind=JobKind.TRAIN, who=Requester("s", 2))
    joined(old)
    assert "superseded" in old["error"] and newer["tag"] == ""
    assert wait_until(lambda: read_lines(log) == ["long", "long-stopped"], 10)


def test_a_worker_killed_mid_job_gives_a_clear_message_and_the_next_job_works(engine):
    killed = []

    def kill_its_worker(message, final):
        if not killed:
            killed.append(message[2])
            os.kill(message[2], signal.SIGKILL)

    with pytest.raises(EngineError, match="stopped unexpectedly"):
        run(engine, "victim", jobs.steps_showing_pid, 50, 0.1, on_message=kill_its_worker)
    assert killed
    assert run(engine, "next", jobs.steps, 1, 0.01, kind=JobKind.TRAIN)["tag"] == ""
    assert wait_until(lambda: len(engine.worker_pids()) == 2, 60)  # its nanny started a new one
    assert killed[0] not in engine.worker_pids()


@pytest.fixture(scope="module")
def other_server(cluster):
    """A second engine on the same cluster, as a second replica of the app has."""
    engine = Engine(initializer=jobs.no_setup, dask_scheduler=cluster.address, hang_grace_s=0.0)
    yield engine
    engine.shutdown()


def test_two_servers_asking_the_same_key_at_once_compute_it_once(engine, other_server, tmp_path):
    log = str(tmp_path / "runs.log")
    outcomes = [
        in_thread(lambda e=e, i=i: run(e, "k", jobs.logged, log, 1.0, "k", who=Requester(f"s{i}")))
        for i, e in enumerate([engine, other_server, engine, other_server])
    ]
    joined(*outcomes)
    assert [o.get("result") for o in outcomes] == ["k"] * 4
    assert read_lines(log) == ["k"]


def test_one_server_giving_up_does_not_stop_the_job_the_other_waits_for(engine, other_server):
    def leave(message, final):
        raise KeyboardInterrupt("this page moved on")  # how Streamlit stops a run

    stays = in_thread(lambda: run(other_server, "shared", jobs.steps, 10, 0.1, "whole"))
    assert wait_until(lambda: other_server.jobs_in_flight() == 1)
    with pytest.raises(KeyboardInterrupt):
        run(engine, "shared", jobs.steps, 10, 0.1, "whole", on_message=leave)
    joined(stays)
    assert stays["result"]["tag"] == "whole"


def test_priorities_hold_across_two_servers(engine, other_server, tmp_path):
    log = str(tmp_path / "order.log")

    def ask(server, kind, tag, heavy=False):
        fn, args = jobs.logged, (log, 0.1, tag)
        return in_thread(lambda: server.run(kind, tag, fn, args, None, _quiet, heavy=heavy))

    # Both workers busy, one for longer: what follows waits at the scheduler, then runs
    # one by one on the worker freed first.
    busy = [
        in_thread(lambda i=i, s=s: run(engine, f"busy{i}", jobs.steps, 1, s))
        for i, s in enumerate([2.0, 6.0])
    ]
    assert wait_until(lambda: engine.jobs_in_flight() == 2)
    time.sleep(0.5)
    asked = [
        ask(engine, JobKind.REPORT, "report"),
        ask(other_server, JobKind.SWEEP, "sweep"),
        ask(engine, JobKind.TRAIN, "heavy-training", heavy=True),
        ask(other_server, JobKind.TRAIN, "training"),
    ]
    joined(*busy, *asked)
    assert read_lines(log) == ["training", "heavy-training", "sweep", "report"]


def _quiet(message, final: bool) -> None:
    pass


def test_a_waiting_job_is_told_its_place_among_every_servers_jobs(engine, other_server):
    places = []
    busy = [in_thread(lambda i=i: run(engine, f"full{i}", jobs.steps, 1, 4.0)) for i in range(2)]
    assert wait_until(lambda: engine.jobs_in_flight() == 2)
    time.sleep(0.5)  # both workers busy
    ahead = [in_thread(lambda i=i: run(engine, f"ahead{i}", jobs.steps, 1, 0.1)) for i in range(2)]
    assert wait_until(lambda: engine.jobs_in_flight() == 4)
    time.sleep(0.5)  # their submissions reach the scheduler before this server's
    mine = run(other_server, "mine", jobs.steps, 1, 0.1, on_wait=places.append)
    joined(*busy, *ahead)
    assert mine["tag"] == "" and 2 in places  # the other server's two queued jobs first


def test_a_scheduler_not_reached_is_said_at_once_and_jobs_run_once_it_is_up(tmp_path, monkeypatch):
    monkeypatch.setattr(dask_workers, "CONNECT_TIMEOUT_S", 2)  # a deployment waits 30 s
    port = free_port()
    engine = Engine(initializer=jobs.no_setup, dask_scheduler=f"tcp://127.0.0.1:{port}")
    try:  # the engine exists at once, with nobody there to answer it
        with pytest.raises(EngineError, match=f"cannot be reached .* at tcp://127.0.0.1:{port}"):
            run(engine, "early", jobs.steps, 1, 0.01)
        with readme_cluster(tmp_path, workers=1, port=port):
            assert wait_until(lambda: _answers(engine), 60)
    finally:
        engine.shutdown()


def _answers(engine) -> bool:
    try:
        return run(engine, "late", jobs.steps, 1, 0.01)["tag"] == ""
    except EngineError as error:
        assert "cannot be reached" in str(error)  # the only failure while it connects
        return False


def test_a_failed_worker_setup_leaves_jobs_running_not_stuck(cluster):
    engine = Engine(
        initializer=jobs.failing_setup, dask_scheduler=cluster.address, queue_limit_s=20
    )
    try:  # the workers keep running jobs, which say what they lack when they need it
        assert run(engine, "after-setup", jobs.steps, 1, 0.01)["tag"] == ""
    finally:
        engine.shutdown()
