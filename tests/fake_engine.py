"""A stand-in for the engine in page tests only: no TensorFlow, no workers, nothing measured.

Page tests (AppTest) check the page: controls, links, tables, toggles, notices. This fake
answers the calls the page makes (``train``, ``sweep``, ``file_report``) at once with plain
results made up deterministically from the spec: parameter counts from
``components.core.params.summarize`` (so the page's Keras check passes by construction),
made-up accuracies and curves, and file sizes from a simple law of plausible size. None of
its numbers says anything about Keras: tests whose subject is training or bytes use the real
engine and are marked slow.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from components.core import cost
from components.core.class_errors import ClassErrors, class_errors
from components.core.file_report import (
    Anatomy,
    DtypeRow,
    FileFormat,
    FileReport,
    FormatSize,
    OptimizerRow,
    Part,
    PartKind,
)
from components.core.params import OPTIMIZER_SLOTS, ParamSummary, dense_settings, summarize
from components.core.results import (
    HISTORY_KEYS,
    SHIP_SERIES,
    SWEEP_SERIES,
    Series,
    SizePoint,
    TrainResult,
)
from components.core.snapshots import LayerWeights, WeightSnapshot, snapshot_epochs
from components.core.spec import OPTIMIZERS, ModelSpec
from components.core.split import dataset_split
from components.core.sweep_plan import sweep_widths
from components.engine.engine_like import (
    Bell,
    IdleCallback,
    ProgressCallback,
    StepCallback,
    WaitCallback,
)
from components.engine.flights import EngineError, Requester
from components.engine.job_keys import sweep_key
from components.engine.settings import DEFAULT_TIME_LIMIT_S

# Made-up fixed bytes per kind of file, near what Keras writes (docs/architecture.md: 35-41 KB).
KERAS_OVERHEAD, H5_OVERHEAD, WEIGHTS_H5_OVERHEAD = 36_000, 24_000, 12_000
TFLITE_OVERHEAD = 2_000
OPTIMIZER_SCALAR_BYTES = 8  # iteration counter and learning rate
ZIP_BYTES, JSON_BYTES = 900, 3_000  # made-up parts of a .keras file's anatomy


class FakeEngine:
    """The engine's public calls (``EngineLike``, the same signatures as ``Engine``'s: a test
    compares them), answered without TensorFlow. For page tests only."""

    def __init__(self) -> None:
        self.trained: list[ModelSpec] = []
        self.swept: list[ModelSpec] = []
        self.file_reports: list[ModelSpec] = []  # every spec the page asked a report for
        self.shipped: list[ModelSpec] = []  # every spec the page asked the ship job for
        self.ship_error: str | None = None  # set: the ship job fails with this message

    def train(
        self,
        spec: ModelSpec,
        on_progress: ProgressCallback | None = None,
        on_wait: WaitCallback | None = None,
        requester: Requester | None = None,
        heavy: bool = False,
        on_idle: IdleCallback | None = None,
        bell: Bell | None = None,
    ) -> TrainResult:
        refused = cost.refusal(spec, DEFAULT_TIME_LIMIT_S)  # the real engine's own refusal
        if refused is not None:
            raise EngineError(refused)
        self.trained.append(spec)
        history = made_up_history(spec)
        if on_wait is not None:
            on_wait(0)
        if on_progress is not None:
            on_progress(spec.epochs, history)
        summary = summarize(spec)
        errors = made_up_class_errors(history["test_accuracy"][-1], spec)
        return TrainResult(
            spec=spec,
            history=history,
            train_accuracy=history["accuracy"][-1],
            test_accuracy=history["test_accuracy"][-1],
            layer_params=[(r.name, r.trainable, r.non_trainable) for r in summary.rows],
            dense_settings=tuple(dense_settings(summary.rows)),
            optimizer_variables=summary.optimizer_variables,
            seconds=0.01 * spec.epochs,
            model_file=bytes(keras_bytes(summary)),
            confusion=errors.confusion,
            class_precision=errors.precision,
            class_recall=errors.recall,
            snapshots=made_up_snapshots(spec),
        )

    def sweep(
        self,
        spec: ModelSpec,
        on_step: StepCallback | None = None,
        requester: Requester | None = None,
    ) -> list[SizePoint]:
        self.swept.append(spec)
        return made_up_points(spec, SWEEP_SERIES, on_step)

    def kept_sweep(self, spec: ModelSpec) -> list[SizePoint] | None:
        """As ``sweep`` would answer once this shape was swept (it is then kept)."""
        swept = any(sweep_key(spec) == sweep_key(done) for done in self.swept)
        return made_up_points(spec, SWEEP_SERIES, None) if swept else None

    def ship(
        self,
        spec: ModelSpec,
        on_step: StepCallback | None = None,
        requester: Requester | None = None,
    ) -> list[SizePoint]:
        self.shipped.append(spec)
        if self.ship_error is not None:
            raise EngineError(self.ship_error)
        return made_up_points(spec, SHIP_SERIES, on_step)

    def file_report(
        self,
        spec: ModelSpec,
        on_step: StepCallback | None = None,
        requester: Requester | None = None,
    ) -> FileReport:
        self.file_reports.append(spec)
        if on_step is not None:
            on_step(1, 1)
        return made_up_report(spec)

    def warm(self, trainings: list[ModelSpec], sweeps: list[ModelSpec]) -> None:
        """Nothing to warm: every answer is immediate."""

    def jobs_in_flight(self) -> int:
        return 0

    def worker_pids(self) -> list[int]:
        return []

    def shutdown(self) -> None:
        """No workers to stop."""


def made_up_history(spec: ModelSpec) -> dict[str, list[float]]:
    """Curves that fall (loss) and rise (accuracy) over the spec's epochs, seed-dependent."""
    ceiling = 0.9 + (spec.seed % 4) / 40
    history: dict[str, list[float]] = {key: [] for key in HISTORY_KEYS}
    for epoch in range(1, spec.epochs + 1):
        progress = epoch / (epoch + 10)
        history["loss"].append(1.1 * (1 - progress) + 0.05)
        history["test_loss"].append(1.1 * (1 - progress) + 0.08)
        history["accuracy"].append(0.33 + (ceiling - 0.33) * progress)
        history["test_accuracy"].append(0.33 + (ceiling - 0.36) * progress)
    return history


