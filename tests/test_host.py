"""The worker count from cgroup files written to a temp folder, and PARAMLAB_WORKERS."""

from pathlib import Path

import pytest

from components.engine import host
from components.engine.host import MB, SERVER_BYTES, SHARED_LIBRARY_BYTES, WORKER_BYTES

GB = 1024 * MB
ONCE = SERVER_BYTES + SHARED_LIBRARY_BYTES  # the server and TensorFlow's libraries
V1_NO_LIMIT = "9223372036854771712"  # what cgroup v1 writes when no limit is set


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")


@pytest.fixture
def v2(tmp_path):
    """A cgroup v2 host: this process sits in /app/web."""
    write(tmp_path / "v2", "proc_cgroup", "0::/app/web")
    return tmp_path / "v2"


@pytest.fixture
def v1(tmp_path):
    """A cgroup v1 host: this process's cpu cgroup is /app, its memory cgroup /app/web."""
    write(tmp_path / "v1", "proc_cgroup", "9:cpu,cpuacct:/app\n4:memory:/app/web\n0::/")
    return tmp_path / "v1"


def sizes(root: Path, affinity: int = 8, physical: int = 64 * GB) -> tuple[int, int]:
    proc = root / "proc_cgroup"
    return (
        host.memory_bytes(root, proc, physical=physical),
        host.usable_cores(root, proc, affinity=affinity),
    )


def test_cgroup_v2_memory_limit_is_the_tightest_on_the_way_to_the_root(v2):
    write(v2, "app/memory.max", str(2 * GB))
    write(v2, "app/web/memory.max", "max")
    assert host.cgroup_memory_limit(v2, v2 / "proc_cgroup") == 2 * GB
    assert sizes(v2) == (2 * GB, 8)


def test_cgroup_v1_memory_limit(v1):
    write(v1, "memory/memory.limit_in_bytes", V1_NO_LIMIT)
    write(v1, "memory/app/web/memory.limit_in_bytes", str(GB))
    assert host.cgroup_memory_limit(v1, v1 / "proc_cgroup") == GB


def test_no_limit_means_the_physical_memory(v1, tmp_path):
    write(v1, "memory/app/web/memory.limit_in_bytes", V1_NO_LIMIT)
    assert sizes(v1, physical=24 * GB)[0] == 24 * GB
    nothing = tmp_path / "no-cgroup-files"
    assert host.cgroup_memory_limit(nothing, nothing / "proc_cgroup") is None
    assert sizes(nothing, physical=3 * GB) == (3 * GB, 8)


def test_cpu_quota_caps_the_cores(v2, v1):
    write(v2, "app/web/cpu.max", "150000 100000")  # 1.5 cores: one worker keeps busy
    assert host.cpu_quota_cores(v2, v2 / "proc_cgroup") == 1.5
    assert sizes(v2, affinity=8)[1] == 1
    write(v1, "cpu/app/cpu.cfs_quota_us", "200000")
    write(v1, "cpu/app/cpu.cfs_period_us", "100000")
    assert sizes(v1, affinity=8)[1] == 2
    assert sizes(v1, affinity=1)[1] == 1  # affinity is tighter than the quota


def test_no_cpu_quota(v2, v1):
    write(v2, "app/web/cpu.max", "max 100000")
    write(v1, "cpu/app/cpu.cfs_quota_us", "-1")
    write(v1, "cpu/app/cpu.cfs_period_us", "100000")
    assert host.cpu_quota_cores(v2, v2 / "proc_cgroup") is None
    assert host.cpu_quota_cores(v1, v1 / "proc_cgroup") is None


def test_workers_that_fit_memory_and_cores():
    assert host.workers_that_fit(ONCE + 3 * WORKER_BYTES, cores=8) == 3
    assert host.workers_that_fit(ONCE + 3 * WORKER_BYTES - 1, cores=8) == 2
    assert host.workers_that_fit(64 * GB, cores=2) == 2
    assert host.workers_that_fit(500 * MB, cores=2) == 1  # never fewer than one


def test_pool_size_from_the_host(v2):
    write(v2, "app/memory.max", str(ONCE + 2 * WORKER_BYTES))
    count = host.pool_size({}, v2, v2 / "proc_cgroup")
    assert count.workers == min(2, host.usable_cores(v2, v2 / "proc_cgroup"))
    assert count.notice is None


def test_override(v2):
    write(v2, "app/memory.max", str(64 * GB))
    count = host.pool_size({"PARAMLAB_WORKERS": " 3 "}, v2, v2 / "proc_cgroup")
    assert (count.workers, count.notice) == (3, None)
    assert "PARAMLAB_WORKERS" in count.reason


def test_override_beyond_memory_is_kept_with_a_warning(v2):
    write(v2, "app/memory.max", str(GB))
    count = host.pool_size({"PARAMLAB_WORKERS": "4"}, v2, v2 / "proc_cgroup")
    assert count.workers == 4
    assert "may be killed" in count.notice


@pytest.mark.parametrize("bad", ["0", "-2", "two", "1.5", "999", "²", "1_0", "3; rm -rf /"])
def test_bad_override_falls_back_with_a_notice(v2, bad):
    write(v2, "app/memory.max", str(ONCE + 2 * WORKER_BYTES))
    fitted = host.pool_size({}, v2, v2 / "proc_cgroup").workers
    count = host.pool_size({"PARAMLAB_WORKERS": bad}, v2, v2 / "proc_cgroup")
    assert count.workers == fitted
    assert "PARAMLAB_WORKERS" in count.notice and "not a whole number" in count.notice


def test_this_host_gives_at_least_one_worker():
    assert host.pool_size({}).workers >= 1
