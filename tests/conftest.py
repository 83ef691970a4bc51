"""Shared fixtures, and the guard that keeps the fast loop (``-m "not slow"``) TensorFlow-free.

Every test session gets a result store of its own, so no test sees another run's results.
Set before any app module is imported: ``components.engine.store`` reads it at import (a
server a test starts through bench/live_app.py gets one of its own).

Slow tests (marker ``slow``) need TensorFlow, real workers or a browser. The modules slow as
a whole are named in SLOW_MODULES (each also says so itself, ``pytestmark``; a run that
imports one checks the two agree). A run that deselects them does not even import them
(importing them loads TensorFlow), and a test that loads TensorFlow or Keras, or starts a
worker that would, fails.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.fake_engine import FakeEngine

# The tests' engines keep their results in a store of their own (read when an engine is made),
# removed when the session ends: a run of the suite left ~12 MB behind in the temp folder.
os.environ["PARAMLAB_STORE_DIR"] = tempfile.mkdtemp(prefix="paramlab-test-store-")
atexit.register(shutil.rmtree, os.environ["PARAMLAB_STORE_DIR"], ignore_errors=True)

pytest_plugins = ["pytester"]  # tests/test_conftest.py runs pytest on small suites of its own

TENSORFLOW_MODULES = ("tensorflow", "keras")
REAL_WORKERS_REFUSED: list[str] = []  # set in the fast loop when a real worker pool is asked for

TESTS = Path(__file__).resolve().parent
# Test modules that are slow as a whole, by their path under tests/, with their marks.
SLOW_MODULES = {
    **dict.fromkeys(
        [
            "test_anatomy.py",
            "test_dask_cli.py",
            "test_dask_engine.py",
            "test_datasets_keras.py",
            "test_divergence.py",
            "test_engine.py",
            "test_fast_trainer.py",
            "test_formats.py",
            "test_forward.py",
            "test_params_vs_keras.py",
            "test_replicas.py",
            "test_run_messages.py",
            "test_serialization.py",
            "test_ship_files.py",
            "test_snapshots.py",
            "test_st_client.py",
            "test_training.py",
            "test_update_rules.py",
            "test_uploads_keras.py",
            "test_weight_cells_keras.py",
        ],
        frozenset({"slow"}),
    ),
    "e2e": frozenset({"slow", "browser"}),  # the whole folder: a real server and Chromium
}


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    """The page's engine, for this test: instant made-up results, no TensorFlow."""
    from tests.helpers import install_fake_engine  # after the store's directory is set

    return install_fake_engine(monkeypatch)


class _MarksOf(dict):
    """A test's marks by name, for the -m expression: True if it has the mark, else False."""

    def __missing__(self, name: str) -> bool:
        return False


def selects(markexpr: str, marks: frozenset[str]) -> bool:
    """Would pytest's ``-m markexpr`` select a test with exactly ``marks``?

    pytest's -m grammar (mark names joined by ``and``, ``or``, ``not`` and parentheses) is a
    Python expression over booleans, so Python evaluates it with each name bound to whether
    the test has that mark. An expression Python cannot read (a mark's keyword match,
    ``slow(reason=...)``) selects: the module is imported and pytest decides.
    tests/test_conftest.py holds this to pytest's own selection.
    """
    if not markexpr.strip():
        return True
    try:
        return bool(eval(markexpr, {"__builtins__": {}}, _MarksOf.fromkeys(marks, True)))
    except Exception:
        return True


def fast_loop(config: pytest.Config) -> bool:
    return not selects(config.getoption("markexpr"), frozenset({"slow"}))


def slow_module_marks(path: Path) -> frozenset[str] | None:
    """The marks of ``path`` if SLOW_MODULES names it (or its folder under tests/)."""
    if TESTS not in path.parents:
        return None
    return SLOW_MODULES.get(path.relative_to(TESTS).parts[0])


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip importing a module slow as a whole when this run would deselect its tests."""
    marks = slow_module_marks(collection_path)
    if marks is None or selects(config.getoption("markexpr"), marks):
        return None
    return True


MARKS_DISAGREE: list[str] = []


@pytest.hookimpl(tryfirst=True)  # before -m deselects any
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each module slow as a whole is in SLOW_MODULES, and each there says so itself."""
    for module in {item.module for item in items if isinstance(item, pytest.Function)}:
        marks = module.__dict__.get("pytestmark", [])
        said = {mark.name for mark in (marks if isinstance(marks, list) else [marks])}
        listed = slow_module_marks(Path(module.__file__)) or frozenset()
        if ("slow" in said) != ("slow" in listed):
            MARKS_DISAGREE.append(
                f"{module.__name__}: its pytestmark says {sorted(said)}, tests/conftest.py's "
                f"SLOW_MODULES {sorted(listed)}; name a module slow as a whole in both."
            )


def tensorflow_loaded() -> list[str]:
    return [name for name in TENSORFLOW_MODULES if name in sys.modules]


def pytest_collection_finish(session: pytest.Session) -> None:
    if MARKS_DISAGREE:
        pytest.exit("\n".join(sorted(MARKS_DISAGREE)), returncode=1)
    if fast_loop(session.config) and tensorflow_loaded():
        pytest.exit(
            f"{tensorflow_loaded()} imported while collecting the fast loop: mark the "
            "module that imports it slow (its pytestmark and SLOW_MODULES in tests/conftest.py).",
            returncode=1,
        )


@pytest.fixture(scope="session", autouse=True)
def _no_tensorflow_workers(request: pytest.FixtureRequest):
    """In the fast loop, a pool of real workers (they load TensorFlow) fails at once."""
    if not fast_loop(request.config):
        yield
        return
    from components.engine.worker_processes import LocalWorkers
    from components.worker import jobs

    def refuse(self, count, events, initializer=jobs.init_worker, *args, **kwargs):
        if initializer is jobs.init_worker:
            REAL_WORKERS_REFUSED.append(
                "Real TensorFlow workers in the fast loop: use the fake_engine fixture, "
                "stand-in jobs (tests/stand_in_jobs.py), or mark the test slow."
            )
            raise RuntimeError(REAL_WORKERS_REFUSED[-1])
        real_init(self, count, events, initializer, *args, **kwargs)

    real_init = LocalWorkers.__init__
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LocalWorkers, "__init__", refuse)
        yield


@pytest.fixture(autouse=True)
def _fast_loop_stays_without_tensorflow(request: pytest.FixtureRequest):
    """Fail the test after which TensorFlow or Keras is loaded, or that asked for real
    workers, in a run without slow tests (the page shows such errors, not the test)."""
    already = tensorflow_loaded()
    REAL_WORKERS_REFUSED.clear()
    yield
    if REAL_WORKERS_REFUSED:
        pytest.fail(REAL_WORKERS_REFUSED[0], pytrace=False)
    if fast_loop(request.config) and tensorflow_loaded() and not already:
        pytest.fail(
            f"{tensorflow_loaded()} imported by this test in the fast loop (-m 'not slow'): "
            "mark it slow, or keep TensorFlow out of what it imports.",
            pytrace=False,
        )