def made_up_class_errors(test_accuracy: float, spec: ModelSpec | None = None) -> ClassErrors:
    """About ``test_accuracy`` of a stratified 30-row test split right: the errors mix up
    versicolor and virginica first (as iris models do), setosa only when those run out.
    Another dataset: its test split, the first rows called the next class."""
    if spec is not None and spec.dataset != "iris":
        y_true = dataset_split(spec.data, spec.seed).y_test.tolist()
        wrong = round((1 - test_accuracy) * len(y_true))
        n = spec.data.n_classes
        y_pred = [(c + 1) % n if i < wrong else c for i, c in enumerate(y_true)]
        return class_errors(y_true, y_pred, n)
    y_true = [0] * 10 + [1] * 10 + [2] * 10
    y_pred = list(y_true)
    wrong = round((1 - test_accuracy) * len(y_true))
    flip_order = [i for pair in zip(range(29, 19, -1), range(19, 9, -1), strict=True) for i in pair]
    for i in (flip_order + list(range(10)))[:wrong]:
        y_pred[i] = {0: 1, 1: 2, 2: 1}[y_true[i]]
    return class_errors(y_true, y_pred)


def made_up_snapshots(spec: ModelSpec) -> tuple[WeightSnapshot, ...]:
    """Weights of the right names and shapes at the epochs a training keeps, drawn at random
    from the spec's seed and growing from epoch to epoch: plausible, not trained."""
    rng = np.random.default_rng(spec.seed)
    shapes = []
    fan_in = spec.data.n_features
    for row in summarize(spec).rows:
        if row.kind == "Dense":
            shapes.append((row.name, {"kernel": (fan_in, row.units), "bias": (row.units,)}))
            fan_in = row.units
        elif row.kind == "BatchNormalization":
            names = ("gamma", "beta", "moving_mean", "moving_variance")
            shapes.append((row.name, dict.fromkeys(names, (row.units,))))
    start = {
        (layer, name): rng.standard_normal(shape, np.float32) * 0.3
        for layer, arrays in shapes
        for name, shape in arrays.items()
    }
    for (layer, name), array in start.items():
        if name == "moving_variance":  # a variance is positive
            start[layer, name] = np.abs(array) + np.float32(0.5)
    total = sum(a.size for a in start.values())
    kept = snapshot_epochs(spec.epochs, total)
    return tuple(
        WeightSnapshot(
            epoch,
            tuple(
                LayerWeights(
                    layer, {name: start[layer, name] * (1 + epoch / spec.epochs) for name in arrays}
                )
                for layer, arrays in shapes
            ),
        )
        for epoch in kept
    )


def made_up_points(
    spec: ModelSpec, series: tuple[Series, ...], on_step: StepCallback | None
) -> list[SizePoint]:
    widths_list = sweep_widths(len(spec.widths))
    points = []
    for done, widths in enumerate(widths_list, start=1):
        summary = summarize(spec.with_widths(widths))
        points += [
            SizePoint(s, widths, summary.total, summary.dense_only, file_bytes(summary, s))
            for s in series
        ]
        if on_step is not None:
            on_step(done, len(widths_list))
    return points


def slot_bytes(summary: ParamSummary) -> int:
    return 4 * OPTIMIZER_SLOTS[summary.optimizer] * summary.trainable


def keras_bytes(summary: ParamSummary, optimizer_built: bool = True) -> int:
    """A made-up .keras size: overhead, 4 bytes per weight, the optimizer's slots if built."""
    optimizer = slot_bytes(summary) + OPTIMIZER_SCALAR_BYTES if optimizer_built else 0
    return KERAS_OVERHEAD + 4 * summary.total + optimizer


