"""A small host's box on this machine (bench/cgroup_box.py), for real: the pool sizes itself
from the box's limits, and an OOM kill inside it is reported. Needs root and cgroup v1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.cgroup_box import CGROUP_V1, MB, box

pytestmark = pytest.mark.skipif(
    not (os.geteuid() == 0 and (CGROUP_V1 / "memory" / "cgroup.procs").exists()),
    reason="needs root and the cgroup v1 memory and cpu hierarchies",
)
ROOT = Path(__file__).resolve().parents[1]


def run_in(inside, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        **inside.popen_kwargs(),
    )  # fmt: skip


def test_the_pool_sizes_itself_to_a_small_hosts_box():
    code = "from components.engine import host; print(host.pool_size().workers)"
    with box(1024 * MB, 1.0) as small:
        assert run_in(small, code).stdout.strip() == "1"
    with box(1024 * MB, 2.0) as short_of_memory:  # two cores, memory for one worker
        assert run_in(short_of_memory, code).stdout.strip() == "1"
    with box(2765 * MB, 2.0) as medium:  # 2.7 GB, 2 cores
        assert run_in(medium, code).stdout.strip() == "2"


def test_an_oom_kill_in_the_box_is_reported_and_the_box_removed():
    with box(128 * MB, 1.0, name="paramlab-box-test") as tight:
        ran = run_in(tight, "x = bytearray(b'\\1' * (400 * 1024 * 1024))")
        report = tight.report()
    assert ran.returncode == -9 and report.oom_kills >= 1
    assert report.peak_bytes <= 128 * MB
    assert not (CGROUP_V1 / "memory" / "paramlab-box-test").exists()
    with box(512 * MB, 1.0) as roomy:
        assert run_in(roomy, "x = bytearray(b'\\1' * (200 * 1024 * 1024))").returncode == 0
        report = roomy.report()
    assert report.oom_kills == 0 and report.peak_bytes >= 200 * MB
