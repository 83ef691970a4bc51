"""The training engine with real worker processes: results, progress, cache, faults."""

import os
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import replace

import pytest

from components.core.file_report import FileFormat
from components.core.params import summarize
from components.core.spec import ModelSpec
from components.core.split import split_sizes
from components.engine.engine import Engine, EngineError, Requester
from components.engine.flights import JobKind
from components.worker import jobs
from tests import stand_in_jobs
from tests.helpers import wait_until

pytestmark = pytest.mark.slow  # real TensorFlow workers

QUICK = ModelSpec(epochs=20)
LONG = ModelSpec(epochs=500, batch_size=1)  # ~60,000 steps: far longer than any test waits


@pytest.fixture(scope="module")
def engine():
    engine = Engine(workers=1, time_limit_s=120)
    yield engine
    engine.shutdown()


def test_server_side_never_imports_tensorflow():
    code = (
        "import sys; import components.engine.engine, components.ui.training_panel, "
        "components.ui.bytes_panel, components.ui.params_panel, components.ui.controls, "
        "components.ui.files_panel, components.ui.size_law_panel; "
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'TF loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=os.path.dirname(__file__) + "/..")


def test_trains_in_a_worker_with_live_progress(engine):
    seen = []
    result = engine.train(QUICK, on_progress=lambda done, history: seen.append(done))
    assert result.spec == QUICK
    assert len(seen) >= 2 and seen[-1] == QUICK.epochs  # progress before the end
    assert len(result.history["test_accuracy"]) == QUICK.epochs
    assert [tuple(row) for row in result.layer_params] == [
        (row.name, row.trainable, row.non_trainable) for row in summarize(QUICK).rows
    ]
    assert result.model_bytes > 30_000  # a real .keras file, measured in the worker


def test_file_report_matches_the_trained_file_that_downloads(engine, tmp_path):
    spec = ModelSpec(optimizer="sgd", epochs=5)  # what ?opt=sgd trains
    result = engine.train(spec)
    report = engine.file_report(spec)
    assert result.model_bytes == len(result.model_file)
    assert report.format_bytes(FileFormat.KERAS) == result.model_bytes
    assert engine.file_report(replace(spec, seed=7, epochs=9)) is report  # training-only
    import keras

    path = tmp_path / "downloaded.keras"
    path.write_bytes(result.model_file)
    assert keras.saving.load_model(path).count_params() == summarize(spec).total


def test_same_spec_again_comes_from_the_cache(engine):
    first = engine.train(QUICK)
    assert engine.train(QUICK) is first


def test_four_sessions_at_once_each_get_their_own_result(engine):
    specs = [ModelSpec(widths=(w, 8), epochs=15) for w in (5, 9, 13, 17)]
    results = {}

    def session(spec):
        results[spec] = engine.train(spec)

    threads = [threading.Thread(target=session, args=(spec,)) for spec in specs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert set(results) == set(specs)
    for spec, result in results.items():
        assert result.spec == spec
        assert result.layer_params[0] == ("dense_1", 5 * spec.widths[0], 0)


def test_interrupted_request_cancels_its_job(engine):
    class Superseded(Exception):
        pass

    def interrupt(done, history):
        raise Superseded()  # what Streamlit does when a slider moves mid-run

    with pytest.raises(Superseded):
        engine.train(LONG, on_progress=interrupt)
    assert wait_until(lambda: engine.jobs_in_flight() == 0, 30)
    assert engine.train(QUICK).spec == QUICK


def test_a_page_that_stops_waiting_stops_its_measurement(engine):
    class Superseded(Exception):
        pass

    def interrupt(done, total):
        raise Superseded()  # what Streamlit does when a slider moves mid-run

    spec = ModelSpec(widths=(6,), batchnorm=False, dropout=0.1, optimizer="adagrad")
    with pytest.raises(Superseded):
        engine.sweep(spec, on_step=interrupt)
    assert wait_until(lambda: engine.jobs_in_flight() == 0, 30)
    steps = []
    engine.sweep(spec, on_step=lambda done, total: steps.append((done, total)))
    # Nothing half-measured was cached: the sweep ran again, every width of it.
    assert steps == [(done, steps[0][1]) for done in range(1, steps[0][1] + 1)]
    assert engine.train(QUICK).spec == QUICK


def test_a_killed_worker_gives_a_message_and_the_next_training_works(engine):
    def kill_worker(done, history):
        for pid in engine.worker_pids():
            os.kill(pid, signal.SIGKILL)

    with pytest.raises(EngineError, match="stopped unexpectedly"):
        engine.train(ModelSpec(epochs=200, seed=1), on_progress=kill_worker)
    assert engine.train(ModelSpec(epochs=10, seed=2)).spec.seed == 2


def test_a_killed_workers_temp_files_are_removed_by_the_next_worker(engine):
    engine.train(ModelSpec(widths=(13,), epochs=3))
    killed = engine.worker_pids()[0]
    folder = os.path.join(tempfile.gettempdir(), f"{jobs.TEMP_PREFIX}{killed}")
    # What a save cut short leaves behind (a killed worker runs no cleanup).
    with open(os.path.join(folder, "half-written.keras"), "wb") as left_behind:
        left_behind.write(b"PK")

    def kill_worker(done, history):
        os.kill(killed, signal.SIGKILL)

    with pytest.raises(EngineError, match="stopped unexpectedly"):
        engine.train(ModelSpec(widths=(14,), epochs=200), on_progress=kill_worker)
    assert engine.train(ModelSpec(widths=(15,), epochs=3)).spec.widths == (15,)
    assert not os.path.exists(folder)
    for pid in engine.worker_pids():
        assert os.path.isdir(os.path.join(tempfile.gettempdir(), f"{jobs.TEMP_PREFIX}{pid}"))


def test_a_worker_killed_mid_sweep_gives_a_message_and_the_next_sweep_works(engine):
    def kill_worker(done, total):
        for pid in engine.worker_pids():
            os.kill(pid, signal.SIGKILL)

    spec = ModelSpec(widths=(7,), batchnorm=False, dropout=0.15, optimizer="rmsprop")
    with pytest.raises(EngineError, match="stopped unexpectedly"):
        engine.sweep(spec, on_step=kill_worker)
    assert {p.widths for p in engine.sweep(spec)} >= {(1,), (512,)}


def test_time_limit_stops_a_long_training_and_the_next_works():
    engine = Engine(workers=1, time_limit_s=0.2, hang_grace_s=0.0)
    try:
        with pytest.raises(EngineError, match="time limit"):
            engine.train(LONG)
        engine.time_limit_s = 120
        assert engine.train(ModelSpec(epochs=5)).spec.epochs == 5
    finally:
        engine.shutdown()


def test_bit_identical_in_a_fresh_worker_and_a_reused_one(engine):
    spec = ModelSpec(widths=(11, 7), epochs=30, seed=3)
    engine.train(ModelSpec(widths=(40,), epochs=5, seed=9))  # the reused worker has history
    reused = engine.train(spec)
    fresh_engine = Engine(workers=1)
    try:
        fresh = fresh_engine.train(spec)
    finally:
        fresh_engine.shutdown()
    assert fresh.history == reused.history
    assert (fresh.train_accuracy, fresh.test_accuracy) == (
        reused.train_accuracy,
        reused.test_accuracy,
    )


def test_a_worker_trains_on_the_servers_split_and_never_loads_scikit_learn(engine):
    """Loading scikit-learn (through Keras's wrappers) would cost every worker's start
    ~1 s: the server splits the data and the job carries it."""
    spec = ModelSpec(widths=(9,), epochs=3, dataset="wine", seed=4)
    result = engine.train(spec)
    assert len(result.history["loss"]) == 3
    assert sum(sum(row) for row in result.confusion) == split_sizes("wine")[1]
    modules = ("sklearn", "scipy.stats", "tensorflow")
    found = engine.run("report", "probe", stand_in_jobs.loaded, (modules,), None, print)
    assert found == ["tensorflow"]


def old_run_superseded_by_a_training(engine, old_request, owner: str, seed: int) -> str:
    """Start ``old_request`` in its own thread, then train as the same ``owner``.

    Returns the error the old request ended with; checks the newer training came back.
    """
    outcome = {}

    def old_run():
        try:
            old_request()
        except EngineError as error:
            outcome["old"] = str(error)

    thread = threading.Thread(target=old_run)
    thread.start()
    assert wait_until(lambda: engine.jobs_in_flight() == 1, 30)
    newer = engine.train(ModelSpec(epochs=8, seed=seed), requester=Requester(owner, run=2))
    thread.join(timeout=60)
    assert newer.spec.seed == seed
    # Done-callbacks run after waiters wake, so the count drops a moment after train returns.
    assert wait_until(lambda: engine.jobs_in_flight() == 0, 10)
    return outcome.get("old", "")


def test_a_newer_request_of_the_same_session_supersedes_the_running_one(engine):
    old = old_run_superseded_by_a_training(
        engine,
        lambda: engine.train(LONG, requester=Requester("session-1", run=1)),
        "session-1",
        seed=4,
    )
    assert "superseded" in old


def test_a_newer_request_of_the_same_session_supersedes_its_measurement(engine):
    spec = ModelSpec(widths=(5,), batchnorm=False, dropout=0.05, optimizer="sgd")
    # The old run waits with no callback that could interrupt it: only the owner can.
    old = old_run_superseded_by_a_training(
        engine,
        lambda: engine.sweep(spec, requester=Requester("session-2", run=1)),
        "session-2",
        seed=5,
    )
    assert "superseded" in old


def test_result_cache_is_bounded_by_bytes():
    from components.engine.result_cache import LRU

    cache = LRU(size=100, max_bytes=10, weigh=len)
    for key in "abcd":
        cache.put(key, "xxxx")  # 4 bytes each: only two fit in 10
    assert [cache.get(key) for key in "abcd"] == [None, None, "xxxx", "xxxx"]
    cache.put("big", "y" * 50)  # larger than the bound on its own: kept, alone
    assert cache.get("big") and cache.get("d") is None


def test_warm_up_trains_the_links_a_class_will_open_before_anyone_asks(tmp_path):
    from components.engine.store import ResultStore

    warm = ModelSpec(widths=(6, 3), epochs=5)
    engine = Engine(workers=1, store=ResultStore(str(tmp_path / "store")))
    try:
        engine.warm([warm], [])
        assert wait_until(
            lambda: engine.jobs_in_flight() == 0 and engine._results.get(JobKind.TRAIN, warm), 120
        )
        assert engine.train(warm).spec == warm  # from the store: no job
        assert engine.jobs_in_flight() == 0
    finally:
        engine.shutdown()
