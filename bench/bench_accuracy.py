"""Test accuracy over 10 seeds: the fast trainer and Keras's own model.fit, side by side.

    python -m bench.bench_accuracy [--seeds 10] [--widths 32,16] [--activations linear,relu]
                                   [--l2 0]

With dropout and shuffling on, the two cannot give the same numbers (each draws its own
dropout masks and batch order), so what must agree is the distribution. Both train the
same spec (default: the seed's model, BatchNorm, dropout 0.2, Adam, 100 epochs, batch 32)
on the same stratified split of each seed; ``model.fit`` reshuffles every epoch itself.
"""

from __future__ import annotations

import argparse
import os
import statistics

from components.core.spec import ModelSpec


def fit_test_accuracy(spec: ModelSpec) -> float:
    import keras

    from components.core.split import iris_split
    from components.worker.model import build_compiled
    from components.worker.training import accuracy

    keras.utils.set_random_seed(spec.seed)
    split = iris_split(spec.seed)
    model = build_compiled(spec)
    model.fit(
        split.x_train,
        split.y_train,
        epochs=spec.epochs,
        batch_size=spec.batch_size,
        shuffle=True,
        verbose=0,
    )
    return accuracy(model, split.x_test, split.y_test)


def describe(values: list[float]) -> str:
    return (
        f"mean {statistics.mean(values):.3f}  sd {statistics.stdev(values):.3f}  "
        f"min {min(values):.3f}  median {statistics.median(values):.3f}  max {max(values):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--widths", default="32,16")
    parser.add_argument("--activations", default="", help="per hidden layer; default: the seed's")
    parser.add_argument("--l2", type=float, default=0.0, help="L2 weight decay on every kernel")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from components.worker.jobs import configure_tensorflow
    from components.worker.training import train

    configure_tensorflow()  # both trainers as the app's workers run them
    widths = tuple(int(w) for w in args.widths.split(","))
    fast, fitted = [], []
    print("seed | fast trainer | model.fit")
    for seed in range(args.seeds):
        activations = tuple(args.activations.split(",")) if args.activations else None
        spec = ModelSpec(widths=widths, seed=seed, activations=activations, l2=args.l2)
        fast.append(train(spec)[1].test_accuracy)
        fitted.append(fit_test_accuracy(spec))
        print(f"{seed:4} | {fast[-1]:12.3f} | {fitted[-1]:9.3f}")
    print(
        f"\ntest accuracy over {args.seeds} seeds, {spec.epochs} epochs, widths {widths}, "
        f"activations {spec.activations}, l2 {spec.l2:g}"
    )
    print(f"  fast trainer: {describe(fast)}")
    print(f"  model.fit   : {describe(fitted)}")


if __name__ == "__main__":
    main()
