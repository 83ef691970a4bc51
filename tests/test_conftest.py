"""The fast loop's plumbing (tests/conftest.py): which modules a run imports, as pytest selects."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import SLOW_MODULES, TESTS, selects

SUITE = """
import pytest

def test_plain(): pass

@pytest.mark.slow
def test_slow(): pass

@pytest.mark.browser
def test_browser(): pass

@pytest.mark.slow
@pytest.mark.browser
def test_slow_browser(): pass
"""
MARKS = {
    "test_plain": frozenset(),
    "test_slow": frozenset({"slow"}),
    "test_browser": frozenset({"browser"}),
    "test_slow_browser": frozenset({"slow", "browser"}),
}
EXPRESSIONS = [
    "",
    "not slow",
    "slow",
    "slow and not browser",
    "not (slow or browser)",
    "browser or not slow",
    "not   slow and not browser",
]


@pytest.mark.parametrize("markexpr", EXPRESSIONS)
def test_the_conftest_selects_what_pytest_selects(pytester, monkeypatch, markexpr: str):
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # no installed plugins: ~1 s less
    pytester.makepyfile(test_marked=SUITE)
    pytester.makeini("[pytest]\nmarkers =\n    slow: s\n    browser: b\n")
    result = pytester.inline_run("-m", markexpr) if markexpr else pytester.inline_run()
    reports = result.getreports("pytest_runtest_logreport")
    ran = {report.nodeid.split("::")[-1] for report in reports}
    assert ran == {name for name, marks in MARKS.items() if selects(markexpr, marks)}


def test_every_slow_module_named_exists():
    assert [name for name in SLOW_MODULES if not (TESTS / name).exists()] == []


# A Python without TensorFlow, Keras or Dask (each import fails), collecting the slow modules.
WITHOUT_TENSORFLOW = """
import sys
for name in ("tensorflow", "keras", "distributed", "dask"):
    sys.modules[name] = None
import pytest
options = ["--collect-only", "-q", "-m", "slow", "-p", "no:cacheprovider"]
sys.exit(pytest.main([*options, *sys.argv[1:]]))
"""
# Each imports TensorFlow, Keras or Dask to test against them: without them it must fail.
NEEDS_TENSORFLOW_OR_DASK = [
    "test_anatomy.py",
    "test_dask_cli.py",
    "test_dask_engine.py",
    "test_datasets_keras.py",
    "test_divergence.py",
    "test_fast_trainer.py",
    "test_formats.py",
    "test_forward.py",
    "test_params_vs_keras.py",
    "test_replicas.py",
    "test_serialization.py",
    "test_ship_files.py",
    "test_snapshots.py",
    "test_training.py",
    "test_update_rules.py",
    "test_uploads_keras.py",
    "test_weight_cells_keras.py",
]


@pytest.mark.slow  # ~2.5 s of collecting: a property of the slow suite, checked with it
def test_a_run_without_tensorflow_or_dask_fails_rather_than_skips():
    modules = [f"tests/{name}" for name in SLOW_MODULES if name.endswith(".py")]
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_TENSORFLOW, *modules],
        cwd=TESTS.parent,
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},  # ~1 s less
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "skipped" not in done.stdout
    errors = re.findall(r"^ERROR tests/(\S+)", done.stdout, re.MULTILINE)
    assert sorted(errors) == NEEDS_TENSORFLOW_OR_DASK, done.stdout[-3000:]