def file_bytes(summary: ParamSummary, series: Series) -> int:
    with_optimizer = slot_bytes(summary) + OPTIMIZER_SCALAR_BYTES
    return {
        Series.KERAS_WITH_OPTIMIZER: keras_bytes(summary),
        Series.KERAS_WITHOUT_OPTIMIZER: keras_bytes(summary, optimizer_built=False),
        Series.H5_WITH_OPTIMIZER: H5_OVERHEAD + 4 * summary.total + with_optimizer,
        Series.WEIGHTS_H5: WEIGHTS_H5_OVERHEAD + 4 * summary.total + with_optimizer,
        Series.TFLITE_FLOAT32: TFLITE_OVERHEAD + 4 * summary.dense_only,
        Series.TFLITE_FLOAT16: TFLITE_OVERHEAD + 2 * summary.dense_only,
        Series.TFLITE_INT8: TFLITE_OVERHEAD + summary.dense_only,
        Series.KERAS_GZIP: round(0.9 * keras_bytes(summary)) - KERAS_OVERHEAD // 2,
    }[series]


def made_up_report(spec: ModelSpec) -> FileReport:
    summary = summarize(spec)
    h5_bytes = file_bytes(summary, Series.H5_WITH_OPTIMIZER)
    return FileReport(
        spec=spec,
        params=summary.total,
        trainable=summary.trainable,
        formats=made_up_formats(summary),
        keras_anatomy=made_up_anatomy(FileFormat.KERAS, keras_bytes(summary), summary),
        h5_anatomy=made_up_anatomy(FileFormat.H5, h5_bytes, summary),
        optimizers=tuple(made_up_optimizer_row(spec, label) for label in OPTIMIZERS),
        dtypes=made_up_dtypes(summary),
    )


def made_up_formats(summary: ParamSummary) -> tuple[FormatSize, ...]:
    weights = 4 * summary.total
    saved_model_files = (("saved_model.pb", 20_000), ("variables/variables.data", weights))
    return (
        FormatSize(
            FileFormat.KERAS_BARE, 'model.save("m.keras")  # untrained', keras_bytes(summary, False)
        ),
        FormatSize(FileFormat.KERAS, 'model.save("m.keras")', keras_bytes(summary)),
        FormatSize(
            FileFormat.H5, 'model.save("m.h5")', file_bytes(summary, Series.H5_WITH_OPTIMIZER)
        ),
        FormatSize(FileFormat.H5_NO_OPTIMIZER, "include_optimizer=False", H5_OVERHEAD + weights),
        FormatSize(FileFormat.WEIGHTS_H5, "save_weights", file_bytes(summary, Series.WEIGHTS_H5)),
        FormatSize(FileFormat.KERAS_GZIP, "gzip.compress", file_bytes(summary, Series.KERAS_GZIP)),
        FormatSize(
            FileFormat.SAVED_MODEL,
            "model.export(...)",
            sum(size for _, size in saved_model_files),
            saved_model_files,
            "made up by the fake engine",
        ),
        FormatSize(FileFormat.TFLITE, "TFLiteConverter", TFLITE_OVERHEAD + 4 * summary.dense_only),
    )


def made_up_anatomy(file: FileFormat, total: int, summary: ParamSummary) -> Anatomy:
    """Parts that sum to ``total``: the HDF5 structure takes what the others leave."""
    parts = [
        Part("zip records", PartKind.ZIP, ZIP_BYTES),
        Part("config.json", PartKind.JSON, JSON_BYTES),
        Part("weights", PartKind.WEIGHTS, 4 * summary.total),
        Part("optimizer slots", PartKind.OPTIMIZER, slot_bytes(summary)),
        Part("optimizer scalars", PartKind.OPTIMIZER, OPTIMIZER_SCALAR_BYTES),
    ]
    rest = total - sum(part.bytes for part in parts)
    return Anatomy(file, total, (*parts, Part("HDF5 structure", PartKind.HDF5, rest)))


def made_up_optimizer_row(spec: ModelSpec, label: str) -> OptimizerRow:
    summary = summarize(replace(spec, optimizer=label))
    return OptimizerRow(
        label=label,
        code=f"{label}()",
        file_bytes=keras_bytes(summary),
        weight_bytes=4 * summary.total,
        slot_bytes=slot_bytes(summary),
        scalar_bytes=OPTIMIZER_SCALAR_BYTES,
        trainable=summary.trainable,
        params=summary.total,
    )


def made_up_dtypes(summary: ParamSummary) -> tuple[DtypeRow, ...]:
    numbers = summary.total
    return tuple(
        DtypeRow(
            f"{dtype} .weights.h5",
            "save_weights",
            WEIGHTS_H5_OVERHEAD + size * numbers,
            size * numbers,
            numbers,
        )
        for dtype, size in (("float32", 4), ("float16", 2), ("bfloat16", 2))
    )
