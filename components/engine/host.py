"""How many training workers this host can hold: its cores and the memory it really has.

Pure Python, no TensorFlow. A container's limits are its cgroup's, not the machine's:
``os.cpu_count()`` and total RAM overstate them, and a worker too many is killed by the
out-of-memory killer mid-training. So the memory is the smallest of the cgroup limits on
the way from this process's cgroup to the root (v2 ``memory.max``, v1
``memory.limit_in_bytes``) and the physical RAM; the cores are the CPU affinity, capped by
a CPU quota (v2 ``cpu.max``, v1 ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``). File paths
are arguments, so tests point them at files of their own.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = "/sys/fs/cgroup"
PROC_SELF_CGROUP = "/proc/self/cgroup"
WORKERS_ENV = "PARAMLAB_WORKERS"
MAX_WORKERS = 32  # an override beyond this is a typo, not a plan

MB = 1024 * 1024
# Measured with psutil and /proc/<pid>/smaps_rollup in a process that ran init_worker(),
# a 6 x 512 training with its .keras save and that model's file report in every format
# (the heaviest job a worker runs): its own heap grows from ~310 MB after the warm-up to
# ~430 MB, peaking at ~510 MB (peak RSS less the shared pages) during the TFLite
# conversion; 550 MB leaves room for the slow growth over a worker's 250 jobs. Measured
# again once workers stopped loading scikit-learn: ~260 MB after the warm-up, and still a
# ~520 MB peak (anonymous pages, /proc/<pid>/smaps_rollup) over three such rounds.
WORKER_BYTES = 550 * MB
# TensorFlow's libraries, ~400 MB of clean file pages in every worker's RSS: shared by all
# workers and counted once in the cgroup, however many workers map them. (A lone worker's
# USS of ~650-700 MB is these plus its heap, when no other process maps them.)
SHARED_LIBRARY_BYTES = 400 * MB
# The Streamlit server with the page loaded (~185 MB, bench.memory_one_user) and its result
# cache (at most 32 MB of .keras files), rounded down: the cache is rarely full.
SERVER_BYTES = 200 * MB


@dataclass(frozen=True)
class WorkerCount:
    """The pool size, why, and a notice for the log when an override was not usable."""

    workers: int
    reason: str
    notice: str | None = None


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def _cgroup_dirs(root: Path, mount: str, controller: str, proc_cgroup) -> list[Path]:
    """This process's cgroup folder for ``controller`` (v1; ``""`` is the unified v2
    hierarchy) under ``root / mount``, then its ancestors up to the root: a limit set on
    any of them applies. Without a cgroup namespace the mount shows only the container's
    own cgroup, not the path /proc names; the walk reaches it as the root."""
    own = "/"
    for line in (_read(Path(proc_cgroup)) or "").splitlines():
        fields = line.split(":", 2)
        if len(fields) == 3 and controller in fields[1].split(","):
            own = fields[2]
            break
    parts = [p for p in own.split("/") if p]
    return [root / mount / "/".join(parts[:i]) for i in range(len(parts), -1, -1)]


def cgroup_memory_limit(
    root: str | os.PathLike = CGROUP_ROOT, proc_cgroup: str | os.PathLike = PROC_SELF_CGROUP
) -> int | None:
    """The tightest cgroup memory limit in bytes, or None where none is set ("max")."""
    root = Path(root)
    files = [d / "memory.max" for d in _cgroup_dirs(root, "", "", proc_cgroup)]  # v2
    files += [  # v1
        d / "memory.limit_in_bytes" for d in _cgroup_dirs(root, "memory", "memory", proc_cgroup)
    ]
    limits = [int(value) for value in map(_read, files) if value and value.isdigit()]
    # v1 writes "no limit" as a huge number (2^63 rounded to a page); min() with the
    # physical RAM in memory_bytes() makes any such value harmless.
    return min(limits) if limits else None


def physical_memory_bytes() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def memory_bytes(
    root: str | os.PathLike = CGROUP_ROOT,
    proc_cgroup: str | os.PathLike = PROC_SELF_CGROUP,
    physical: int | None = None,
) -> int:
    """The memory this process may use: its cgroup limit, or the RAM if that is less."""
    physical = physical_memory_bytes() if physical is None else physical
    limit = cgroup_memory_limit(root, proc_cgroup)
    return physical if limit is None else min(limit, physical)


def cpu_quota_cores(
    root: str | os.PathLike = CGROUP_ROOT, proc_cgroup: str | os.PathLike = PROC_SELF_CGROUP
) -> float | None:
    """Cores' worth of CPU time the cgroup quota allows, or None without a quota."""
    root = Path(root)
    quotas: list[tuple[str | None, str | None]] = []
    for folder in _cgroup_dirs(root, "", "", proc_cgroup):  # v2: "quota period" or "max ..."
        quota, _, period = (_read(folder / "cpu.max") or "").partition(" ")
        quotas.append((quota, period))
    for folder in _cgroup_dirs(root, "cpu", "cpu", proc_cgroup):  # v1: quota -1 is none
        quotas.append((_read(folder / "cpu.cfs_quota_us"), _read(folder / "cpu.cfs_period_us")))
    cores = [
        int(quota) / int(period)
        for quota, period in quotas
        if quota and period and quota.isdigit() and period.isdigit() and int(period) > 0
    ]
    return min(cores) if cores else None


