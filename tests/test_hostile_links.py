"""Over a hundred broken or hostile links: never a traceback, always the nearest valid value
and one notice saying what changed. Each runs the real page through AppTest."""

import itertools
import re

import pytest

from components.core.model_controls import CONTROL, control_values
from components.core.model_link import spec_from_query, spec_to_query
from components.core.params import summarize
from tests.test_app import metric, run_app
from tests.test_app_sharing import share_link

pytestmark = pytest.mark.usefixtures("fake_engine")  # the links are the subject, not training

KEYS = ["h1", "layers", "epochs", "dropout", "lr", "batch", "seed", "opt", "bn", "h2"]
VALUES = [
    "abc",
    "-5",
    "NaN",
    "inf",
    "-inf",
    "1e12",
    "1e-12",
    " ",
    "0x10",
    "½",
    "٣",
    "3.7",
    "-0",
    "+7",
    "<script>alert(1)</script>",
    "'; DROP TABLE users;--",
    "\x00",
    "null",
    "🌸🌸",
    "9" * 400,
    "x" * 10_240,
    "1,2",
    "true",
    "sgd",
]
LINKS = [{key: value} for key, value in zip(itertools.cycle(KEYS), VALUES * 4, strict=False)]
LINKS += [
    {"h1": ["8", "64"]},  # repeated key: the last wins
    {"utm_source": "mail", "__proto__": "x"},  # unknown keys are ignored
    {"h1": "abc", "epochs": "1e12", "opt": "<b>x</b>", "layers": "0"},
    {"layers": "6", "h6": "1e9", "bn": "FALSE", "dropout": "0.81"},
]


def as_given(key: str, text: str):
    """What a link's text plainly says, for a control of this kind."""
    word = text.strip().lower()
    if CONTROL[key].kind is bool:
        return word in {"true", "1", "on", "yes"}
    return word if CONTROL[key].kind is str else float(word)


@pytest.mark.parametrize("query", LINKS, ids=range(len(LINKS)))
def test_each_value_is_used_as_given_or_reported(query):
    """No notice means no change; each notice names a key the link gave."""
    parsed = spec_from_query(query)
    for notice in parsed.notices:
        assert any(notice.startswith(f"`{key}") for key in query), notice
    if not parsed.notices:
        used = control_values(parsed.spec)
        for key, text in query.items():
            if key in used:
                assert used[key] == as_given(key, text), (key, text)


@pytest.mark.parametrize("index", range(len(LINKS)))
def test_hostile_link(index):
    from tests.test_link_golden import load_recording, recorded_page

    query = LINKS[index]
    expected = spec_from_query(query)
    at = run_app(**query)
    assert not at.exception
    # Its share link, warnings and rewritten link exactly as recorded (tests/test_link_golden.py).
    assert recorded_page(load_recording(), index, at)
    assert metric(at, "Total params") == str(summarize(expected.spec).total)
    # The page runs exactly the spec our parser chose, and its share link says so.
    canonical = spec_to_query(expected.spec)
    assert share_link(at).endswith(
        "?" + "&".join(f"{k}={v}" for k, v in canonical.items()) if canonical else "/"
    )
    notice = " ".join(w.value for w in at.warning)
    if expected.notices:
        assert "could not be used as given" in notice
        # Echoed values stay inside code spans (shown as text, never as markup), and short.
        assert "<" not in re.sub(r"`[^`]*`", "", notice)
        assert len(notice) < 2_000
    else:
        assert not notice
