"""The README's Dask commands, read from README.md and run as a user types them.

Not a test module: ``tests/test_dask_cli.py`` and ``tests/test_replicas.py`` start the
cluster with it, so the README and the tests cannot drift. Each command runs in a fresh
``bash`` of its own (the block's ``export`` lines first, no ``PYTHONPATH`` inherited),
from the checkout, in a process group of its own that stopping it ends; the fixed port
8786 becomes a free one.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.live_app import free_port

ROOT = Path(__file__).resolve().parents[1]
DASK_SECTION = "Past one machine, on Dask"
REPLICAS_SECTION = "Replicas behind a balancer"
SCHEDULER_PORT = "8786"


@dataclass
class ReadmeCommands:
    exports: list[str]  # `export ...` lines, run before each command
    background: list[str]  # e.g. the scheduler and the workers
    foreground: str  # the last line: the server, or the balancer


def readme_commands(section: str, ports: dict[str, int]) -> ReadmeCommands:
    """The first ```bash block after ``section`` of the README, each port in ``ports``
    (README's: ours) substituted."""
    text = (ROOT / "README.md").read_text()
    after = text[text.index(section) :]
    block = re.search(r"```bash\n(.*?)```", after, re.S).group(1)
    block = block.replace("\\\n", " ")
    for readme_port, port in ports.items():
        block = block.replace(readme_port, str(port))
    lines = [line.split("  #")[0].strip() for line in block.splitlines()]
    lines = [line for line in lines if line]
    exports = [line for line in lines if line.startswith("export ")]
    # Every command but the last keeps running (`... &`, or a shell of its own each).
    *background, foreground = [
        line.removesuffix("&").strip() for line in lines if not line.startswith("export ")
    ]
    return ReadmeCommands(exports, background, foreground)


def fresh_shell_env(**extra: str) -> dict[str, str]:
    """This process's environment as a new login shell would have it: no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("DASK_")}
    return {**env, "TF_CPP_MIN_LOG_LEVEL": "3", **extra}


def start_command(
    commands: ReadmeCommands, command: str, log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    script = "\n".join([*commands.exports, command])
    with log.open("ab") as out:
        return subprocess.Popen(
            ["bash", "-c", script],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env or fresh_shell_env(),
        )


def stop(process: subprocess.Popen) -> None:
    """End ``process``'s group (a nanny's workers too): TERM, then KILL."""
    for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=wait_s)
            return


@dataclass
class Cluster:
    address: str
    commands: ReadmeCommands
    scheduler_log: Path
    worker_log: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def log_lines(self) -> list[str]:
        return self.scheduler_log.read_text(errors="replace").splitlines()


def error_lines(lines: list[str]) -> list[str]:
    """Lines a Dask process logged at ERROR (its format: ``time - logger - LEVEL - msg``)."""
    return [line for line in lines if " - ERROR - " in line]


@contextlib.contextmanager
def readme_cluster(
    folder: Path, workers: int = 2, seconds: float = 60, port: int | None = None
) -> Iterator[Cluster]:
    """The README's scheduler (on ``port``, or a free one) and workers, started from the
    command line and joined."""
    from distributed import Client

    port = port or free_port()
    commands = readme_commands(DASK_SECTION, {SCHEDULER_PORT: port})
    cluster = Cluster(
        f"tcp://127.0.0.1:{port}", commands, folder / "scheduler.log", folder / "workers.log"
    )
    scheduler, *worker_commands = commands.background
    try:
        cluster.processes.append(start_command(commands, scheduler, cluster.scheduler_log))
        for command in worker_commands:
            cluster.processes.append(start_command(commands, command, cluster.worker_log))
        with Client(cluster.address, timeout=seconds, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=seconds)
        yield cluster
    finally:
        for process in reversed(cluster.processes):
            stop(process)


def wait_for_line(path: Path, pattern: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and re.search(pattern, path.read_text(errors="replace")):
            return True
        time.sleep(0.2)
    return False