def usable_cores(
    root: str | os.PathLike = CGROUP_ROOT,
    proc_cgroup: str | os.PathLike = PROC_SELF_CGROUP,
    affinity: int | None = None,
) -> int:
    """CPUs this process may run on, capped by the CPU quota (a 1.5-core quota is 1 core a
    worker can keep busy); at least 1."""
    if affinity is None:
        try:
            affinity = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            affinity = os.cpu_count() or 1
    quota = cpu_quota_cores(root, proc_cgroup)
    cores = affinity if quota is None else min(affinity, math.floor(quota))
    return max(1, cores)


def workers_that_fit(
    memory: int,
    cores: float,
    worker_bytes: int = WORKER_BYTES,
    shared_bytes: int = SERVER_BYTES + SHARED_LIBRARY_BYTES,
) -> int:
    """One worker per core, as many as the memory holds after what is paid once (the
    server, TensorFlow's libraries); at least 1, or the page could train nothing."""
    return int(max(1, min(cores, (memory - shared_bytes) // worker_bytes)))


def pool_size(
    environ: Mapping[str, str] | None = None,
    root: str | os.PathLike = CGROUP_ROOT,
    proc_cgroup: str | os.PathLike = PROC_SELF_CGROUP,
) -> WorkerCount:
    """``PARAMLAB_WORKERS`` if set to a usable number, else what fits this host.

    A bad override never raises: it falls back to the fitted count, with a notice."""
    environ = os.environ if environ is None else environ
    memory, cores = memory_bytes(root, proc_cgroup), usable_cores(root, proc_cgroup)
    fitted = workers_that_fit(memory, cores)
    reason = (
        f"{fitted} worker{'s' if fitted > 1 else ''} for {cores} core{'s' if cores > 1 else ''} "
        f"and {memory / MB:,.0f} MB ({WORKER_BYTES // MB} MB a worker after "
        f"{(SERVER_BYTES + SHARED_LIBRARY_BYTES) // MB} MB for the server and TensorFlow's "
        "shared libraries)"
    )
    raw = environ.get(WORKERS_ENV)
    if raw is None or not raw.strip():
        return WorkerCount(fitted, reason)
    text = raw.strip()
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_WORKERS:
        notice: str | None = (
            f"{WORKERS_ENV}={raw[:20]!r} is not a whole number from 1 to {MAX_WORKERS}; "
            f"using {reason}."
        )
        return WorkerCount(fitted, reason, notice)
    workers = int(text)
    notice = None
    if workers > workers_that_fit(memory, math.inf):
        notice = (
            f"{WORKERS_ENV}={workers} is more workers than {memory / MB:,.0f} MB holds "
            f"({WORKER_BYTES // MB} MB each after {(SERVER_BYTES + SHARED_LIBRARY_BYTES) // MB} "
            "MB shared): they may be killed for memory."
        )
    return WorkerCount(workers, f"{workers} from {WORKERS_ENV}", notice)


def heap_bytes(pid: int, proc: str | os.PathLike = "/proc") -> int | None:
    """A process's anonymous memory (its heap, not the libraries it maps): what
    ``WORKER_BYTES`` budgets. None where unreadable.

    ``RssAnon`` of ``/proc/<pid>/status``, the kernel's running count of the process's
    anonymous pages: the same figure as ``Anonymous`` in ``smaps_rollup``, which the kernel
    computes by walking every mapping's page tables: ~12 ms of the reader's CPU for a
    TensorFlow worker, paid by the server after every job (~0.02 ms this way)."""
    for line in (_read(Path(proc) / str(pid) / "status") or "").splitlines():
        name, _, value = line.partition(":")
        if name == "RssAnon" and value.split()[:1] and value.split()[0].isdigit():
            return int(value.split()[0]) * 1024
    return None
