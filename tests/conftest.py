"""Shared fixtures, and the guard that keeps the fast loop (``-m "not slow"``) TensorFlow-free.

Every test session gets a result store of its own, so no test sees another run's results.
Set before any app module is imported: ``components.engine.store`` reads it at import, and the
servers the browser tests start inherit it.

Slow tests (marker ``slow``) need TensorFlow, real workers or a browser. When a run deselects
them, modules marked slow as a whole are not even imported (importing them loads TensorFlow),
and a test that loads TensorFlow or Keras, or starts a worker that would, fails.
"""

from __future__ import annotations

import ast
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# pytest's own parser of -m expressions, to ask whether a run selects slow tests.
from _pytest.mark.expression import Expression

if TYPE_CHECKING:
    from tests.fake_engine import FakeEngine

os.environ["PARAMLAB_STORE_DIR"] = tempfile.mkdtemp(prefix="paramlab-test-store-")

TENSORFLOW_MODULES = ("tensorflow", "keras")
REAL_WORKERS_REFUSED: list[str] = []  # set in the fast loop when a real worker pool is asked for


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    """The page's engine, for this test: instant made-up results, no TensorFlow."""
    from tests.helpers import install_fake_engine  # after the store's directory is set

    return install_fake_engine(monkeypatch)


def selects(config: pytest.Config, marks: set[str]) -> bool:
    """Would this run's ``-m`` expression select a test with exactly these marks?"""
    markexpr = config.getoption("markexpr")
    if not markexpr:
        return True
    return Expression.compile(markexpr).evaluate(lambda name, **_: name in marks)


def fast_loop(config: pytest.Config) -> bool:
    return not selects(config, {"slow"})


def module_marks(path: Path) -> set[str]:
    """The names in a test module's ``pytestmark = pytest.mark.x`` (or a list of them)."""
    marks: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "pytestmark" for target in node.targets
        ):
            marks.update(
                part.attr
                for part in ast.walk(node.value)
                if isinstance(part, ast.Attribute)
                and isinstance(part.value, ast.Attribute)
                and part.value.attr == "mark"
            )
    return marks


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Skip importing a module marked slow as a whole when slow tests are deselected."""
    if not (collection_path.suffix == ".py" and collection_path.name.startswith("test_")):
        return None
    if not fast_loop(config):
        return None
    marks = module_marks(collection_path)
    return True if "slow" in marks and not selects(config, marks) else None


def tensorflow_loaded() -> list[str]:
    return [name for name in TENSORFLOW_MODULES if name in sys.modules]


def pytest_collection_finish(session: pytest.Session) -> None:
    if fast_loop(session.config) and tensorflow_loaded():
        pytest.exit(
            f"{tensorflow_loaded()} imported while collecting the fast loop: mark the "
            "module that imports it slow (pytestmark = pytest.mark.slow).",
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
