"""Where a server's Python time goes: py-spy on its process while a phase of a bench runs.

    with ServerProfile(server_pid, Path("moves.txt")) as profile:
        ...  # the phase
    print("\n".join(profile.summary()))

py-spy (`pip install py-spy`, pinned in requirements-dev.txt) samples the process
``rate`` times a second (100 by default) without pausing it (--nonblocking), only stacks
that hold the GIL (--gil): with every script run under one GIL, that is the time the runs
queue for. The raw stacks (one line a stack, root first, then its sample count) are kept
for a flame graph; the summary counts samples by source file (each file once per stack it
is in) and by the function on top. py-spy takes a few percent of a core itself: a bench run
under it measures the cost, not the targets. A higher rate (e.g. 250) separates levers of
~1% of the samples in one class run; a lower one disturbs less.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import subprocess
from collections import Counter
from pathlib import Path

from bench.live_app import ROOT

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>.*?)(?::\d+)?\)$")


class ServerProfile:
    def __init__(self, pid: int, output: Path, rate: int = 100) -> None:
        self.pid, self.output, self.rate = pid, output, rate
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> ServerProfile:
        if shutil.which("py-spy") is None:
            raise SystemExit("--py-spy needs py-spy (pip install -r requirements-dev.txt)")
        command = ["py-spy", "record", "--pid", str(self.pid), "--format", "raw", "--gil"]
        command += ["--nonblocking", "--rate", str(self.rate), "--output", str(self.output)]
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        return self

    def __exit__(self, *_) -> None:
        if self._process is None:
            return
        self._process.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=30)
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def summary(self, top: int = 12) -> list[str]:
        if not self.output.exists():
            return [f"py-spy wrote nothing ({self._stderr()})"]
        files, functions, total = Counter(), Counter(), 0
        for line in self.output.read_text(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit():
                continue
            frames = [FRAME.match(frame) for frame in stack.split(";")]
            frames = [frame for frame in frames if frame]
            total += int(count)
            for file in {frame["file"] for frame in frames}:
                files[_short(file)] += int(count)
            if frames:
                functions[f"{frames[-1]['function']} ({_short(frames[-1]['file'])})"] += int(count)
        if not total:
            return ["py-spy: no samples holding the GIL"]
        lines = [f"py-spy, {total} samples holding the GIL ({self.output}); by file:"]
        lines += [f"  {n / total:6.1%}  {file}" for file, n in files.most_common(top)]
        lines.append("on top of the stack:")
        lines += [f"  {n / total:6.1%}  {name}" for name, n in functions.most_common(top)]
        return lines

    def _stderr(self) -> str:
        if self._process is None or self._process.stderr is None:
            return "not started"
        return self._process.stderr.read().decode(errors="replace").strip()[-300:]


def _short(file: str) -> str:
    """A source file from site-packages or the project folder, without the prefix."""
    for marker in ("site-packages/", f"{ROOT}/", "lib/python3.11/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file
