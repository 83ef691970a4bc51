"""Results that outlive the server: trained models, sweeps and reports, on disk.

``diskcache`` (SQLite and files) keeps them bounded in bytes, least recently used out,
and is safe for several processes at once: a restarted server, or a second one on the
same disk, answers any link trained before without training. Each key carries the
trainer's revision and the TensorFlow and Keras versions, so an upgrade never serves
numbers an older build made.
A store that cannot be opened or read is only a miss: the page computes as usual.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import os
import tempfile
from collections.abc import Hashable

from components.core.results import TRAINER_REVISION

STORE_DIR = os.environ.get(
    "PARAMLAB_STORE_DIR", os.path.join(tempfile.gettempdir(), "paramlab-store")
)
STORE_BYTES = int(os.environ.get("PARAMLAB_STORE_BYTES", str(512 * 1024 * 1024)))

log = logging.getLogger(__name__)


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


class ResultStore:
    """A bounded, persistent map from a job's key to its result."""

    def __init__(self, directory: str = STORE_DIR, size_limit: int = STORE_BYTES) -> None:
        self._build = build()
        try:
            import diskcache

            self._cache = diskcache.Cache(
                directory,
                size_limit=size_limit,
                eviction_policy="least-recently-used",
                cull_limit=1,  # evict one entry per write: the default 10 can empty it
            )
        except Exception as error:  # unwritable or corrupt: run without it
            log.warning("Result store at %s is unavailable: %s", directory, error)
            self._cache = None

    def _key(self, key: Hashable) -> str:
        return f"{self._build}|{key!r}"

    def get(self, key: Hashable):
        if self._cache is None:
            return None
        try:
            return self._cache.get(self._key(key))
        except Exception as error:  # a damaged entry is a miss, never a broken page
            log.warning("Result store read failed: %s", error)
            return None

    def put(self, key: Hashable, value) -> None:
        if self._cache is None:
            return
        try:
            self._cache.set(self._key(key), value)
        except Exception as error:
            log.warning("Result store write failed: %s", error)

    def volume(self) -> int:
        """Bytes on disk."""
        return 0 if self._cache is None else self._cache.volume()

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
