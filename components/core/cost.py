"""What a training costs before it runs: its steps, its FLOPs and its predicted seconds.

Pure Python (no streamlit, no tensorflow), so the server can price a link before it asks a
worker. The prediction is a sum of terms, each a count times seconds calibrated on this host
by ``python -m bench.calibrate_cost`` (cost_calibration.json, beside this file):

    seconds = fixed + per Keras layer and per parameter (build, initialise, write back)
            + per epoch (test pass, metrics, chunking)
            + per minibatch step (executor ops: a base, more per hidden layer,
              BatchNorm and Dropout)
            + per step and trainable parameter (gradients and packing stream every
              weight through memory each step)
            + per step, parameter and elementwise op of the optimizer's update (Adam's
              is 12 ops on every weight, SGD's 2)
            + per FLOP (compute.py's count: the matrix products, and every bias,
              activation, BatchNorm and Dropout op)

At batch 1 a step is memory-bound (each weight is read and written several times for one
row), which is why the per-parameter-step term, not the FLOPs, dominates wide models there.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path

from components.core.compute import (
    TRAINING_FLOPS_PER_FORWARD_FLOP,
    ComputeSummary,
    summarize_compute,
)
from components.core.i18n import Note
from components.core.spec import MAX_BATCH, ModelSpec
from components.core.split import split_sizes

# Elementwise ops per weight in each optimizer's update, counted in update_rules.py (Adam:
# 3 for the momentum, 4 for the velocity, 5 for the weight; AdamW adds 3 for the decay).
UPDATE_OPS_PER_PARAMETER = {"adam": 12, "adamw": 15, "sgd": 2, "rmsprop": 9, "adagrad": 7}

# Seconds per unit of each term (cost_terms' names), fitted on real trainings by
# `python -m bench.calibrate_cost`, which writes cost_calibration.json with the command it ran
# and its error on held-out specs: trainings on one core, as a worker runs when every worker
# is busy. On another host, re-run it.
CALIBRATION_FILE = Path(__file__).with_name("cost_calibration.json")


def read_calibration(path: Path = CALIBRATION_FILE) -> dict[str, float]:
    """The seconds per term a calibration file holds."""
    return {name: float(s) for name, s in json.loads(path.read_text())["seconds_per_term"].items()}


SECONDS_PER_TERM = read_calibration()

# A job predicted to take longer than this is heavy: it waits behind other visitors' light
# jobs (components/engine/flights.py orders light before heavy). The seed's model trains in
# ~0.3 s; a heavy job holds a worker for a wait anyone would notice.
HEAVY_S = 5.0
# Suggested fixes aim below the limit by this factor: held-out predictions fell short of
# the measured time by up to ~20% (a busy host runs slower still), and a fix that fails at
# the limit would waste the wait it was meant to save.
SUGGESTION_MARGIN = 0.8


# The seconds each extra FLOP adds to a training on this host: a measured sustained rate,
# not a datasheet peak.
CALIBRATED_FLOPS_PER_S = 1 / SECONDS_PER_TERM["flops"]


@dataclass(frozen=True)
class TimeSplit:
    """A measured training time against the math it did."""

    flops: int
    seconds: float

    @property
    def achieved_flops_per_s(self) -> float:
        return self.flops / self.seconds

    @property
    def math_seconds(self) -> float:
        """The math alone at the calibrated sustained rate."""
        return self.flops / CALIBRATED_FLOPS_PER_S

    @property
    def math_fraction(self) -> float:
        return min(1.0, self.math_seconds / self.seconds)


def time_split(summary: ComputeSummary, seconds: float) -> TimeSplit | None:
    """None when there is no usable measurement (no time was recorded)."""
    if not seconds > 0:
        return None
    return TimeSplit(summary.run_flops, seconds)


def minibatch_steps(spec: ModelSpec, n_train: int | None = None) -> int:
    """Optimizer steps: ``epochs x ceil(n_train / batch)``, the last batch partial as in fit
    (``n_train``: the spec's dataset's training rows unless given)."""
    n_train = split_sizes(spec.data)[0] if n_train is None else n_train
    return spec.epochs * math.ceil(n_train / spec.batch_size)


def forward_flops_per_sample(spec: ModelSpec) -> int:
    """One sample's forward pass, as the Compute tab counts it (compute.py's conventions)."""
    return summarize_compute(spec).forward_flops


def training_flops(spec: ModelSpec, n_train: int | None = None, n_test: int | None = None) -> int:
    """FLOPs of the whole training: every epoch trains on ``n_train`` rows (forward and
    backward, whatever the batch size) and then evaluates ``n_test`` rows (forward only);
    by default the spec's dataset's split."""
    train_rows, test_rows = split_sizes(spec.data)
    n_train = train_rows if n_train is None else n_train
    n_test = test_rows if n_test is None else n_test
    forward = forward_flops_per_sample(spec)
    per_epoch = n_train * TRAINING_FLOPS_PER_FORWARD_FLOP * forward + n_test * forward
    return spec.epochs * per_epoch


def trainable_parameters(spec: ModelSpec) -> int:
    """Kernels, biases and BatchNorm's gamma and beta: what every step updates."""
    count, fan_in = 0, spec.data.n_features
    for units in spec.widths:
        count += fan_in * units + units + (2 * units if spec.batchnorm else 0)
        fan_in = units
    n_classes = spec.data.n_classes
    return count + fan_in * n_classes + n_classes


