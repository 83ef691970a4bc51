"""dashboard.py and app.py sit above the packages import-linter checks (it takes packages
only): they may import Streamlit, the UI, pure code and the heap freeze, never the engine or
the worker directly, nor TensorFlow or Keras."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = ("streamlit", "contextlib", "components.ui", "components.core", "components.heap")


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("script", ["dashboard.py", "app.py"])
def test_the_page_and_the_server_import_only_the_ui_and_pure_code(script):
    modules = imported_modules(ROOT / script)
    assert modules, "no import found: the check would pass on anything"
    outside = {m for m in modules if not m.startswith(ALLOWED)}
    assert not outside, f"{script} imports {sorted(outside)}"
