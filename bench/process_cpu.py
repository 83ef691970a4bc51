"""CPU seconds of process trees (a server and its workers, a Dask cluster), sampled on a
thread so a process that ends keeps its last reading; and a wait until they are quiet."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time

import psutil


class CpuTracker:
    """CPU seconds per process of the trees under ``roots`` (the first is the server; a
    Dask scheduler's is kept apart), read every ``every`` s: a process that ends keeps its
    last reading."""

    def __init__(self, roots: list[int], scheduler: int | None = None, every=0.25) -> None:
        self._roots = [psutil.Process(pid) for pid in roots]
        self._scheduler = scheduler
        self._seen: dict[int, float] = {}
        self._tree: dict[int, int] = {}  # pid -> its root's pid
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._thread = threading.Thread(target=self._loop, args=(every,), daemon=True)
        self._read()
        self._thread.start()

    def _read(self) -> None:
        for root in self._roots:
            with contextlib.suppress(psutil.Error):
                for process in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        times = process.cpu_times()
                        with self._lock:
                            self._seen[process.pid] = times.user + times.system
                            self._tree[process.pid] = root.pid

    def _loop(self, every: float) -> None:
        while not self._stop.wait(every):
            self._read()

    def snapshot(self) -> dict[int, float]:
        self._read()
        with self._lock:
            return dict(self._seen)

    def used(self, before: dict[int, float], after: dict[int, float]) -> tuple[float, ...]:
        """CPU seconds between two snapshots: the server's own, its workers' (or the Dask
        workers'), the Dask scheduler's."""
        server = self._roots[0].pid
        spent = {pid: cpu - before.get(pid, 0.0) for pid, cpu in after.items()}
        apart = sum(v for pid, v in spent.items() if self._tree.get(pid) == self._scheduler)
        return spent.get(server, 0.0), sum(spent.values()) - spent.get(server, 0.0) - apart, apart

    async def quiet(self, hold: float = 1.0, within: float = 120.0, share=0.05) -> bool:
        """Until all the processes together used under ``share`` of a core in each second
        of ``hold`` seconds in a row; False if that did not come within ``within`` s."""
        deadline, quiet_since = time.perf_counter() + within, time.perf_counter()
        while time.perf_counter() < deadline:
            before = self.snapshot()
            await asyncio.sleep(1.0)
            if sum(self.used(before, self.snapshot())) >= share:
                quiet_since = time.perf_counter()
            elif time.perf_counter() - quiet_since >= hold:
                return True
        return False

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
