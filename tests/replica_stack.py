"""The README's replicas on loopback: a Dask cluster, two `streamlit run app.py`, HAProxy.

Not a test module: ``tests/test_replicas.py`` uses it. Every piece is started with the
README's own lines (``tests/readme_cluster.py``), its ports swapped for free ones, and
HAProxy with ``deploy/haproxy.cfg`` as it is, told the addresses by its environment.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.live_app import free_port, healthy
from tests.readme_cluster import (
    REPLICAS_SECTION,
    SCHEDULER_PORT,
    Cluster,
    fresh_shell_env,
    readme_cluster,
    readme_commands,
    start_command,
    stop,
)

REPLICA_PORTS = ("8502", "8503")


@dataclass
class Replica:
    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        stop(self.process)


@dataclass
class Stack:
    cluster: Cluster
    url: str  # the balancer's
    replicas: list[Replica]
    balancer_log: Path
    processes: list[subprocess.Popen] = field(default_factory=list)


def wait_healthy(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if healthy(url):
            return True
        time.sleep(0.3)
    return False


def replica_of(response_headers) -> str | None:
    """Which replica the balancer's cookie names, from a response's Set-Cookie."""
    for value in response_headers.get_all("Set-Cookie") or []:
        if value.startswith("PARAMLAB_REPLICA="):
            return value.split(";")[0].split("=", 1)[1]
    return None


def first_replica(url: str) -> str | None:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
        return replica_of(response.headers)


def wait_balanced(url: str, count: int, seconds: float) -> bool:
    """Until the balancer hands out all ``count`` replicas (it checks them every second)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if len({first_replica(url) for _ in range(2 * count)}) == count:
            return True
        time.sleep(0.3)
    return False


@contextlib.contextmanager
def replica_stack(folder: Path, seconds: float = 90) -> Iterator[Stack]:
    """The cluster, the two replicas (a fresh result store of their own) and the balancer,
    each healthy; all stopped with their process groups."""
    with readme_cluster(folder) as cluster:
        scheduler_port = cluster.address.rsplit(":", 1)[1]
        ports = {readme: free_port() for readme in REPLICA_PORTS}
        commands = readme_commands(REPLICAS_SECTION, {SCHEDULER_PORT: int(scheduler_port), **ports})
        env = fresh_shell_env(PARAMLAB_STORE_DIR=str(folder / "store"))
        replicas: list[Replica] = []
        balancer = None
        try:
            for number, command in enumerate(commands.background, start=1):
                log = folder / f"replica{number}.log"
                process = start_command(commands, command, log, env)
                port = ports[REPLICA_PORTS[number - 1]]
                replicas.append(Replica(f"http://127.0.0.1:{port}", process, log))
            balancer_port = free_port()
            balancer_env = {
                **env,
                "PARAMLAB_BIND": f"127.0.0.1:{balancer_port}",
                "PARAMLAB_REPLICA_1": f"127.0.0.1:{ports[REPLICA_PORTS[0]]}",
                "PARAMLAB_REPLICA_2": f"127.0.0.1:{ports[REPLICA_PORTS[1]]}",
            }
            balancer_log = folder / "haproxy.log"
            balancer = start_command(commands, commands.foreground, balancer_log, balancer_env)
            stack = Stack(cluster, f"http://127.0.0.1:{balancer_port}", replicas, balancer_log)
            for replica in replicas:
                assert wait_healthy(replica.url, seconds), replica.log.read_text()[-3000:]
            assert wait_healthy(stack.url, 30), balancer_log.read_text()[-3000:]
            assert wait_balanced(stack.url, len(replicas), 30), balancer_log.read_text()[-3000:]
            yield stack
        finally:
            if balancer is not None:
                stop(balancer)
            for replica in replicas:
                replica.stop()
