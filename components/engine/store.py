"""Results that outlive the server: trained models, sweeps and reports, on disk.

``diskcache`` (SQLite and files) keeps them bounded in bytes, least recently used out,
and is safe for several processes at once: a restarted server, or a second one on the
same disk, answers any link trained before without training. Each key carries the
trainer's revision and the TensorFlow and Keras versions, so an upgrade never serves
numbers an older build made, and the store's format. A worker's result is kept as the
bytes its worker pickled (tagged ``PICKLED``), not pickled again.
A store that cannot be opened or read is only a miss: the page computes as usual. A
damaged one (its SQLite file corrupt) is moved aside and made anew, once per process, so
a restart does not find it broken again and run without a store for good.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import logging
import os
import pickle
import shutil
import sqlite3
import threading
from collections.abc import Hashable

from components.core.results import TRAINER_REVISION
from components.engine.settings import DEFAULT_STORE_BYTES

log = logging.getLogger(__name__)
PICKLED = "pickled"  # the tag of a value kept as its worker's pickle (bytes), not as itself
# In every key: a server that kept values only as themselves (before PICKLED) would take a
# tagged entry's bytes for the result itself; with the format in the key it misses instead.
FORMAT = "format=2"


@functools.cache  # read once: a cluster's task keys carry it too, one per job
def build() -> str:
    """The versions that decide a result's numbers and bytes (read without importing them)."""
    versions = [f"trainer={TRAINER_REVISION}"]
    for package in ("tensorflow-cpu", "tensorflow", "keras", "h5py"):
        try:
            versions.append(f"{package}={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return ",".join(versions)


def _damaged(error: Exception) -> bool:
    """The SQLite file is not a database or is corrupt (not merely locked or unwritable)."""
    return isinstance(error, sqlite3.DatabaseError) and getattr(error, "sqlite_errorname", "") in {
        "SQLITE_CORRUPT",
        "SQLITE_NOTADB",
    }


class ResultStore:
    """A bounded, persistent map from a job's key to its result."""

    def __init__(self, directory: str, size_limit: int = DEFAULT_STORE_BYTES) -> None:
        self._build = build()
        self._directory, self._size_limit = directory, size_limit
        self._repaired, self._repair_lock = False, threading.Lock()
        self._cache = None
        try:
            self._cache = self._open()
        except Exception as error:
            if _damaged(error):
                self._cache = self._repair(error)
            else:  # unwritable: run without it
                log.warning("Result store at %s is unavailable: %s", directory, error)

    def _open(self):
        import diskcache

        return diskcache.Cache(
            self._directory,
            size_limit=self._size_limit,
            eviction_policy="least-recently-used",
            cull_limit=1,  # evict one entry per write: the default 10 can empty it
        )

    def _repair(self, error: Exception):
        """A new, empty store where the damaged one was (kept beside it as ``.damaged``,
        replacing an older one, so the disk holds at most one); None if that fails too."""
        with self._repair_lock:
            if self._repaired:  # once per process: a store that breaks again stays off
                return None
            self._repaired = True
        if self._cache is not None:
            with contextlib.suppress(Exception):
                self._cache.close()
        aside = f"{self._directory.rstrip(os.sep)}.damaged"
        try:
            shutil.rmtree(aside, ignore_errors=True)
            os.replace(self._directory, aside)
            cache = self._open()
        except Exception as again:
            log.warning("Result store at %s is unavailable: %s (%s)", self._directory, error, again)
            return None
        log.warning(
            "Result store at %s was damaged (%s): moved to %s and recreated empty",
            self._directory,
            error,
            aside,
        )
        return cache

    def _key(self, key: Hashable) -> str:
        return f"{self._build}|{FORMAT}|{key!r}"

    def get(self, key: Hashable):
        if self._cache is None:
            return None
        try:
            value, tag = self._cache.get(self._key(key), tag=True)
            return pickle.loads(value) if tag == PICKLED else value
        except Exception as error:  # a damaged entry is a miss, never a broken page
            if _damaged(error):  # the file itself: repaired once
                self._cache = self._repair(error)
            else:
                log.warning("Result store read failed: %s", error)
            return None

    def put(self, key: Hashable, value, pickled: bytes | None = None) -> None:
        """Keep ``value``; given ``pickled`` (``value`` as its worker pickled it), those
        bytes are written as they are, not pickled again."""
        if self._cache is None:
            return
        try:
            if pickled is None:
                self._cache.set(self._key(key), value)
            else:
                self._cache.set(self._key(key), pickled, tag=PICKLED)
        except Exception as error:
            if _damaged(error):
                self._cache = self._repair(error)
            else:
                log.warning("Result store write failed: %s", error)

    def volume(self) -> int:
        """Bytes on disk."""
        return 0 if self._cache is None else self._cache.volume()

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
