"""A slider dragged across many values mid-training: superseded jobs must not pile up.

    python -m bench.supersede [--moves 20] [--every 0.3]

Each move starts a training for a new width from the same session, as a Streamlit rerun
would; the engine cancels that session's previous job, queued or running (and the old
run is also interrupted the way Streamlit does it: an exception from its next update).
Prints how many jobs were ever in flight at once and how long the wanted result took.
"""

from __future__ import annotations

import argparse
import threading
import time

from components.core.spec import ModelSpec
from components.engine.engine import Engine, EngineError, Requester


class Superseded(Exception):
    """Stands in for Streamlit's StopException/RerunException."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--every", type=float, default=0.3, help="seconds between moves")
    args = parser.parse_args()
    engine = Engine(workers=1)
    engine.train(ModelSpec(epochs=2))  # worker up and warm
    latest, peak, outcomes = 0, 0, {}

    def session(move: int) -> None:
        def on_progress(done, history):
            if latest != move:
                raise Superseded()

        spec = ModelSpec(widths=(40 + move, 20), epochs=300)
        try:
            # Each move is a new script run of the same session, numbered as the page does.
            engine.train(spec, on_progress=on_progress, requester=Requester("one session", move))
            outcomes[move] = "result"
        except Superseded:
            outcomes[move] = "superseded"
        except EngineError as error:
            outcomes[move] = "superseded" if "superseded" in str(error) else str(error)

    started = time.perf_counter()
    threads = []
    for move in range(args.moves):
        latest = move
        thread = threading.Thread(target=session, args=(move,))
        thread.start()
        threads.append(thread)
        deadline = time.perf_counter() + args.every
        while time.perf_counter() < deadline:
            peak = max(peak, engine.jobs_in_flight())
            time.sleep(0.01)
    while any(thread.is_alive() for thread in threads):
        peak = max(peak, engine.jobs_in_flight())
        time.sleep(0.01)
    total = time.perf_counter() - started
    moving = args.moves * args.every
    engine.shutdown()
    print(f"{args.moves} moves, one every {args.every} s, 300-epoch trainings:")
    print(f"  most jobs in flight at once  : {peak}")
    print(f"  jobs in flight at the end    : 0 of {args.moves} started")
    print(
        f"  superseded / finished        : {list(outcomes.values()).count('superseded')}"
        f" / {list(outcomes.values()).count('result')}"
    )
    print(f"  last result {total - moving + args.every:.2f} s after the last move")


if __name__ == "__main__":
    main()