def keras_layers(spec: ModelSpec) -> int:
    """Layers Keras builds: Dense, BatchNorm and Dropout per hidden layer, and the output."""
    per_hidden = 1 + spec.batchnorm + (spec.dropout > 0)
    return len(spec.widths) * per_hidden + 1


def cost_terms(
    spec: ModelSpec, n_train: int | None = None, n_test: int | None = None
) -> dict[str, float]:
    """The counts the prediction multiplies by seconds, by term name (see SECONDS_PER_TERM)."""
    steps = minibatch_steps(spec, n_train)
    depth = len(spec.widths)
    parameters = trainable_parameters(spec)
    return {
        "fixed": 1.0,
        "layers": keras_layers(spec),
        "parameters": parameters,
        "epochs": spec.epochs,
        "steps": steps,
        "layer_steps": steps * depth,
        "batchnorm_steps": steps * depth * spec.batchnorm,
        "dropout_steps": steps * depth * (spec.dropout > 0),
        "parameter_steps": steps * parameters,
        "update_ops": steps * parameters * UPDATE_OPS_PER_PARAMETER[spec.optimizer],
        "flops": training_flops(spec, n_train, n_test),
    }


def predict_seconds(
    spec: ModelSpec, seconds_per_term: dict[str, float] | None = None, n_train: int | None = None
) -> float:
    """Predicted seconds of ``components.worker.training.train(spec)`` in a warm worker (its
    family already traced): what the time limit is measured against."""
    per_term = SECONDS_PER_TERM if seconds_per_term is None else seconds_per_term
    terms = cost_terms(spec, n_train)
    return sum(per_term[name] * count for name, count in terms.items())


# The terms that grow with the epochs: the rest (building, saving) is paid once a training.
EPOCH_TERMS = frozenset(
    {
        "epochs",
        "steps",
        "layer_steps",
        "batchnorm_steps",
        "dropout_steps",
        "parameter_steps",
        "update_ops",
        "flops",
    }
)


def epoch_seconds(spec: ModelSpec, n_train: int | None = None) -> float:
    """Predicted seconds of one of ``spec``'s epochs: what sizes a training's chunks."""
    terms = cost_terms(replace(spec, epochs=1), n_train)
    return sum(SECONDS_PER_TERM[name] * terms[name] for name in EPOCH_TERMS)


def is_heavy(spec: ModelSpec, heavy_s: float = HEAVY_S) -> bool:
    """Whether ``spec`` should wait behind other visitors' light jobs (see HEAVY_S)."""
    return predict_seconds(spec) > heavy_s


def format_seconds(seconds: float) -> str:
    """``about 0.3 s``, ``about 12 s``, ``about 390 s``: two significant figures."""
    return Note("training.about_seconds", seconds=f"{float(f'{seconds:.2g}'):g}")


def refusal(spec: ModelSpec, limit_s: float) -> str | None:
    """None if ``spec`` is predicted to finish within ``limit_s``; otherwise a message for
    the user with the prediction and single changes that would bring it under the limit."""
    predicted = predict_seconds(spec)
    if predicted <= limit_s:
        return None
    fixes = [text for text, _ in shrink_options(spec, SUGGESTION_MARGIN * limit_s)]
    # One template per number of fixes (at most one per knob): each language joins its own.
    named = dict(zip("abcd", fixes, strict=False))
    return Note(
        f"training.refused_{len(fixes)}",
        predicted=format_seconds(predicted),
        limit=limit_s,
        **named,
    )


def shrink_options(spec: ModelSpec, target_s: float) -> list[tuple[str, ModelSpec]]:
    """Each knob changed alone to the nearest value predicted to take at most ``target_s``,
    as ``(what to do, the changed spec)``: a larger batch, fewer epochs, narrower layers,
    fewer layers. A knob that cannot reach the target alone is left out. A scan, not a
    bisection: at most ~1,300 predictions of microseconds, and right even where the time
    is not monotone (a last layer narrower than the 3 outputs can cost less than none)."""
    options = []
    for knob in (_larger_batches, _fewer_epochs, _narrower_layers, _fewer_layers):
        fits = (option for option in knob(spec) if predict_seconds(option[1]) <= target_s)
        option = next(fits, None)
        if option is not None:
            options.append(option)
    return options


def _larger_batches(spec: ModelSpec):
    for batch in range(spec.batch_size + 1, MAX_BATCH + 1):
        yield Note("cost.fix_batch", batch=batch), replace(spec, batch_size=batch)


def _fewer_epochs(spec: ModelSpec):
    for epochs in range(spec.epochs - 1, 0, -1):
        yield Note("cost.fix_epochs", epochs=epochs), replace(spec, epochs=epochs)


def _narrower_layers(spec: ModelSpec):
    for width in range(max(spec.widths) - 1, 0, -1):
        narrower = tuple(min(w, width) for w in spec.widths)
        yield Note("cost.fix_widths", width=width), spec.with_widths(narrower)


def _fewer_layers(spec: ModelSpec):
    for layers in range(len(spec.widths) - 1, 0, -1):
        key = "cost.fix_layers" if layers > 1 else "cost.fix_layer"
        yield Note(key, layers=layers), spec.with_widths(spec.widths[:layers])
