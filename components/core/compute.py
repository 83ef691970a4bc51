"""What each layer computes: multiply-adds, FLOPs and activation memory, with the conventions.

Pure Python, per layer of ``params.layer_rows`` (the model Keras builds). The conventions:

- A **multiply-add** (MAC) is one ``a * b + c`` in a matrix product: only Dense kernels have
  them, ``n_in x n_out`` per sample.
- **Elementwise ops** are every other arithmetic op, counted per output unit and per sample:
  a Dense bias add (1), its activation: relu (1, a max), sigmoid (4: ``1 / (1 + exp(-x))``,
  negate, exp, add, divide), tanh (5: ``1 - 2 / (exp(2x) + 1)``, multiply, exp, add, divide,
  subtract), gelu (5: Keras's exact ``0.5 x (1 + erf(x / sqrt 2))``, divide, erf, add, two
  multiplies), linear (0), softmax (5, TensorFlow's count: subtract the max 2, exp 1, sum
  and divide 2); each exp, erf or divide counted as one op; BatchNormalization in training
  (4: accumulate the batch mean 1 and variance 1, then ``x * scale + shift`` 2; scale and
  shift are worked out once per batch, not per sample, so not counted); Dropout in training
  (1, multiply by the scaled mask).
- **Forward FLOPs** per sample: ``2 x MACs + elementwise ops``.
- **Training FLOPs** per epoch: backward computes the gradient with respect to the inputs and
  to the weights, each about a forward's worth, so forward + backward ~ ``3 x forward``, for
  every training row. The time prediction (cost.py) is calibrated on these same counts.
- **Activation memory**: each layer's float32 output, kept for the backward pass,
  ``4 bytes x batch x width``; a batch never holds more rows than the training set.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core.params import LayerRow, layer_rows
from components.core.spec import ModelSpec
from components.core.split import split_sizes

FLOAT32_BYTES = 4
# By the Dense's activation (None: linear); see the module's conventions.
ACTIVATION_OPS_PER_UNIT = {None: 0, "relu": 1, "sigmoid": 4, "tanh": 5, "gelu": 5, "softmax": 5}
BIAS_OPS_PER_UNIT = 1
BATCHNORM_OPS_PER_UNIT = 4
DROPOUT_OPS_PER_UNIT = 1
TRAINING_FLOPS_PER_FORWARD_FLOP = 3  # forward, then backward's two forwards' worth
N_TRAIN, N_TEST = split_sizes("iris")  # the seed's split, for a layer counted on its own


@dataclass(frozen=True)
class LayerCompute:
    """One layer's arithmetic per sample and its training cost per epoch."""

    name: str
    kind: str
    units: int
    macs: int  # per sample
    elementwise_ops: int  # per sample
    activation_bytes: int  # its output for one batch, kept for backprop
    train_rows: int = N_TRAIN

    @property
    def forward_flops(self) -> int:
        return 2 * self.macs + self.elementwise_ops

    @property
    def training_flops_per_epoch(self) -> int:
        return TRAINING_FLOPS_PER_FORWARD_FLOP * self.forward_flops * self.train_rows


@dataclass(frozen=True)
class ComputeSummary:
    rows: tuple[LayerCompute, ...]
    batch: int  # rows in a (full) batch
    epochs: int
    test_rows: int = N_TEST  # evaluated once per epoch

    @property
    def macs(self) -> int:
        return sum(row.macs for row in self.rows)

    @property
    def elementwise_ops(self) -> int:
        return sum(row.elementwise_ops for row in self.rows)

    @property
    def forward_flops(self) -> int:
        return sum(row.forward_flops for row in self.rows)

    @property
    def training_flops_per_epoch(self) -> int:
        return sum(row.training_flops_per_epoch for row in self.rows)

    @property
    def activation_bytes(self) -> int:
        return sum(row.activation_bytes for row in self.rows)

    @property
    def run_flops(self) -> int:
        """The whole training job: every epoch trains on the training rows, then evaluates
        the held-out rows (a forward pass each), as the measured time includes."""
        return self.epochs * (self.training_flops_per_epoch + self.test_rows * self.forward_flops)


def layer_compute(
    row: LayerRow, fan_in: int, batch: int, train_rows: int = N_TRAIN
) -> LayerCompute:
    """``row``'s counts on ``fan_in`` inputs (see the module's conventions)."""
    macs = 0
    if row.kind == "Dense":
        macs = fan_in * row.units
        per_unit = BIAS_OPS_PER_UNIT + ACTIVATION_OPS_PER_UNIT[row.activation]
    elif row.kind == "BatchNormalization":
        per_unit = BATCHNORM_OPS_PER_UNIT
    else:
        per_unit = DROPOUT_OPS_PER_UNIT
    memory = FLOAT32_BYTES * batch * row.units
    ops = per_unit * row.units
    return LayerCompute(row.name, row.kind, row.units, macs, ops, memory, train_rows)


def summarize_compute(spec: ModelSpec) -> ComputeSummary:
    """Every layer's counts on the spec's dataset: its features in, its split's rows."""
    train_rows, test_rows = split_sizes(spec.data)
    batch = min(spec.batch_size, train_rows)  # fit cannot put more rows in a batch than it has
    rows, fan_in = [], spec.data.n_features
    for row in layer_rows(spec):
        rows.append(layer_compute(row, fan_in, batch, train_rows))
        fan_in = row.units
    return ComputeSummary(tuple(rows), batch, spec.epochs, test_rows)


def si(value: float, unit: str = "") -> str:
    """``1.2 M``, ``340 k``, ``12``: three significant figures and an SI prefix."""
    for factor, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.3g} {prefix}{unit}"
    return f"{value:.3g} {unit}".rstrip()
