"""A small host's budget on this machine: a cgroup v1 box of given memory and CPU.

    python -m bench.cgroup_box --memory-mb 1024 --cpus 1 -- python -m streamlit run app.py

Runs the command inside the box, then prints whether the out-of-memory killer fired
(``memory.oom_control``'s ``oom_kill``), how often the limit was hit (``memory.failcnt``)
and the peak the box held (``memory.max_usage_in_bytes``, page cache included, and the
peak of anonymous memory, sampled), and removes the box. Other benches use ``box()``:
``popen_kwargs`` puts a child in the box from its first instruction (a preexec hook), so
the server and every worker it starts count against the box, as on the host it stands for.

Needs root and the v1 ``memory`` and ``cpu`` hierarchies (``/sys/fs/cgroup/memory``,
``/sys/fs/cgroup/cpu``). Page cache that other processes on the machine loaded first (say,
TensorFlow's libraries) stays charged to them: the box sees less of it than a host would.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CGROUP_V1 = Path("/sys/fs/cgroup")
PERIOD_US = 100_000
MB = 1024 * 1024


@dataclass
class BoxReport:
    """What the box saw, read before it was removed."""

    limit_bytes: int
    cpus: float
    peak_bytes: int  # memory.max_usage_in_bytes: anonymous memory and page cache
    peak_anon_bytes: int  # the largest total_rss sampled from memory.stat
    failcnt: int  # times usage reached the limit (reclaim, then maybe the OOM killer)
    oom_kills: int

    def lines(self) -> list[str]:
        verdict = "NO OOM kill" if not self.oom_kills else f"OOM KILLER FIRED {self.oom_kills}x"
        return [
            f"box {self.limit_bytes / MB:,.0f} MB, {self.cpus:g} core(s): {verdict}",
            f"  peak held in the box        : {self.peak_bytes / MB:7.1f} MB (with page cache)",
            f"  peak anonymous (sampled)    : {self.peak_anon_bytes / MB:7.1f} MB",
            f"  times the limit was reached : {self.failcnt}",
        ]


@dataclass
class Box:
    name: str
    memory_dir: Path
    cpu_dir: Path
    limit_bytes: int
    cpus: float
    peak_anon_bytes: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def enter(self, pid: int = 0) -> None:
        """Move ``pid`` (0: the calling process) into the box; its future children follow."""
        for folder in (self.memory_dir, self.cpu_dir):
            (folder / "cgroup.procs").write_text(f"{pid or os.getpid()}\n")

    def popen_kwargs(self) -> dict:
        """For ``subprocess.Popen``: the child enters the box before it runs the command."""
        return {"preexec_fn": self.enter}

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.peak_anon_bytes = max(self.peak_anon_bytes, self.anon_bytes())

    def anon_bytes(self) -> int:
        stat = _read(self.memory_dir / "memory.stat")
        values = dict(line.split() for line in stat.splitlines() if line.count(" ") == 1)
        return int(values.get("total_rss", values.get("rss", 0)))

    def report(self) -> BoxReport:
        oom = dict(
            line.split() for line in _read(self.memory_dir / "memory.oom_control").splitlines()
        )
        return BoxReport(
            limit_bytes=self.limit_bytes,
            cpus=self.cpus,
            peak_bytes=int(_read(self.memory_dir / "memory.max_usage_in_bytes")),
            peak_anon_bytes=self.peak_anon_bytes,
            failcnt=int(_read(self.memory_dir / "memory.failcnt")),
            oom_kills=int(oom.get("oom_kill", 0)),
        )


def _read(path: Path) -> str:
    return path.read_text().strip()


@contextlib.contextmanager
def box(memory_bytes: int, cpus: float, name: str | None = None) -> Iterator[Box]:
    """A fresh cgroup of ``memory_bytes`` (no swap beyond it) and ``cpus`` cores' worth of
    CPU time; removed on exit once its processes are gone (those left are killed)."""
    name = name or f"paramlab-box-{os.getpid()}"
    memory_dir, cpu_dir = CGROUP_V1 / "memory" / name, CGROUP_V1 / "cpu" / name
    made = []
    try:
        for folder in (memory_dir, cpu_dir):
            folder.mkdir()
            made.append(folder)
        (memory_dir / "memory.limit_in_bytes").write_text(str(memory_bytes))
        with contextlib.suppress(OSError):  # only where swap accounting is on
            (memory_dir / "memory.memsw.limit_in_bytes").write_text(str(memory_bytes))
        (cpu_dir / "cpu.cfs_period_us").write_text(str(PERIOD_US))
        (cpu_dir / "cpu.cfs_quota_us").write_text(str(int(cpus * PERIOD_US)))
        result = Box(name, memory_dir, cpu_dir, memory_bytes, cpus)
        sampler = threading.Thread(target=result._sample, daemon=True)
        sampler.start()
        try:
            yield result
        finally:
            result._stop.set()
            sampler.join()
    finally:
        for folder in reversed(made):
            _remove(folder)


def _remove(folder: Path) -> None:
    """rmdir the group; processes still in it (orphans of the command) are killed first."""
    for _ in range(50):
        pids = [int(p) for p in _read(folder / "cgroup.procs").split()]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
        try:
            folder.rmdir()
            return
        except OSError:
            time.sleep(0.1)
    print(f"could not remove {folder}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-mb", type=float, default=1024)
    parser.add_argument("--cpus", type=float, default=1.0)
    parser.add_argument("command", nargs="+", help="after --: the command to run in the box")
    args = parser.parse_args()
    with box(int(args.memory_mb * MB), args.cpus) as inside:
        code = subprocess.call(args.command, **inside.popen_kwargs())
        report = inside.report()
    print("\n".join([f"command exited with {code}", *report.lines()]))
    sys.exit(code)


if __name__ == "__main__":
    main()
