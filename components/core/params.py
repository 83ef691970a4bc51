"""Parameter counts of every layer, with the arithmetic written out.

Pure Python, so the table paints before TensorFlow has loaded. Keras is the
oracle: tests compare every row with ``layer.count_params()``.

- Dense(units) on ``fan_in`` inputs: a ``fan_in x units`` kernel plus one bias
  per unit, because ``(1 x fan_in) . (fan_in x units) = (1 x units)`` and then
  ``+ bias``.
- BatchNormalization(units): gamma and beta are trained, moving mean and
  moving variance are not: ``4 x units``, half of it trainable.
- Dropout: no parameters.
- Activations and L2 weight decay add none: an activation is a function of each unit's
  value, and L2 adds ``l2 x sum(kernel^2)`` to the loss, a number computed from the kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.core.i18n import Note
from components.core.spec import ModelSpec

# Optimizer variables per trainable parameter (its "slots"); every Keras 3
# optimizer also keeps two scalars: its iteration counter and learning rate.
OPTIMIZER_SLOTS = {"adam": 2, "adamw": 2, "sgd": 0, "rmsprop": 1, "adagrad": 1}
OPTIMIZER_SCALARS = 2


@dataclass(frozen=True)
class LayerRow:
    """One line of the table: a Keras layer and how its parameters add up."""

    name: str
    kind: str  # "Dense", "BatchNormalization" or "Dropout"
    units: int  # output width
    formula: str
    trainable: int
    non_trainable: int
    activation: str | None = None  # a Dense layer's; None: linear (or not a Dense)
    l2: float = 0.0  # a Dense kernel's L2 weight decay; 0: none

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable

    @property
    def output_shape(self) -> str:
        return f"(None, {self.units})"


@dataclass(frozen=True)
class ParamSummary:
    rows: tuple[LayerRow, ...]
    optimizer: str
    optimizer_variables: int
    n_features: int  # the dataset's: the first Dense's fan-in

    @property
    def trainable(self) -> int:
        return sum(row.trainable for row in self.rows)

    @property
    def non_trainable(self) -> int:
        return sum(row.non_trainable for row in self.rows)

    @property
    def total(self) -> int:
        """What ``model.count_params()`` reports."""
        return self.trainable + self.non_trainable

    @property
    def total_with_optimizer(self) -> int:
        """What ``model.summary()`` reports once the optimizer is built."""
        return self.total + self.optimizer_variables

    @property
    def dense_only(self) -> int:
        """Parameters of the Dense layers alone: what the seed post counted."""
        return sum(row.total for row in self.rows if row.kind == "Dense")


def dense_row(
    name: str, fan_in: int, units: int, activation: str | None = None, l2: float = 0.0
) -> LayerRow:
    params = fan_in * units + units
    formula = f"{fan_in} x {units} + {units} = {params}"
    return LayerRow(name, "Dense", units, formula, params, 0, activation, l2)


def batchnorm_row(name: str, units: int) -> LayerRow:
    formula = f"4 x {units} = {4 * units}  ({2 * units} trainable + {2 * units} not)"
    return LayerRow(name, "BatchNormalization", units, formula, 2 * units, 2 * units)


def layer_rows(spec: ModelSpec) -> list[LayerRow]:
    """The seed post's model (the first Dense linear, relu after, by default), each hidden
    Dense with the spec's activation, softmax out, on the spec's dataset (its features in,
    its classes out); every Dense kernel, the output's too, with the spec's L2 decay."""
    rows: list[LayerRow] = []
    fan_in = spec.data.n_features
    for i, (width, activation) in enumerate(zip(spec.widths, spec.activations, strict=True), 1):
        kind = None if activation == "linear" else activation  # Keras's None is linear
        rows.append(dense_row(f"dense_{i}", fan_in, width, kind, spec.l2))
        if spec.batchnorm:
            rows.append(batchnorm_row(f"batchnorm_{i}", width))
        if spec.dropout > 0:
            rows.append(LayerRow(f"dropout_{i}", "Dropout", width, "0", 0, 0))
        fan_in = width
    rows.append(dense_row("output", fan_in, spec.data.n_classes, "softmax", spec.l2))
    return rows


# Each activation as a function of a unit's value z (Keras's definitions; gelu is exact).
ACTIVATION_FORMULAS = {
    "linear": "f(z) = z",
    "relu": "f(z) = max(0, z)",
    "tanh": "f(z) = (e^z - e^-z) / (e^z + e^-z)",
    "sigmoid": "f(z) = 1 / (1 + e^-z)",
    "gelu": "f(z) = z / 2 x (1 + erf(z / sqrt 2))",
    "softmax": "f(z)_i = e^z_i / sum_j e^z_j",
}


def dense_settings(rows) -> list[tuple[str, str, float]]:
    """Each Dense's ``(name, activation, l2)`` as Keras names them (None is ``linear``)."""
    return [(r.name, r.activation or "linear", r.l2) for r in rows if r.kind == "Dense"]


