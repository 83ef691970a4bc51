"""What keeping the weight snapshots costs a training, in one run.

    python -m bench.bench_snapshots [--rounds 15]

A worker's training of a new default width, timed in CPU seconds with and without keeping
the snapshots that play the training back (``core/snapshots.py``), interleaved in one
process set up as the workers are; the ratio is the figure (the machine is shared and
noisy, so absolute seconds drift). Prints the fit alone and the whole job (build, fit,
predictions, the ``.keras`` save).
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    from components.worker.jobs import init_worker

    init_worker()  # TensorFlow configured and the default family traced, as in a worker

    import keras

    from components.core.snapshots import snapshot_epochs
    from components.core.spec import ModelSpec
    from components.core.split import dataset_split
    from components.private_hooks import kernel_cache_kept
    from components.worker import training
    from components.worker.model import build_compiled
    from components.worker.serialization import keras_file_content

    split = dataset_split("iris", 0)
    fits: dict[bool, list[float]] = {False: [], True: []}
    jobs: dict[bool, list[float]] = {False: [], True: []}
    for i in range(args.rounds):
        spec = replace(ModelSpec(), widths=(33 + i, 16))  # a width this process never trained
        for keep in (False, True):
            began = time.process_time()
            with kernel_cache_kept():  # as the worker seeds and resets
                keras.utils.set_random_seed(spec.seed)
            model = build_compiled(spec)
            model.optimizer.build(model.trainable_variables)
            keeper = None
            if keep:
                epochs = snapshot_epochs(spec.epochs, model.count_params())
                keeper = training.SnapshotKeeper(model, epochs)
            fit_began = time.process_time()
            perms = training.epoch_permutations(spec, len(split.x_train))
            training.fit(model, split, perms, spec.batch_size, spec.seed, keep=keeper)
            fits[keep].append(time.process_time() - fit_began)
            training.accuracy(model, split.x_test, split.y_test)
            keras_file_content(model)
            jobs[keep].append(time.process_time() - began)
            with kernel_cache_kept():
                keras.backend.clear_session(free_memory=False)
    for name, times in (("fit", fits), ("whole training", jobs)):
        without, kept = statistics.median(times[False]), statistics.median(times[True])
        print(
            f"{name}: {without:.3f} s CPU without snapshots, {kept:.3f} s with "
            f"({kept / without:.2f}x; medians of {args.rounds})"
        )


if __name__ == "__main__":
    main()
