"""What a script run of a width move sends, against the real app (`streamlit run app.py`,
real workers) through the class benchmark's protocol client: in a class every message of
every run is the server's CPU."""

from __future__ import annotations

import time

import pytest

from bench.live_app import streamlit_server
from bench.st_client import Student
from components.core.params import summarize
from components.core.spec import ModelSpec
from tests.helpers import run_async

pytestmark = pytest.mark.slow


def test_a_move_whose_bytes_sweep_is_kept_starts_no_spinner():
    """The first screen's bytes chart waits for its sweep under a spinner. A width move
    keeps the model's shape, so its sweep is kept: the move's run takes it without the
    spinner (a timer thread, and a message clearing a spinner that never showed)."""
    with streamlit_server() as server:
        run_async(a_move_with_the_sweep_kept(server.url))


async def a_move_with_the_sweep_kept(url: str) -> None:
    student = Student(url)
    started = time.perf_counter()
    await student.open()
    assert (await student.answer(summarize(ModelSpec()).total, started)).served
    assert await student.settled()
    pressed = await student.move("h1", [33])
    moved = await student.answer(summarize(ModelSpec(widths=(33, 16))).total, pressed)
    assert moved.served, moved.errors
    assert await student.settled()
    run = student.runs[-1]
    assert "Test accuracy" in run.metrics and run.status == "finished"
    assert run.transients == 0, f"{run.transients} spinner message(s) in {run.deltas}"
    await student.close()
