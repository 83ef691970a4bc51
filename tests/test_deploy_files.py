"""compose.yaml runs what the README runs: Docker is not on this machine, so the file is
checked against the README's Dask commands and deploy/haproxy.cfg instead of by running it.
"""

from __future__ import annotations

import re
import shlex

import yaml

from tests.readme_cluster import DASK_SECTION, ROOT, readme_commands

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
HAPROXY = (ROOT / "deploy" / "haproxy.cfg").read_text()


def readme_scheduler_line() -> list[str]:
    scheduler, *_ = readme_commands(DASK_SECTION, {}).background
    return shlex.split(scheduler)


def test_the_scheduler_is_configured_as_the_readme_starts_it():
    words = readme_scheduler_line()
    settings = dict(word.split("=", 1) for word in words if re.match(r"DASK_\w+=", word))
    assert settings, "the README's scheduler line sets the scheduler's Dask settings"
    environment = SERVICES["scheduler"]["environment"]
    assert {name: str(environment.get(name)) for name in settings} == settings
    assert SERVICES["scheduler"]["command"][:2] == ["dask", "scheduler"]


def test_workers_run_one_job_at_a_time_on_that_scheduler():
    command = SERVICES["worker"]["command"]
    assert command[:3] == ["dask", "worker", "tcp://scheduler:8786"]
    assert command[command.index("--nthreads") + 1] == "1"


def test_every_replica_uses_the_cluster_and_the_balancer_knows_each():
    apps = [name for name in SERVICES if name.startswith("app")]
    assert len(apps) >= 2
    for name in apps:
        assert SERVICES[name]["environment"]["PARAMLAB_DASK_SCHEDULER"] == "tcp://scheduler:8786"
    balancer = SERVICES["balancer"]
    assert any("deploy/haproxy.cfg" in volume for volume in balancer["volumes"])
    servers = re.findall(r'^\s*server \S+ "\$\{(\w+)-[^}]*\}"', HAPROXY, re.M)
    assert len(servers) == len(apps)
    assert sorted(balancer["environment"][name] for name in servers) == [
        f"{app}:8501" for app in sorted(apps)
    ]


def test_the_balancer_is_sticky_and_checks_replicas():
    assert re.search(r"^\s*cookie \w+ insert", HAPROXY, re.M)
    assert re.search(r"^\s*option httpchk GET /_stcore/health", HAPROXY, re.M)
    assert re.search(r"^\s*timeout tunnel", HAPROXY, re.M)  # websockets stay open
