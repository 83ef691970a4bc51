"""The result store on disk: a damaged SQLite file is recreated, not a store off for good."""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

import pytest

from components.engine.flights import JobKind
from components.engine.result_cache import ResultCache
from components.engine.store import ResultStore


def filled_store(directory: Path) -> None:
    store = ResultStore(str(directory))
    for i in range(50):
        store.put(("train", i), b"x" * 3000)  # a database of many pages
    store.close()


def repair_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "recreated" in r.getMessage()]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: os.urandom(len(data)), id="all-garbage"),
        pytest.param(lambda data: data[:4096] + os.urandom(len(data) - 4096), id="past-header"),
    ],
)
def test_a_corrupt_cache_db_is_recreated_and_stores_again(tmp_path, caplog, damage):
    directory = tmp_path / "store"
    filled_store(directory)
    database = directory / "cache.db"
    database.write_bytes(damage(database.read_bytes()))
    caplog.set_level(logging.WARNING, logger="components.engine.store")

    store = ResultStore(str(directory))
    store.get(("train", 3))  # a header that still reads is found damaged on first use
    store.put(("train", 1), "kept")
    assert store.get(("train", 1)) == "kept"
    store.close()

    assert len(repair_lines(caplog)) == 1
    assert (tmp_path / "store.damaged" / "cache.db").exists()  # kept aside, once
    restarted = ResultStore(str(directory))  # and a restart finds it whole
    assert restarted.get(("train", 1)) == "kept"
    restarted.close()
    assert len(repair_lines(caplog)) == 1


def test_repairs_keep_one_damaged_copy_on_disk(tmp_path, caplog):
    directory = tmp_path / "store"
    for _ in range(2):
        filled_store(directory)
        (directory / "cache.db").write_bytes(b"garbage" * 1000)
        ResultStore(str(directory)).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.damaged"]


class Unpicklable:
    """A result that cannot be pickled in the server (it holds a lambda): it can be kept
    only as the bytes its worker sent."""

    def __init__(self) -> None:
        self.hook = lambda: None


def test_a_workers_result_is_kept_as_the_bytes_it_sent_not_pickled_again(tmp_path):
    sent = pickle.dumps({"accuracy": 0.97}, protocol=pickle.HIGHEST_PROTOCOL)
    caches = ResultCache(store=ResultStore(str(tmp_path / "store")))
    caches.put((JobKind.TRAIN, "spec"), Unpicklable(), sent)
    assert caches.cache(JobKind.TRAIN).bytes == len(sent)  # weighed by them too
    caches.close()
    restarted = ResultCache(store=ResultStore(str(tmp_path / "store")))
    assert restarted.get(JobKind.TRAIN, "spec") == {"accuracy": 0.97}
    restarted.close()


def test_a_value_put_without_its_bytes_is_kept_as_itself(tmp_path):
    store = ResultStore(str(tmp_path / "store"))
    store.put(("train", 1), b"raw bytes")  # not taken for a pickle
    assert store.get(("train", 1)) == b"raw bytes"
    store.close()


def test_an_older_servers_entries_and_this_ones_do_not_meet(tmp_path):
    """A server from before results were kept as their workers' bytes reads an entry's value
    as the result itself: it must miss this server's entries (and this one its), not take
    bytes for a result, while both share a disk."""
    import diskcache

    from components.engine.store import build

    store = ResultStore(str(tmp_path / "store"))
    store.put(("train", 1), {"new": True}, pickle.dumps({"new": True}))
    store.close()
    with diskcache.Cache(str(tmp_path / "store")) as older:
        assert older.get(f"{build()}|{('train', 1)!r}") is None  # the older server's key
        older.set(f"{build()}|{('train', 2)!r}", {"old": True})
    assert ResultStore(str(tmp_path / "store")).get(("train", 2)) is None
