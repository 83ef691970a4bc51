"""One visitor alone, moving the first width between two kept widths: the server's CPU a run.

    python -m bench.one_visitor --moves 40 --rounds 5
    python -m bench.one_visitor --moves 40 --rounds 5 --against /tmp/base   # A/B two trees
    python -m bench.one_visitor --py-spy /tmp/spy                           # where it goes
    python -m bench.one_visitor --new          # each move a width never trained: as a class

A cheap, repeatable view of what every script run of a width move costs the server, without
a class's queueing: a fresh `streamlit run app.py` (empty store), one protocol client
(bench/st_client.py) opens the link, trains the two widths once, waits until the server and
its workers are quiet, then moves between them ``--moves`` times per round, one key press
at a time, each time until its answer shows and the run has finished. Printed per round: the
server process's CPU-seconds (user + system) a script run, and the messages a run.
``--new``: each move goes to a width not trained before (34, 35, ...: the same widths on
both sides), as a class's moves do: the run then also looks in the store, waits for its
worker, relays its progress and keeps its result.

``--against DIR``: a second server from another copy of the project (e.g. ``git archive
main | tar -x -C DIR``), both up at once, the rounds alternating between them (which goes
first alternates too), so a lever's A/B shares the machine's load; the ratio of the medians
is printed. On a shared machine compare ratios, not absolute figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from bench.live_app import ROOT, Server, streamlit_server
from bench.process_cpu import CpuTracker
from bench.py_spy import ServerProfile
from bench.st_client import Student
from components.core.params import summarize
from components.core.spec import ModelSpec
from components.engine.warm_up import WARM_QUIET_S

WIDTHS = (33, 31)  # near the seed's first width (32), so trained in ~0.1 s


@dataclass
class Side:
    """One server under test and what its rounds measured."""

    name: str
    server: Server
    cpu: CpuTracker
    student: Student
    per_run: list[float] = field(default_factory=list)  # server CPU-s a run, per round
    next_new: int = WIDTHS[0] + 1  # with --new: the next width never trained
    messages: list[float] = field(default_factory=list)  # messages a run, per round


def total_for(width: int) -> int:
    spec = ModelSpec()
    return summarize(spec.with_widths((width, *spec.widths[1:]))).total


async def press(student: Student, width: int) -> None:
    pressed = await student.move("h1", [width])
    outcome = await student.answer(total_for(width), pressed, timeout=120)
    if not outcome.served:
        raise RuntimeError(f"no answer for width {width}: {outcome.errors}")
    await student.settled()


async def warm(side: Side) -> None:
    await side.student.open()
    await side.student.answer(summarize(ModelSpec()).total, 0.0, timeout=180)
    await side.student.settled()
    for width in WIDTHS:  # trained once: every measured move is a kept width
        await press(side.student, width)
    # The server's warm-up (presets, the seed's sweep) starts once visitors' jobs have paused
    # WARM_QUIET_S: quiet for longer than that, it has run, and does not overlap a round.
    await side.cpu.quiet(hold=WARM_QUIET_S + 2, within=300)


async def a_round(side: Side, moves: int, new: bool) -> None:
    student = side.student
    runs, messages, before = len(student.runs), student.messages, side.cpu.snapshot()
    for move in range(moves):
        if new:
            side.next_new += 1
        await press(student, side.next_new - 1 if new else WIDTHS[move % 2])
    server_cpu, _, _ = side.cpu.used(before, side.cpu.snapshot())
    runs = len(student.runs) - runs
    side.per_run.append(server_cpu / runs)
    side.messages.append((student.messages - messages) / runs)
    print(
        f"  {side.name}: {server_cpu / runs * 1000:.1f} ms of server CPU a run "
        f"({runs} runs, {side.messages[-1]:.0f} messages a run)",
        flush=True,
    )


async def measure(sides: list[Side], moves: int, rounds: int, args: argparse.Namespace) -> None:
    for side in sides:
        await warm(side)
    with contextlib.ExitStack() as profiles:
        if args.py_spy:  # the rounds only, not the warm-up
            args.py_spy.mkdir(parents=True, exist_ok=True)
            for number, side in enumerate(sides):
                output = args.py_spy / f"one-visitor-{number}.txt"
                profile = ServerProfile(side.server.process.pid, output, args.py_spy_rate)
                # Callbacks run last first: the summary once py-spy has written its file.
                profiles.callback(_print_summary, side.name, profile)
                profiles.enter_context(profile)
        for number in range(rounds):
            print(f"round {number + 1} of {rounds}", flush=True)
            for side in sides if number % 2 == 0 else sides[::-1]:
                await a_round(side, moves, args.new)
    for side in sides:
        await side.student.close()


def _print_summary(name: str, profile: ServerProfile) -> None:
    print(name, *profile.summary(), sep="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40, help="key presses a round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another copy of the project: A/B")
    parser.add_argument("--new", action="store_true", help="each move a width never trained")
    parser.add_argument("--py-spy", type=Path, metavar="DIR", help="profile the rounds")
    parser.add_argument("--py-spy-rate", type=int, default=100)
    args = parser.parse_args()
    trees = [("this tree", ROOT)]
    if args.against:
        trees.append((f"against {args.against}", args.against.resolve()))
    with contextlib.ExitStack() as stack:
        sides = []
        for name, root in trees:
            server = stack.enter_context(streamlit_server(root=root))
            cpu = CpuTracker([server.process.pid])
            stack.callback(cpu.stop)
            sides.append(Side(name, server, cpu, Student(server.url)))
        asyncio.run(measure(sides, args.moves, args.rounds, args))
        for side in sides:
            print(
                f"{side.name}: median {statistics.median(side.per_run) * 1000:.1f} ms of server "
                f"CPU a run over {args.rounds} rounds of {args.moves} moves "
                f"({statistics.median(side.messages):.0f} messages a run)"
            )
        if len(sides) == 2:
            ratio = statistics.median(sides[0].per_run) / statistics.median(sides[1].per_run)
            print(f"this tree / against: {ratio:.2f}x")


if __name__ == "__main__":
    main()
