"""Small parts of the engine: a bounded cache, and visitors' jobs that warm-up yields to."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict


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

    def put(self, key, value) -> None:
        weight = self._weigh(value)
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


class YieldToVisitors(Exception):
    """Raised in a warm-up job's callback: a visitor's job arrived, the warm-up steps aside."""


class Visits:
    """Visitors' jobs in flight and when the last one ended: warm-up yields to them."""

    def __init__(self) -> None:
        self._active = 0
        self._last = float("-inf")
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def visit(self):
        with self._changed:
            self._active += 1
        try:
            yield
        finally:
            with self._changed:
                self._active -= 1
                self._last = time.monotonic()
                self._changed.notify_all()

    @property
    def active(self) -> bool:
        return self._active > 0

    def wait_quiet(self, quiet_s: float) -> None:
        """Return once no visitor's job has been in flight for ``quiet_s``."""
        with self._changed:
            while True:
                idle = time.monotonic() - self._last
                if not self._active and idle >= quiet_s:
                    return
                self._changed.wait(timeout=quiet_s - idle if not self._active else None)
