"""Types at the seams: ids are enums whose display text lives only in the catalogs, and the
worker speaks in the message dataclasses both ends import."""

from __future__ import annotations

import multiprocessing
import re
import threading

import pytest

from components.core.file_report import FileFormat, PartKind
from components.core.i18n import CATALOGS, LANGS
from components.core.results import Series
from components.core.worker_messages import (
    Job,
    JobDone,
    JobEnding,
    JobFailed,
    JobProgress,
    WorkerInitFailed,
    WorkerReady,
)
from components.worker import jobs
from tests import stand_in_jobs

# Each enum shown in the page, and the catalog prefix of its display text.
SHOWN = {FileFormat: "file.format.", PartKind: "file.kind.", Series: "series."}
SHORT_ID = re.compile(r"[a-z0-9_]+")


@pytest.mark.parametrize(("ids", "prefix"), SHOWN.items())
def test_every_shown_id_is_short_and_said_by_every_catalog(ids, prefix):
    for member in ids:
        assert SHORT_ID.fullmatch(member.value), member  # an id, not an English label
        for lang in LANGS:
            assert CATALOGS[lang].get(prefix + member.value), (lang, member)


@pytest.mark.parametrize(("ids", "prefix"), SHOWN.items())
def test_every_catalog_key_of_an_id_names_a_member(ids, prefix):
    values = {member.value for member in ids}
    keys = [key.removeprefix(prefix) for key in CATALOGS["en"] if key.startswith(prefix)]
    assert set(keys) == values  # no key built from a label ("file.kind.zip container")


def serve_in_thread(initializer):
    """The worker's own loop, on a real pipe, in a thread (no TensorFlow): its end of the pipe."""
    server_end, worker_end = multiprocessing.Pipe()
    cancelled = multiprocessing.Value("q", -1, lock=False)
    thread = threading.Thread(target=jobs.serve, args=(worker_end, cancelled, initializer))
    thread.start()
    return server_end, cancelled, thread


def test_a_worker_answers_each_job_in_message_dataclasses():
    conn, _, thread = serve_in_thread(stand_in_jobs.no_setup)
    try:
        assert isinstance(conn.recv(), WorkerReady)
        conn.send(Job(7, stand_in_jobs.steps, (2, 0.0, "tag")))
        assert conn.recv() == JobProgress(7, (1, 2))
        assert conn.recv() == JobProgress(7, (2, 2))
        done = conn.recv()
        assert isinstance(done, JobDone) and done.job_id == 7 and done.result["tag"] == "tag"
        conn.send(Job(8, stand_in_jobs.fail, ("no luck",)))
        failed = conn.recv()
        assert isinstance(failed, JobFailed) and failed.ending is JobEnding.ERROR
        assert failed.job_id == 8 and "no luck" in failed.detail
    finally:
        conn.send(None)
        thread.join(timeout=10)


def test_a_cancelled_job_ends_cancelled():
    conn, cancelled, thread = serve_in_thread(stand_in_jobs.no_setup)
    try:
        conn.recv()
        cancelled.value = 3  # as the server cancels job 3
        conn.send(Job(3, stand_in_jobs.steps, (5, 0.0)))
        assert conn.recv() == JobFailed(3, JobEnding.CANCELLED)
    finally:
        conn.send(None)
        thread.join(timeout=10)


def test_a_worker_that_cannot_start_says_why():
    conn, _, thread = serve_in_thread(stand_in_jobs.failing_setup)
    message = conn.recv()
    thread.join(timeout=10)
    assert isinstance(message, WorkerInitFailed)
    assert "no TensorFlow on this host" in message.detail
