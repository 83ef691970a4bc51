"""The table of link keys (components/core/link_keys.py): each key declared once, each value
written as its reader reads it back, a share link read back as itself, tabs named by their
link values."""

import re
from pathlib import Path

import pytest

from components.core.i18n import CATALOGS, DEFAULT_LANG, quoted
from components.core.link_keys import LINK_KEYS, PAGE_KEY, read_link, share_query, written
from components.core.model_controls import MODEL_KEYS
from components.core.page_tabs import Tab
from components.core.spec import ModelSpec
from tests.test_link_golden import random_links

SAMPLES = {
    "files": [True, False],
    "log": [True, False],
    "pins": [(), (ModelSpec(),), (ModelSpec(widths=(8,)), ModelSpec(learning_rate=0.01))],
    "hide": [frozenset(), frozenset({"opt", "lr"}), frozenset({""})],
    "tab": list(Tab),
    "lang": ["en", "ko"],
    "epoch": [None, 0, 40, 500],
    "cells": [True, False],
    "ship": [True, False],
}


def test_every_key_is_declared_once_and_has_samples_here():
    assert len(set(LINK_KEYS)) == len(LINK_KEYS) == len(MODEL_KEYS) + len(PAGE_KEY)
    assert set(SAMPLES) == set(PAGE_KEY)


@pytest.mark.parametrize(("key", "value"), [(k, v) for k, vs in SAMPLES.items() for v in vs])
def test_a_value_is_read_back_as_written(key, value):
    text = written(key, value)
    if text is None:
        assert value == PAGE_KEY[key].default
        return
    assert PAGE_KEY[key].read([text]) == (value, [])


def test_a_share_link_reads_back_as_itself_without_a_notice():
    for query in random_links(2_000):
        link = read_link(query)
        shared = share_query(link.spec, link.values)
        again = read_link(shared)
        assert (again.notices, again.pin_notices) == ([], []), shared
        assert share_query(again.spec, again.values) == shared


def test_english_tab_labels_are_their_link_values():
    """Streamlit writes an English tab's label into the link (``?tab=Regions``)."""
    assert [CATALOGS[DEFAULT_LANG][f"tab.{tab}"] for tab in Tab] == [tab.value for tab in Tab]


def test_a_hostile_value_is_quoted_short_printable_and_outside_any_code_span():
    assert quoted("a`b\x00c") == "a?b?c"
    assert quoted("x" * 30) == "x" * 24 + "..."
    assert quoted("x" * 30, cut="") == "x" * 24


def test_only_the_links_edge_touches_the_query_params():
    """One reader and writer of the link: components/ui/link.py (and Streamlit's own binding
    of a widget, ``bind="query-params"``)."""
    root = Path(__file__).resolve().parent.parent
    sources = [root / "dashboard.py", root / "app.py", *(root / "components").rglob("*.py")]
    code = re.compile(r"(?<!`)st\.query_params")  # not where a docstring names it
    touching = {str(path.relative_to(root)) for path in sources if code.search(path.read_text())}
    assert touching == {"components/ui/link.py"}


@pytest.mark.parametrize(
    ("given", "used", "notice"),
    [("40", 40, None), ("0", 0, None), ("9000", 500, "outside"), ("-3", 0, "outside"),
     ("2.5", None, "not_whole"), ("last", None, "not_whole")],
)  # fmt: skip
def test_a_hand_edited_epoch_is_clamped_or_the_trained_model_with_a_notice(given, used, notice):
    value, notices = PAGE_KEY["epoch"].read([given])
    assert value == used
    assert [n.key for n in notices] == ([f"notice.{notice}"] if notice else [])
