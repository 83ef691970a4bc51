"""The engine under a class's load, with stand-in jobs in real worker processes (no TF).

Each test reproduces a way a busy server used to wedge or hurt a visitor: a worker
retiring with jobs queued, a time limit that counted queue time and replaced every
worker, queued jobs failed with false messages, an older script run cancelling a newer
one, the same work computed once per visitor, tracebacks instead of messages.
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager

import pytest

from components.engine import engine as engine_module
from components.engine.engine import Engine, EngineError, Requester
from components.engine.flights import JobKind
from components.engine.store import ResultStore
from tests import stand_in_jobs as jobs
from tests.helpers import wait_until


def make_engine(**options) -> Engine:
    options.setdefault("initializer", jobs.no_setup)
    return Engine(**{"workers": 1, "time_limit_s": 30, "hang_grace_s": 0.0, **options})


@pytest.fixture
def engine():
    engine = make_engine()
    yield engine
    engine.shutdown()


def no_progress(message, final: bool) -> None:
    pass


def run(engine, key, fn, *args, kind=JobKind.SWEEP, who=None, on_message=None, on_wait=None):
    return engine.run(kind, key, fn, args, who, on_message or no_progress, on_wait)


def in_thread(call) -> dict:
    """Start ``call()`` in a thread; the dict gets "result" or "error", then "thread"."""
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = call()
        except EngineError as error:
            outcome["error"] = str(error)

    outcome["thread"] = thread = threading.Thread(target=target)
    thread.start()
    return outcome


def read_lines(path: str) -> list[str]:
    with open(path) as lines:
        return lines.read().split()


def joined(*outcomes: dict, seconds: float = 60) -> None:
    for outcome in outcomes:
        outcome["thread"].join(timeout=seconds)
        assert not outcome["thread"].is_alive(), "a request never came back"


def test_a_worker_retiring_with_jobs_queued_does_not_wedge_the_queue():
    # ProcessPoolExecutor(max_tasks_per_child=3) with 1 worker ran 3 of 8 jobs, then hung.
    engine = make_engine(recycle_after=3)
    try:
        outcomes = [in_thread(lambda i=i: run(engine, i, jobs.steps, 1, 0.05)) for i in range(8)]
        joined(*outcomes)
        assert all("result" in o for o in outcomes)
        assert len({o["result"]["pid"] for o in outcomes}) == 3  # retired after 3, 3, 2
    finally:
        engine.shutdown()


def assert_computed_once_for_four_sessions(engine, tmp_path) -> None:
    log = str(tmp_path / "runs.log")
    outcomes = [
        in_thread(lambda i=i: run(engine, "k", jobs.logged, log, 0.5, "k", who=Requester(f"s{i}")))
        for i in range(4)
    ]
    joined(*outcomes)
    assert [o.get("result") for o in outcomes] == ["k"] * 4
    assert read_lines(log) == ["k"]


def test_the_same_key_is_computed_once_for_everyone_who_asks(engine, tmp_path):
    assert_computed_once_for_four_sessions(engine, tmp_path)


def test_one_waiter_leaving_does_not_cancel_the_job_for_the_others(engine):
    def leave(message, final):
        raise KeyboardInterrupt("this page moved on")  # how Streamlit stops a run

    stays = in_thread(lambda: run(engine, "k", jobs.steps, 6, 0.1, who=Requester("a")))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    with pytest.raises(KeyboardInterrupt):
        run(engine, "k", jobs.steps, 6, 0.1, who=Requester("b"), on_message=leave)
    joined(stays)
    assert stays["result"]["tag"] == ""


def test_everyone_waiting_gets_the_same_error(engine):
    outcomes = [
        in_thread(lambda i=i: run(engine, "bad", jobs.fail, "no luck", who=Requester(f"s{i}")))
        for i in range(3)
    ]
    joined(*outcomes)
    assert {o["error"] for o in outcomes} == {
        "This measurement failed in the worker: ValueError: no luck"
    }


def test_a_training_never_waits_behind_a_measurement(engine, tmp_path):
    log = str(tmp_path / "order.log")
    busy = in_thread(lambda: run(engine, "busy", jobs.steps, 1, 0.5))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    report = in_thread(lambda: run(engine, "r", jobs.logged, log, 0, "report", kind=JobKind.REPORT))
    sweep = in_thread(lambda: run(engine, "s", jobs.logged, log, 0, "sweep", kind=JobKind.SWEEP))
    assert wait_until(lambda: engine.jobs_in_flight() == 3)
    training = in_thread(lambda: run(engine, "t", jobs.logged, log, 0, "train", kind=JobKind.TRAIN))
    joined(busy, report, sweep, training)
    assert read_lines(log) == ["train", "sweep", "report"]


def test_an_older_run_that_asks_late_cannot_cancel_the_newer_runs_job(engine):
    newer = in_thread(lambda: run(engine, "new", jobs.steps, 5, 0.1, who=Requester("s", 2)))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    with pytest.raises(EngineError, match="superseded"):
        run(engine, "old", jobs.steps, 1, 0.1, who=Requester("s", 1))
    joined(newer)
    assert "result" in newer


def test_a_newer_run_supersedes_the_sessions_queued_and_running_jobs(engine):
    running = in_thread(lambda: run(engine, "a", jobs.steps, 50, 0.1, who=Requester("s", 1)))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    result = run(engine, "b", jobs.steps, 1, 0.01, kind=JobKind.TRAIN, who=Requester("s", 2))
    joined(running)
    assert "superseded" in running["error"] and result["tag"] == ""
    assert wait_until(lambda: engine.jobs_in_flight() == 0, 5)


def test_a_queued_request_has_a_deadline_and_a_clear_message():
    engine = make_engine(queue_limit_s=0.5)
    try:
        busy = in_thread(lambda: run(engine, "busy", jobs.steps, 20, 0.1))
        assert wait_until(lambda: engine.jobs_in_flight() == 1)
        with pytest.raises(EngineError, match=r"No worker was free for 0.5 s"):
            run(engine, "late", jobs.steps, 1, 0.01)
        joined(busy)
        assert "result" in busy
    finally:
        engine.shutdown()


def test_time_in_the_queue_does_not_count_against_a_jobs_limit():
    engine = make_engine(measure_limit_s=1.0)
    try:
        first = in_thread(lambda: run(engine, "first", jobs.steps, 8, 0.1))
        assert wait_until(lambda: engine.jobs_in_flight() == 1)
        second = run(engine, "second", jobs.steps, 8, 0.1)  # 0.8 s queued + 0.8 s running
        joined(first)
        assert "result" in first and second["tag"] == ""
    finally:
        engine.shutdown()


def test_a_job_over_its_limit_kills_only_its_own_worker():
    engine = make_engine(workers=2, measure_limit_s=0.5)
    try:
        assert wait_until(lambda: len(engine.worker_pids()) == 2)
        other = in_thread(
            lambda: run(
                engine, "other", jobs.steps, 12, 0.1, kind=JobKind.TRAIN, who=Requester("b")
            )
        )
        with pytest.raises(EngineError, match="took too long"):
            run(engine, "hung", jobs.hang, who=Requester("a"))
        joined(other)
        assert "result" in other  # the other visitor's job, running beside it, finished
        survivor = other["result"]["pid"]
        assert wait_until(lambda: len(engine.worker_pids()) == 2)
        assert survivor in engine.worker_pids()  # its worker was not replaced
    finally:
        engine.shutdown()


def test_a_worker_killed_mid_job_fails_that_job_only_and_queued_jobs_still_run(engine):
    def kill_worker(message, final):
        for pid in engine.worker_pids():
            os.kill(pid, 9)

    queued = []
    victim = in_thread(lambda: run(engine, "v", jobs.steps, 30, 0.1, on_message=kill_worker))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    queued = [in_thread(lambda i=i: run(engine, i, jobs.steps, 1, 0.01)) for i in range(3)]
    joined(victim, *queued)
    assert "stopped unexpectedly" in victim["error"]
    assert all("result" in o for o in queued)


def test_the_job_limit_counts_every_kind_and_joining_a_flight_is_free():
    engine = make_engine(max_jobs=2)
    try:
        busy = [in_thread(lambda i=i: run(engine, i, jobs.steps, 10, 0.1)) for i in range(2)]
        assert wait_until(lambda: engine.jobs_in_flight() == 2)
        with pytest.raises(EngineError, match="busy"):
            run(engine, "t", jobs.steps, 1, 0.01, kind=JobKind.TRAIN)
        shared = in_thread(lambda: run(engine, 0, jobs.steps, 10, 0.1, who=Requester("c")))
        joined(*busy, shared)
        assert "result" in shared
    finally:
        engine.shutdown()


def test_queue_positions_count_the_jobs_that_start_first(engine):
    sweep_places: list[int] = []
    train_places: list[int] = []
    assert wait_until(lambda: len(engine.worker_pids()) == 1)
    busy = in_thread(lambda: run(engine, "busy", jobs.steps, 1, 1.6))  # past PLACE_EVERY_S
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    sweep = in_thread(lambda: run(engine, "s", jobs.steps, 1, 0, on_wait=sweep_places.append))
    assert wait_until(lambda: sweep_places == [0])  # next in line
    train = in_thread(
        lambda: run(engine, "t", jobs.steps, 1, 0, kind=JobKind.TRAIN, on_wait=train_places.append)
    )
    joined(busy, sweep, train)
    assert train_places == [0]  # ahead of the sweep from the start
    assert sweep_places[:2] == [0, 1]  # the training went ahead of it


def test_a_waiting_page_is_told_its_place_at_most_once_a_second_and_when_it_is_next(engine):
    """Ten jobs ahead, one finishing every 0.15 s: told the first place, about once a second
    after that, and 0; not every one of the ten moves (each telling is a message to a page)."""
    assert wait_until(lambda: len(engine.worker_pids()) == 1)
    ahead = [
        in_thread(lambda i=i: run(engine, f"a{i}", jobs.steps, 1, 0.15, who=Requester(f"a{i}")))
        for i in range(10)
    ]
    assert wait_until(lambda: engine.jobs_in_flight() == 10)
    places: list[int] = []
    last = in_thread(lambda: run(engine, "last", jobs.steps, 1, 0, on_wait=places.append))
    joined(*ahead, last)
    assert places[0] >= 8 and places[-1] == 0
    assert places == sorted(places, reverse=True) and len(places) <= 4, places


class GaveUp(Exception):
    """What a page's callback raises to stop waiting (Streamlit: a newer run takes over)."""