def activations_sentence(summary: ParamSummary) -> Note:
    """Each Dense layer's activation, with its formula: none of them adds a parameter."""
    layers = "; ".join(
        f"{name} {activation} `{ACTIVATION_FORMULAS[activation]}`"
        for name, activation, _ in dense_settings(summary.rows)
    )
    return Note("params.activations", layers=layers)


def decay_sentence(summary: ParamSummary) -> Note:
    """The L2 penalty on the Dense kernels, with its numbers, or that there is none."""
    dense = [row for row in summary.rows if row.kind == "Dense"]
    l2 = dense[-1].l2
    if not l2:
        return Note("params.l2_off")
    kernels = sum(row.trainable - row.units for row in dense)  # each Dense less its biases
    return Note("params.l2_on", l2=f"{l2:g}", kernels=kernels, twice=f"{2 * l2:g}")


def optimizer_variable_count(optimizer: str, trainable: int) -> int:
    """Variables a built Keras optimizer holds for ``trainable`` parameters."""
    return OPTIMIZER_SLOTS[optimizer] * trainable + OPTIMIZER_SCALARS


def summarize(spec: ModelSpec) -> ParamSummary:
    rows = tuple(layer_rows(spec))
    trainable = sum(row.trainable for row in rows)
    variables = optimizer_variable_count(spec.optimizer, trainable)
    return ParamSummary(rows, spec.optimizer, variables, spec.data.n_features)


def optimizer_formula(summary: ParamSummary) -> str:
    slots = OPTIMIZER_SLOTS[summary.optimizer]
    return f"{slots} x {summary.trainable} + {OPTIMIZER_SCALARS} = {summary.optimizer_variables}"


def bytes_per_trainable(optimizer: str) -> int:
    """A trained float32 weight's bytes in a saved file: itself plus one copy per slot."""
    return 4 * (1 + OPTIMIZER_SLOTS[optimizer])


def optimizer_slots_sentence(optimizer: str) -> Note:
    """What ``optimizer`` keeps per trainable parameter, from its slot count (tested vs Keras)."""
    slots = OPTIMIZER_SLOTS[optimizer]
    if slots == 0:
        # Keras's SGD defaults to momentum 0.0, and make_optimizer keeps Keras's defaults.
        return Note("params.slots_none", optimizer=optimizer, scalars=OPTIMIZER_SCALARS)
    return Note(
        "params.slots_one" if slots == 1 else "params.slots_many",
        optimizer=optimizer,
        slots=slots,
        bytes=bytes_per_trainable(optimizer),
        scalars=OPTIMIZER_SCALARS,
    )


def dense_example(fan_in: int, units: int) -> Note:
    """The worked example of one Dense layer's arithmetic, for these very sizes."""
    return Note("params.dense_example", fan_in=fan_in, units=units)
