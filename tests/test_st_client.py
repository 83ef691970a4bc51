"""The protocol client of the class benchmark (bench/st_client.py) against the real app:
`streamlit run app.py`, real workers, no browser."""

from __future__ import annotations

import time

import pytest

from bench.live_app import streamlit_server
from bench.st_client import Student
from components.core.params import summarize
from components.core.spec import ModelSpec
from tests.helpers import run_async

pytestmark = pytest.mark.slow


def test_a_student_moves_a_width_and_reads_its_total_and_accuracy():
    with streamlit_server() as server:
        run_async(a_student(server.url))


async def a_student(url: str) -> None:
    student = Student(url, "?h2=16")  # the default h2: the page drops it from the link
    started = time.perf_counter()
    await student.open()
    first = await student.answer(summarize(ModelSpec()).total, started)
    assert first.served, first.errors
    assert student.query_string == ""
    assert await student.settled()

    moved_to = ModelSpec(widths=(37, 16))
    pressed = await student.move("h1", [35, 36, 37])
    moved = await student.answer(summarize(moved_to).total, pressed)
    assert moved.served, moved.errors
    assert student.query_string == "h1=37"  # the address bar after the move
    assert await student.settled()
    shown = student.runs[-1].metrics
    assert shown["Total params"] == str(summarize(moved_to).total)
    assert shown["Test accuracy"].endswith("%")

    # A socket that dies: the student reconnects and reruns with its link and values.
    await student.drop()
    since = time.perf_counter()
    again = await student.answer(summarize(moved_to).total, since, timeout=60)
    assert again.served, again.errors
    assert student.disconnects and student.reconnects
    await student.close()


def test_a_run_read_after_the_last_press_is_not_taken_for_the_last_press():
    """A loaded client reads a run late: one the server finished before the last press
    arrived, but whose messages the client read only after it sent that press. That run
    answered an earlier press; the last press's own run follows it and is the answer."""
    with streamlit_server() as server:
        run_async(a_busy_student(server.url))


async def a_busy_student(url: str) -> None:
    student = Student(url)
    started = time.perf_counter()
    await student.open()
    assert (await student.answer(summarize(ModelSpec()).total, started)).served
    assert await student.settled()
    stall = 2.0  # doubled until the server finished the first press's run within it
    for first, last in ((33, 34), (35, 36), (37, 38), (39, 40)):
        pressed = await student.move("h1", [first])
        time.sleep(stall)  # the client's loop blocked, as under load: it reads nothing
        pressed_last = await student.move("h1", [last])
        moved = await student.answer(summarize(ModelSpec(widths=(last, 16))).total, pressed)
        assert moved.served, moved.errors
        assert await student.settled()
        if read_late(student.runs, first, pressed_last):
            break
        stall *= 2
    else:
        pytest.fail("the first press's run never finished before the last press went out")
    assert student.read_late  # and counted, for the class benchmark's report
    await student.close()


def read_late(runs: list, width: int, last_press: float) -> bool:
    """Whether a run of ``width`` finished but was read after ``last_press``."""
    total = str(summarize(ModelSpec(widths=(width, 16))).total)
    return any(
        run.started >= last_press
        and run.status == "finished"
        and run.metrics.get("Total params") == total
        for run in runs
    )
