"""Every setting the engine takes from its environment, read once into one frozen object.

Read when a server makes its engine (``EngineSettings.from_environment()``), never at
import: a test or a second engine can set its own, and nothing depends on import order.

| variable | default | what |
|---|---|---|
| ``PARAMLAB_WORKERS`` | what the host's cores and memory hold | local worker processes |
| ``PARAMLAB_TIME_LIMIT_S`` | 60 | seconds a training may run (and the refusal's limit) |
| ``PARAMLAB_DASK_SCHEDULER`` | none: local workers | ``tcp://HOST:PORT`` of a Dask cluster |
| ``PARAMLAB_STORE_DIR`` | ``<tmp>/paramlab-store`` | the result store's folder |
| ``PARAMLAB_STORE_BYTES`` | 512 MB | the result store's bound |

A value that cannot be read falls back to its default, with a line in the log.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass

from components.engine import host

DEFAULT_TIME_LIMIT_S = 60.0
DEFAULT_STORE_BYTES = 512 * 1024 * 1024

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EngineSettings:
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    dask_scheduler: str | None = None  # tcp://HOST:PORT; None: local worker processes
    store_dir: str = os.path.join(tempfile.gettempdir(), "paramlab-store")
    store_bytes: int = DEFAULT_STORE_BYTES
    # Local workers: PARAMLAB_WORKERS, or what this host's cores and memory hold (and why).
    workers: host.WorkerCount | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> EngineSettings:
        environ = os.environ if environ is None else environ
        default = cls()
        return cls(
            time_limit_s=_number(environ, "PARAMLAB_TIME_LIMIT_S", default.time_limit_s, float),
            dask_scheduler=environ.get("PARAMLAB_DASK_SCHEDULER") or None,
            store_dir=environ.get("PARAMLAB_STORE_DIR") or default.store_dir,
            store_bytes=_number(environ, "PARAMLAB_STORE_BYTES", default.store_bytes, int),
            workers=host.pool_size(environ),
        )


def _number(environ: Mapping[str, str], name: str, default, kind):
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not value > 0:
        log.warning("%s=%r is not a positive number; using %s.", name, raw[:20], default)
        return default
    return value
