"""Results kept for every session: bounded caches in memory, the result store on disk behind.

A link someone already trained, swept or measured answers at once: from memory if it is
there, else from the store (which outlives the process and is shared by every server on the
disk), which puts it back in memory.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import replace

from components.engine.flights import JobKind
from components.engine.store import ResultStore

RESULT_CACHE_BYTES = 32 * 1024 * 1024
MEASURE_CACHE_BYTES = 4 * 1024 * 1024  # each of the sweeps' and the file reports' caches


class LRU:
    """Least recently used first out, bounded by count and by bytes (``weigh``, called
    once per value put)."""

    def __init__(self, size: int, max_bytes: int | None = None, weigh=lambda value: 0) -> None:
        self._items: OrderedDict = OrderedDict()  # key -> (value, its weight)
        self._size = size
        self._max_bytes = max_bytes
        self._weigh = weigh
        self._bytes = 0
        self._lock = threading.Lock()

    def _too_big(self) -> bool:
        if len(self._items) > self._size:
            return True
        if self._max_bytes is None or len(self._items) <= 1:
            return False
        return self._bytes > self._max_bytes

    def get(self, key):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
            return None

    def put(self, key, value, weight: int | None = None) -> None:
        """``weight``: the value's, where the caller knows it (else ``weigh(value)``)."""
        weight = self._weigh(value) if weight is None else weight
        with self._lock:
            if key in self._items:
                self._bytes -= self._items[key][1]
            self._items[key] = (value, weight)
            self._bytes += weight
            self._items.move_to_end(key)
            while self._too_big():
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    @property
    def bytes(self) -> int:
        """What the values kept weigh together."""
        return self._bytes


class ResultCache:
    """One cache per kind of job, keyed ``(kind, key)`` like the flights, and the store."""

    def __init__(self, trainings: int = 256, store: ResultStore | None = None) -> None:
        # Bounded in bytes, each result weighed as it travelled from its worker (pickled):
        # a training carries its .keras file (~16 MB for a 6 x 512), every result its
        # curves and grids (10-30 KB). Evicted results are still in the store, on disk.
        self._caches = {
            JobKind.TRAIN: LRU(trainings, RESULT_CACHE_BYTES, pickled_bytes),
            JobKind.SWEEP: LRU(64, MEASURE_CACHE_BYTES, pickled_bytes),
            JobKind.REPORT: LRU(64, MEASURE_CACHE_BYTES, pickled_bytes),
            JobKind.SHIP: LRU(64, MEASURE_CACHE_BYTES, pickled_bytes),
        }
        self._store = store

    def get(self, kind: JobKind, key: Hashable):
        """The result kept for ``key``, or None."""
        found = self._caches[kind].get((kind, key))
        if found is None and self._store is not None:
            found = self._store.get((kind, key))
            if found is not None:
                self._caches[kind].put((kind, key), found)
        return found

    def put(
        self, flight_key: tuple[JobKind, Hashable], result, pickled: bytes | None = None
    ) -> None:
        """``pickled``: the result as its worker pickled it, if known: its weight, and what
        the store keeps, without pickling it again."""
        kind, _ = flight_key
        self._caches[kind].put(flight_key, result, None if pickled is None else len(pickled))
        if self._store is not None:
            self._store.put(flight_key, result, pickled)

    def cache(self, kind: JobKind) -> LRU:
        """The memory cache of ``kind``'s results."""
        return self._caches[kind]

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def pickled_bytes(result) -> int:
    """About a result's size as it travelled from its worker, pickled (within ~6%): a
    training's .keras file and its weight snapshots counted by their lengths, not pickled
    again. Pickling a default training's eleven snapshots took most of this function's time,
    on the thread that hands every finished job to its waiters."""
    file = getattr(result, "model_file", b"")
    snapshots = getattr(result, "snapshots", ())
    rest = replace(result, model_file=b"", snapshots=()) if file or snapshots else result
    held = len(file) + sum(snapshot.nbytes for snapshot in snapshots)
    return held + len(pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL))
