"""The engine's seams are declared and held: both worker backends implement
``WorkerBackend``, the queue implements ``WorkerEvents``, the real engine and the page
tests' fake both implement ``EngineLike`` with the same signatures (so the fake cannot
drift), and the engine's settings are read from the environment when an engine is made."""

from __future__ import annotations

import inspect

import pytest

from components.engine.backend import WorkerBackend, WorkerEvents
from components.engine.dask_workers import DaskWorkers
from components.engine.engine import Engine
from components.engine.engine_like import EngineLike
from components.engine.flights import Scheduler
from components.engine.settings import DEFAULT_TIME_LIMIT_S, EngineSettings
from components.engine.worker_processes import LocalWorkers
from tests import stand_in_jobs
from tests.fake_engine import FakeEngine


def protocol_methods(protocol: type) -> list[str]:
    """The methods a protocol declares (its own, public)."""
    found = [n for n, v in vars(protocol).items() if inspect.isfunction(v) and n[0] != "_"]
    assert found, protocol
    return found


def assert_same_signatures(protocol: type, implementation: type) -> None:
    for name in protocol_methods(protocol):
        declared = inspect.signature(getattr(protocol, name))
        implemented = inspect.signature(getattr(implementation, name))
        assert implemented == declared, f"{implementation.__name__}.{name}{implemented}"


@pytest.mark.parametrize("backend", [LocalWorkers, DaskWorkers])
def test_both_backends_implement_the_worker_backend_protocol(backend):
    assert isinstance(object.__new__(backend), WorkerBackend)  # every member, bare instance
    assert_same_signatures(WorkerBackend, backend)


def test_the_queue_hears_what_backends_tell_it():
    assert isinstance(object.__new__(Scheduler), WorkerEvents)
    assert_same_signatures(WorkerEvents, Scheduler)


@pytest.mark.parametrize("engine", [Engine, FakeEngine])
def test_the_engine_and_its_page_test_stand_in_have_the_same_calls(engine):
    assert isinstance(object.__new__(engine), EngineLike)
    assert_same_signatures(EngineLike, engine)


def test_the_check_sees_a_fake_that_drifted():
    class Drifted(FakeEngine):
        def train(self, spec, on_progress=None):  # the page's other arguments forgotten
            return super().train(spec, on_progress)

    with pytest.raises(AssertionError, match=r"Drifted\.train"):
        assert_same_signatures(EngineLike, Drifted)


def test_settings_are_read_from_the_environment_given():
    settings = EngineSettings.from_environment(
        {
            "PARAMLAB_TIME_LIMIT_S": "90",
            "PARAMLAB_DASK_SCHEDULER": "tcp://scheduler:8786",
            "PARAMLAB_STORE_DIR": "/srv/store",
            "PARAMLAB_STORE_BYTES": "1000000",
            "PARAMLAB_WORKERS": "3",
        }
    )
    assert settings.time_limit_s == 90.0
    assert settings.dask_scheduler == "tcp://scheduler:8786"
    assert (settings.store_dir, settings.store_bytes) == ("/srv/store", 1_000_000)
    assert settings.workers.workers == 3


@pytest.mark.parametrize("value", ["", "soon", "-5", "nan"])
def test_an_unreadable_time_limit_falls_back_to_the_default(value):
    settings = EngineSettings.from_environment({"PARAMLAB_TIME_LIMIT_S": value})
    assert settings.time_limit_s == DEFAULT_TIME_LIMIT_S


def test_an_engine_reads_its_settings_when_made_not_at_import(monkeypatch):
    monkeypatch.setenv("PARAMLAB_TIME_LIMIT_S", "7")  # after every engine module was imported
    engine = Engine(workers=1, initializer=stand_in_jobs.no_setup)
    try:
        assert engine.time_limit_s == 7.0
    finally:
        engine.shutdown()