def test_a_queued_request_can_give_up_while_nothing_moves(engine):
    assert wait_until(lambda: len(engine.worker_pids()) == 1)
    busy = in_thread(lambda: run(engine, "busy", jobs.steps, 1, 2.0))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    places: list[int] = []
    idle = threading.Event()  # set by the test: the page's newer run is waiting

    def on_idle() -> None:
        if idle.is_set():
            raise GaveUp

    def wait_in_line() -> str:
        try:
            engine.run(JobKind.SWEEP, "q", jobs.steps, (1, 0), None, no_progress, places.append,
                       on_idle=on_idle)  # fmt: skip
        except GaveUp:
            return "gave up"
        return "ran"

    queued = in_thread(wait_in_line)
    assert wait_until(lambda: places == [0] and engine.jobs_in_flight() == 2)
    asked = time.monotonic()
    idle.set()  # its place does not change while "busy" runs: only on_idle can end the wait
    queued["thread"].join(timeout=1.0)
    assert queued.get("result") == "gave up"
    assert time.monotonic() - asked < 1.0  # not when "busy" ends, 2 s after it started
    assert engine.jobs_in_flight() == 1  # withdrawn: its job never runs
    joined(busy)


def test_a_bell_ends_the_wait_when_it_rings_and_spares_the_polling(engine, monkeypatch):
    """A page's bell (components/ui/private_streamlit.py) rings when a newer run waits: the
    request looks up then, not 20 times a second (the looking up between rings made 30 s
    here, so only the ring can end the wait before "busy" ends)."""
    monkeypatch.setattr(engine_module, "RUNG_POLL_S", 30.0)
    assert wait_until(lambda: len(engine.worker_pids()) == 1)
    busy = in_thread(lambda: run(engine, "busy", jobs.steps, 1, 2.0))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    rings: list = []
    looked_up: list[float] = []
    newer = threading.Event()

    @contextmanager
    def bell(ring):
        rings.append(ring)
        yield True  # it will ring

    def on_idle() -> None:
        looked_up.append(time.monotonic())
        if newer.is_set():
            raise GaveUp

    def wait_in_line() -> str:
        try:
            engine.run(JobKind.SWEEP, "q", jobs.steps, (1, 0), None, no_progress,
                       on_idle=on_idle, bell=bell)  # fmt: skip
        except GaveUp:
            return "gave up"
        return "ran"

    queued = in_thread(wait_in_line)
    assert wait_until(lambda: rings and engine.jobs_in_flight() == 2)
    time.sleep(0.5)
    assert looked_up == []  # ten polls at 50 ms would have looked up by now
    newer.set()
    rings[0]()  # as Streamlit's thread rings it
    queued["thread"].join(timeout=1.5)
    assert queued.get("result") == "gave up" and len(looked_up) == 1
    assert "result" not in busy  # before "busy" ended: the ring, not a poll
    assert engine.jobs_in_flight() == 1  # withdrawn: its job never runs
    joined(busy)


