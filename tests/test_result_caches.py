"""The engine's result caches in the server are bounded in bytes, every kind of result:
a class trying many models cannot grow the server past its host's memory."""

from __future__ import annotations

import pickle

import pytest

from components.core.spec import ModelSpec
from components.engine.engine import Engine, Requester
from components.engine.flights import JobKind
from components.engine.result_cache import (
    LRU,
    MEASURE_CACHE_BYTES,
    RESULT_CACHE_BYTES,
    pickled_bytes,
)
from tests import stand_in_jobs
from tests.fake_engine import FakeEngine

MB = 1024 * 1024


def test_each_value_is_weighed_once_and_the_bytes_kept_add_up():
    weighed = []

    def weigh(value: str) -> int:
        weighed.append(value)
        return len(value)

    cache = LRU(size=100, max_bytes=10, weigh=weigh)
    for key in "abcd":
        cache.put(key, "xxxx")
    assert weighed == ["xxxx"] * 4  # not the whole cache again at every put
    assert cache.bytes == 8 and cache.get("a") is None
    cache.put("d", "yy")  # a key put again replaces its weight
    assert cache.bytes == 6


@pytest.mark.parametrize("widths", [(32, 16), (512, 512, 512)])
def test_a_training_weighs_about_what_it_pickles_to(widths):
    """Its file and snapshots counted by length, the rest pickled: within 10% of the whole
    result pickled, so the caches' bounds in bytes hold."""
    result = FakeEngine().train(ModelSpec(widths=widths))
    assert result.snapshots and result.model_file
    whole = len(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    assert pickled_bytes(result) == pytest.approx(whole, rel=0.1)


@pytest.mark.parametrize(
    ("kind", "bound"),
    [
        (JobKind.SWEEP, MEASURE_CACHE_BYTES),
        (JobKind.REPORT, MEASURE_CACHE_BYTES),
        (JobKind.SHIP, MEASURE_CACHE_BYTES),
        (JobKind.TRAIN, RESULT_CACHE_BYTES),
    ],
)
def test_results_past_the_bound_leave_the_servers_memory(kind, bound, tmp_path):
    log = str(tmp_path / "runs.log")
    engine = Engine(workers=1, initializer=stand_in_jobs.no_setup, store=None)
    each = bound / MB / 3.5  # three fit the bound, a fourth does not

    def run(tag: str):
        args = (log, tag, each)
        return engine.run(kind, tag, stand_in_jobs.sized, args, Requester(tag), lambda *_: None)

    try:
        for tag in ("a", "b", "c", "d", "e", "f"):
            run(tag)
        run("f")  # the latest is kept
        run("a")  # the oldest was let go: computed again
    finally:
        engine.shutdown()
    with open(log) as runs:
        assert runs.read().split() == ["a", "b", "c", "d", "e", "f", "a"]
