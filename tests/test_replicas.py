"""Two `streamlit run app.py` replicas behind HAProxy on one Dask cluster, all on loopback,
each started with the README's own lines (``tests/replica_stack.py``); students are
protocol clients (``bench/st_client.py``) going through the balancer.

Shown: a model asked on both replicas at once is trained once (counted from the cluster's
own event log); a Dask worker killed mid-training gives the page's clear message and the
next move works; a replica that dies loses only its open sessions, which reconnect through
the balancer to the other replica and get an answer from their link.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time

import pytest

from bench.st_client import Student
from components.core.model_link import spec_from_query
from components.core.params import summarize
from components.engine.dask_workers import task_key
from components.engine.flights import Flight, JobKind
from components.worker import dask_job, jobs
from tests.helpers import run_async
from tests.replica_stack import replica_stack

pytestmark = pytest.mark.slow  # a Dask cluster, two servers and HAProxy

COOKIE = "PARAMLAB_REPLICA"
ANSWER_S = 90.0


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with replica_stack(tmp_path_factory.mktemp("replicas")) as stack:
        yield stack


@pytest.fixture(scope="module")
def dask_client(stack):
    from distributed import Client

    with Client(stack.cluster.address, set_as_default=False) as client:
        yield client


def on_replica(stack, replica: str, link: str) -> Student:
    """A student whose first request carries the balancer's cookie for ``replica``."""
    student = Student(stack.url, link)
    student.cookies[COOKIE] = replica
    return student


def total_of(link: str) -> int:
    return summarize(spec_from_query(_query(link)).spec).total


def training_key(link: str) -> str:
    """The cluster's task key for training the model of ``link``, as every server derives it."""
    spec = spec_from_query(_query(link)).spec
    return task_key(
        Flight((JobKind.TRAIN, spec), JobKind.TRAIN, jobs.run_training, (), False, 60, 0)
    )


def training_starts(client) -> list[str]:
    """The task keys of every training the cluster has started, in order, from the
    scheduler's log of the jobs' events."""
    events = client.get_events(dask_job.PROGRESS_TOPIC)
    return [k for _, (k, what, _) in events if what == dask_job.STARTED and "-train-" in k]


def wait_idle(client, quiet_s: float = 3.0, seconds: float = 120) -> None:
    """Until the replicas' warm-up has started and the cluster has held no task for
    ``quiet_s`` (warm-up jobs follow one another without a gap)."""
    deadline = time.monotonic() + seconds
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        tasks = client.run_on_scheduler(_task_count)
        if tasks or not training_starts(client):
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_s:
            return
        time.sleep(0.2)
    raise AssertionError("the cluster never went idle")


def _task_count(dask_scheduler) -> int:
    return len(dask_scheduler.tasks)


def _query(link: str) -> dict[str, str]:
    return dict(pair.split("=") for pair in link.lstrip("?").split("&") if pair)


async def opened(student: Student, link: str):
    since = time.perf_counter()
    await student.open()
    return await student.answer(total_of(link), since, ANSWER_S)


def test_a_model_asked_on_both_replicas_at_once_is_trained_once(stack, dask_client):
    link = "?h1=13&h2=11"

    async def both():
        students = [on_replica(stack, name, link) for name in ("replica1", "replica2")]
        try:
            outcomes = await asyncio.gather(*(opened(s, link) for s in students))
            return outcomes, [s.cookies[COOKIE] for s in students]
        finally:
            await asyncio.gather(*(s.close() for s in students))

    wait_idle(dask_client)
    before = len(training_starts(dask_client))
    outcomes, replicas = run_async(both())
    assert [o.errors for o in outcomes] == [[], []] and all(o.served for o in outcomes)
    assert replicas == ["replica1", "replica2"]  # one student on each
    assert training_starts(dask_client)[before:] == [training_key(link)]  # once, nothing else


def test_a_dask_worker_killed_mid_training_gives_a_clear_message_and_the_next_move_works(
    stack, dask_client
):
    link = "?epochs=500&batch=2&h1=21"  # several seconds of training: time to kill its worker

    next_link = link.replace("h1=21", "h1=22")

    def kill_the_worker_training(key: str) -> int:
        [address] = [w for w, keys in dask_client.processing().items() if key in keys]
        pid = dask_client.run(os.getpid, workers=[address])[address]
        os.kill(pid, signal.SIGKILL)
        return pid

    async def scenario():
        student = Student(stack.url, link)
        try:
            since = time.perf_counter()
            await student.open()
            kill_the_worker_training(await _running(dask_client, training_key(link)))
            told = await student.answer(total_of(link), since, ANSWER_S)
            pressed = await student.move("h1", [22])
            moved = await student.answer(total_of(next_link), pressed, ANSWER_S)
            return told, moved
        finally:
            await student.close()

    told, moved = run_async(scenario())
    assert not told.served
    assert any("stopped unexpectedly" in error for error in told.errors), told.errors
    assert moved.served and moved.errors == []


async def _running(client, key: str, seconds: float = 60) -> str:
    """``key`` once it has reported progress on a worker (so it is mid-job)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        events = client.get_events(dask_job.PROGRESS_TOPIC)
        if any(k == key and what == dask_job.PROGRESS for _, (k, what, _) in events):
            return key
        await asyncio.sleep(0.1)
    raise AssertionError("the training never ran")


def test_a_replica_that_dies_loses_only_its_sessions_which_reconnect_to_the_other(stack):
    links = {"replica1": ["?h1=5", "?h1=6"], "replica2": ["?h1=7", "?h1=8"]}

    async def scenario():
        students = {
            (name, link): on_replica(stack, name, link)
            for name, group in links.items()
            for link in group
        }
        try:
            await asyncio.gather(*(opened(s, link) for (_, link), s in students.items()))
            os.killpg(stack.replicas[0].process.pid, signal.SIGKILL)  # replica1 dies
            killed = time.perf_counter()
            total = {link: total_of(link) for group in links.values() for link in group}
            after = await asyncio.gather(
                *(
                    s.answer(total[link], killed, ANSWER_S)
                    for (name, link), s in students.items()
                    if name == "replica1"
                )
            )
            kept = {key: s for key, s in students.items() if key[0] == "replica2"}
            pressed = {key: await s.move("h1", [9 + i]) for i, (key, s) in enumerate(kept.items())}
            moved = await asyncio.gather(
                *(
                    s.answer(total_of(f"?h1={9 + i}"), pressed[key], ANSWER_S)
                    for i, (key, s) in enumerate(kept.items())
                )
            )
            return students, after, moved
        finally:
            await asyncio.gather(*(s.close() for s in students.values()))

    students, after, moved = run_async(scenario())
    lost = [s for (name, _), s in students.items() if name == "replica1"]
    kept = [s for (name, _), s in students.items() if name == "replica2"]
    assert all(o.served and o.errors == [] for o in after), [o.errors for o in after]
    assert all(s.reconnects and s.cookies[COOKIE] == "replica2" for s in lost)
    assert all(not s.disconnects for s in kept)
    assert all(o.served and o.errors == [] for o in moved), [o.errors for o in moved]