def test_a_rung_request_far_from_its_turn_looks_up_only_as_often_as_its_place_is_told(engine):
    """With a bell, looking up only tells a place (at most once a second) and keeps the
    deadline: two places from its turn a request looks up about once a second, not four
    times (a class's 64 waiting runs woke ~250 times a second for nothing)."""
    assert wait_until(lambda: len(engine.worker_pids()) == 1)
    busy = in_thread(lambda: run(engine, "busy", jobs.steps, 1, 3.0))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    ahead = [
        in_thread(lambda i=i: run(engine, f"a{i}", jobs.steps, 1, 0.01, who=Requester(f"a{i}")))
        for i in range(2)
    ]
    assert wait_until(lambda: engine.jobs_in_flight() == 3)
    places: list[int] = []
    looked_up: list[float] = []

    @contextmanager
    def bell(ring):
        yield True  # it will ring (it never does here)

    def wait_in_line() -> None:
        engine.run(JobKind.SWEEP, "q", jobs.steps, (1, 0), None, no_progress, places.append,
                   on_idle=lambda: looked_up.append(time.monotonic()), bell=bell)  # fmt: skip

    started = time.monotonic()
    queued = in_thread(wait_in_line)
    joined(busy, *ahead, queued)
    waited = time.monotonic() - started
    assert places[0] == 2  # two places from its turn while "busy" runs
    assert len(looked_up) <= 1.5 * waited + 3, (len(looked_up), waited)  # not 4 a second


