"""Memory over hundreds of trainings through the app's path (the Engine and its workers).

    python -m bench.soak [--trainings 200]

Prints the resident memory (RSS) of the server side (this process, which like the
Streamlit server never imports TensorFlow) and of the worker processes at start and
end, and the peak of their sum sampled every 100 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import threading
import time

import psutil

from components.core.spec import OPTIMIZERS, ModelSpec
from components.engine.engine import Engine

MB = 1024 * 1024


def random_spec(rng: random.Random) -> ModelSpec:
    depth = rng.randint(1, 4)
    return ModelSpec(
        widths=tuple(rng.randint(1, 256) for _ in range(depth)),
        batchnorm=rng.random() < 0.5,
        dropout=rng.choice([0.0, 0.2]),
        optimizer=rng.choice(OPTIMIZERS),
        epochs=rng.randint(5, 30),
        seed=rng.randint(0, 1000),
    )


def memory() -> tuple[int, int]:
    """(server RSS, RSS of all its child processes: workers and the queue manager)."""
    server = psutil.Process()
    children = 0
    for child in server.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            children += child.memory_info().rss
    return server.memory_info().rss, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainings", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(0)
    engine = Engine(workers=1)
    engine.train(ModelSpec(epochs=2))  # worker up and warm
    start_server, start_workers = memory()
    peak, done = start_server + start_workers, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, sum(memory()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    for i in range(1, args.trainings + 1):
        engine.train(random_spec(rng))
        if i % 25 == 0:
            server, workers = memory()
            print(f"{i:4d} trainings: server {server / MB:7.1f} MB, workers {workers / MB:7.1f} MB")
    seconds = time.perf_counter() - started
    end_server, end_workers = memory()
    done.set()
    sampler.join()
    engine.shutdown()
    print()
    print(f"{args.trainings} trainings in {seconds:.0f} s ({seconds / args.trainings:.2f} s each)")
    print(
        f"  server : {start_server / MB:7.1f} -> {end_server / MB:7.1f} MB "
        f"(growth {(end_server - start_server) / MB:+.1f} MB)"
    )
    print(
        f"  workers: {start_workers / MB:7.1f} -> {end_workers / MB:7.1f} MB "
        f"(growth {(end_workers - start_workers) / MB:+.1f} MB)"
    )
    print(f"  peak, server + workers: {peak / MB:.1f} MB")


if __name__ == "__main__":
    main()
