"""Links read exactly as recorded: the 100 hostile links and 20,000 random ones, every query key.

For each link, what the page makes of it: the spec, the notices (in English and Korean), the
link the page rewrites itself to, the open tab, language, pins, hidden controls and flags, and
the share link. The recording (tests/golden/links.json) holds a digest per 100 links and a few
whole samples; the links are regenerated from a fixed seed. The 100 hostile links and a sample
of random ones also run through the real page (AppTest), whose share link, warnings and
rewritten link are recorded too.

Re-record (``python -m tests.test_link_golden --record``) only when a link is meant to be read
differently, and say so in the commit.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest

from components.core.link_keys import canonical_at_open, read_link, share_query
from tests.test_hostile_links import LINKS as HOSTILE_LINKS
from tests.test_hostile_links import VALUES as HOSTILE_VALUES

RECORDING = Path(__file__).parent / "golden" / "links.json"
SEED = 20_000
RANDOM_LINKS = 20_000
BUCKET = 100  # links per recorded digest
PAGE_SAMPLE = 40  # random links also run through the page
WHOLE_SAMPLES = 25  # random links recorded whole, to read when a digest differs

# Every key a link may hold, and some it may not (ignored, or near misses).
MODEL_KEYS = ["data", "layers", "h1", "h2", "h3", "h4", "h5", "h6", "bn", "dropout", "opt",
              "lr", "epochs", "batch", "seed", "regions"]  # fmt: skip
PAGE_KEYS = ["tab", "lang", "hide", "files", "log", "pins"]
STRAY_KEYS = ["utm_source", "H1", "Tab", "__proto__", "h7", "pin", ""]
WORDS = ["adam", "SGD", " adamw ", "rmsprop", "adagrad", "Adam", "true", "False", "on", "no",
         "yes", "1", "0", "TRUE", "iris", "wine", "digits", "breast_cancer", "WINE",
         "csv-0123456789ab", "csv-", "petal", "sepal", "sl-pl", "sw-pw", "0-1", "0-12", "3-4",
         "12-0", "63-62", "1-0", "Regions", "regions", " BYTES ", "Code", "Compare",
         "Parameters", "Params", "files", "ko", "KO", "en", "fr", " ko ", "default"]  # fmt: skip


def _number(rng: random.Random) -> str:
    choice = rng.randrange(6)
    if choice == 0:
        return str(rng.randint(-10, 1_000))
    if choice == 1:
        return f"{rng.uniform(-1, 2):.{rng.randint(0, 7)}f}"
    if choice == 2:
        return f"{rng.choice(['1', '5', '2.5'])}e{rng.randint(-9, 12)}"
    if choice == 3:
        sign, whole = rng.choice([" ", "+", "-", ""]), rng.randint(0, 600)
        return f"{sign}{whole}{rng.choice(['', '.0', ' '])}"
    if choice == 4:
        return str(rng.randint(0, 2**31 + 10))
    return rng.choice(["0.001", "0.0005", "1e-05", "0.2", "0.8", "0.81", "100", "32", "16"])


def _hide(rng: random.Random) -> str:
    names = rng.sample(MODEL_KEYS + PAGE_KEYS + ["x", " Opt ", ""], rng.randint(0, 4))
    return ",".join(names)


def _pins(rng: random.Random) -> str:
    pins = []
    for _ in range(rng.randint(0, 6)):
        keys = rng.sample([*MODEL_KEYS, "x", "H1"], rng.randint(0, 3))
        pairs = [f"{key}.{_value(rng, key, nested=True)}" for key in keys]
        pins.append("-".join(pairs) or rng.choice(["default", "DEFAULT", " ", "x"]))
    return "~".join(pins)


def _value(rng: random.Random, key: str, nested: bool = False) -> str:
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(HOSTILE_VALUES[:-5] if nested else HOSTILE_VALUES)
    if key == "hide" and roll < 0.8:
        return _hide(rng)
    if key == "pins" and roll < 0.8 and not nested:
        return _pins(rng)
    if roll < 0.6:
        return rng.choice(WORDS)
    return _number(rng)


@functools.cache  # the same links for every test of a run (read, never changed)
def random_links(count: int = RANDOM_LINKS, seed: int = SEED) -> list[dict[str, str | list[str]]]:
    """``count`` links of 1-6 keys each (every kind of key, repeated keys too), from ``seed``."""
    rng = random.Random(seed)
    links = []
    for _ in range(count):
        link: dict[str, str | list[str]] = {}
        pool = MODEL_KEYS * 2 + PAGE_KEYS * 2 + STRAY_KEYS
        for key in rng.sample(pool, rng.randint(1, 6)):
            if rng.random() < 0.12:
                link[key] = [_value(rng, key) for _ in range(rng.randint(2, 3))]
            else:
                link[key] = _value(rng, key)
        links.append(link)
    return links


def _listed(query: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {key: value if isinstance(value, list) else [value] for key, value in query.items()}


def _fields(spec) -> dict:
    """The spec's fields that make it what it is (an upload's table is not one: a link never
    carries one)."""
    return {f.name: getattr(spec, f.name) for f in dataclasses.fields(spec) if f.compare}


def _said(notices) -> list[list[str]]:
    return [[str(notice), notice.in_lang("ko")] for notice in notices]


def link_outcome(query: dict[str, str | list[str]]) -> dict:
    """What the page makes of a link, from the functions the page calls."""
    link = read_link(_listed(query))
    return _as_json({
        "spec": _fields(link.spec),
        "notices": _said(link.notices),
        "pin_notices": _said(link.pin_notices),
        "rewritten": canonical_at_open(link),
        "tab": link.values["tab"],
        "lang": link.values["lang"],
        "hidden": sorted(link.values["hide"]),
        "files": link.values["files"],
        "log": link.values["log"],
        "share": urlencode(share_query(link.spec, link.values)),
    })  # fmt: skip


def _as_json(outcome: dict) -> dict:
    """As the recording holds it (tuples become lists)."""
    return json.loads(json.dumps(outcome))


def page_outcome(at) -> dict:
    """What the real page showed for a link: share link, warnings, its link after the run."""
    from tests.helpers import share_link

    return {
        "exception": [str(e.value) for e in at.exception],
        "share": share_link(at),
        "warnings": [w.value for w in at.warning],
        "url": sorted((key, str(value)) for key, value in at.query_params.items()),
    }


def _digest(outcome: dict) -> str:
    return hashlib.sha256(json.dumps(outcome, sort_keys=True).encode()).hexdigest()[:16]


def _buckets(outcomes: list[dict]) -> list[str]:
    return [
        _digest({"bucket": [_digest(o) for o in outcomes[start : start + BUCKET]]})
        for start in range(0, len(outcomes), BUCKET)
    ]


def page_links() -> list[dict]:
    """Random links with a key beside the model's, for the page (the hostile links run through
    it in tests/test_hostile_links.py)."""
    return [link for link in random_links() if set(link) & set(PAGE_KEYS)][:PAGE_SAMPLE]


def recorded_page(recording: dict, index: int, at) -> bool:
    """Whether the page ``at`` ran for hostile link ``index`` showed what was recorded."""
    return _digest(page_outcome(at)) == recording["hostile_page"][index]


@functools.cache
def load_recording() -> dict:
    return json.loads(RECORDING.read_text())


@pytest.fixture(scope="module")
def recording() -> dict:
    return load_recording()


def test_the_generator_makes_the_recorded_links(recording):
    links = random_links()
    assert len(HOSTILE_LINKS) == 100 and len(links) == RANDOM_LINKS
    assert _digest({"links": links}) == recording["random_links"]
    kinds = {key for link in links for key in link}
    assert set(MODEL_KEYS + PAGE_KEYS) <= kinds


def test_hostile_links_read_as_recorded(recording):
    outcomes = [link_outcome(link) for link in HOSTILE_LINKS]
    assert outcomes == recording["hostile"]


def test_random_links_read_as_recorded(recording):
    outcomes = [link_outcome(link) for link in random_links()]
    assert outcomes[:WHOLE_SAMPLES] == recording["random_samples"]
    changed = [
        f"links {n * BUCKET}..{n * BUCKET + BUCKET - 1}"
        for n, (now, then) in enumerate(zip(_buckets(outcomes), recording["random"], strict=True))
        if now != then
    ]
    assert not changed, f"read differently from the recording: {', '.join(changed[:5])}"


@pytest.mark.usefixtures("fake_engine")
def test_the_page_gives_the_recorded_share_links_and_notices(recording):
    from tests.helpers import app_test

    outcomes = [_digest(page_outcome(app_test(link).run())) for link in page_links()]
    changed = [
        n for n, (now, then) in enumerate(zip(outcomes, recording["page"], strict=True))
        if now != then
    ]  # fmt: skip
    assert not changed, f"the page shows other links or notices for links {changed[:10]}"


def record() -> None:
    """Write the recording from the code as it is now."""
    from tests.helpers import app_test, install_fake_engine

    install_fake_engine(pytest.MonkeyPatch())
    links = random_links()
    outcomes = [link_outcome(link) for link in links]
    recording = {
        "about": "tests/test_link_golden.py: links as the page reads them",
        "random_links": _digest({"links": links}),
        "hostile": [link_outcome(link) for link in HOSTILE_LINKS],
        "random_samples": outcomes[:WHOLE_SAMPLES],
        "random": _buckets(outcomes),
        "page": [_digest(page_outcome(app_test(link).run())) for link in page_links()],
        "hostile_page": [_digest(page_outcome(app_test(link).run())) for link in HOSTILE_LINKS],
    }
    RECORDING.parent.mkdir(exist_ok=True)
    RECORDING.write_text(json.dumps(recording, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    record()