def test_shutting_down_twice_is_harmless():
    engine = make_engine()  # the App lifespan shuts it down, and then the exit hook again
    assert wait_until(lambda: len(engine.worker_pids()) == 1)
    engine.shutdown()
    engine.shutdown()
    assert engine.worker_pids() == [] or not any(map(_alive, engine.worker_pids()))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_worker_that_cannot_start_is_named_in_the_message():
    engine = make_engine(initializer=jobs.failing_setup, queue_limit_s=1.0)
    try:
        with pytest.raises(EngineError, match="could not start: RuntimeError: no TensorFlow"):
            run(engine, "k", jobs.steps, 1, 0.01)
    finally:
        engine.shutdown()


def test_a_result_is_kept_when_the_last_progress_callback_raises(engine, tmp_path):
    log = str(tmp_path / "runs.log")

    def leave_at_the_end(message, final):
        raise KeyboardInterrupt("the page moved on")

    with pytest.raises(KeyboardInterrupt):
        run(engine, "k", jobs.logged, log, 0.2, "k", on_message=leave_at_the_end)
    assert wait_until(lambda: engine.jobs_in_flight() == 0)
    assert run(engine, "k", jobs.logged, log, 0.2, "k") == "k"
    assert read_lines(log) == ["k"]  # the second request came from the cache


def test_results_outlive_the_engine_in_the_store(tmp_path):
    log = str(tmp_path / "runs.log")
    store_dir = str(tmp_path / "store")
    first = make_engine(store=ResultStore(store_dir))
    try:
        assert run(first, "k", jobs.logged, log, 0, "k") == "k"
    finally:
        first.shutdown()
    restarted = make_engine(store=ResultStore(store_dir))
    try:
        assert run(restarted, "k", jobs.logged, log, 0, "k") == "k"
    finally:
        restarted.shutdown()
    assert read_lines(log) == ["k"]  # computed once, before the restart


def test_the_store_is_bounded_in_bytes(tmp_path):
    store = ResultStore(str(tmp_path / "store"), size_limit=1_000_000)
    for i in range(40):
        store.put(("train", i), b"x" * 100_000)
    assert store.volume() <= 1_200_000  # diskcache culls a few entries past the limit
    assert store.get(("train", 39)) is not None and store.get(("train", 0)) is None
    store.close()


def test_a_store_that_cannot_be_opened_is_only_a_miss(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    store = ResultStore(str(blocked / "store"))
    store.put(("train", 1), "value")
    assert store.get(("train", 1)) is None


def test_a_training_predicted_past_the_limit_is_refused_before_it_starts(engine):
    from components.core.spec import ModelSpec

    heavy = ModelSpec(widths=(512,) * 6, epochs=500, batch_size=1)  # the link
    with pytest.raises(EngineError, match=r"over the 30 s time limit.*try"):
        engine.train(heavy)
    assert engine.jobs_in_flight() == 0


def test_heavy_jobs_run_behind_other_visitors_light_ones(engine, tmp_path):
    log = str(tmp_path / "order.log")
    assert wait_until(lambda: len(engine.worker_pids()) == 1)
    busy = in_thread(lambda: run(engine, "busy", jobs.steps, 1, 0.5))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    heavy = in_thread(
        lambda: engine.run(
            JobKind.SWEEP,
            "h",
            jobs.logged,
            (log, 0, "heavy"),
            Requester("a"),
            no_progress,
            heavy=True,
        )
    )
    assert wait_until(lambda: engine.jobs_in_flight() == 2)
    light = in_thread(lambda: run(engine, "l", jobs.logged, log, 0, "light", kind=JobKind.SWEEP))
    joined(busy, heavy, light)
    assert read_lines(log) == ["light", "heavy"]


def test_warm_up_waits_until_visitors_jobs_pause():
    # Warm-up work started beside a visitor's training took a core from its answer.
    from components.engine.warm_up import Visits

    visits, released, ended = Visits(), threading.Event(), {}

    def visitor() -> None:
        with visits.visit():
            released.wait()
        ended["visitor"] = time.monotonic()

    def warm_up() -> None:
        visits.wait_quiet(0.3)
        ended["warm-up"] = time.monotonic()

    threads = [threading.Thread(target=visitor), threading.Thread(target=warm_up)]
    threads[0].start()
    assert wait_until(lambda: visits._active == 1)
    threads[1].start()
    time.sleep(0.5)
    assert "warm-up" not in ended  # a visitor's job is in flight
    released.set()
    for thread in threads:
        thread.join(timeout=10)
    assert ended["warm-up"] - ended["visitor"] >= 0.3 - 0.01


def test_warm_up_steps_aside_for_a_visitor_and_finishes_afterwards(engine):
    # One worker, busy with warm-up work: a visitor's job used to wait for all of it.
    from components.engine.warm_up import WARM_UP

    def warm_job(step_aside):
        aside = lambda message, final: step_aside()  # noqa: E731
        return run(engine, "warm", jobs.steps, 40, 0.05, "warm", who=WARM_UP, on_message=aside)

    warm_up = in_thread(lambda: engine.warm_when_quiet([warm_job]))
    assert wait_until(lambda: engine.jobs_in_flight() == 1)
    time.sleep(0.3)  # the warm-up job is running
    visitor = run(engine, "visitor", jobs.steps, 2, 0.05, "visitor")
    joined(warm_up)
    warmed = engine.run(JobKind.SWEEP, "warm", jobs.steps, (40, 0.05), None, no_progress)
    assert warmed["tag"] == "warm"  # kept: computed by the warm-up's second attempt
    assert visitor["finished"] < warmed["finished"]
