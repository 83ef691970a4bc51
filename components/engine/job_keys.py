"""What identifies a job's result, and the job that computes it.

A key decides what is shared: every request with the same key joins one flight and finds
one result in the caches and the store, so a key holds exactly what changes the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from components.core.spec import ModelSpec
from components.core.split import dataset_split
from components.worker import jobs


def sweep_key(spec: ModelSpec) -> ModelSpec:
    """Bytes depend on layers, names and configs (dropout, optimizer, lr) and on the dataset
    (its features in, its classes out, the model's name), not on training or on which
    features the decision regions show (None: the dataset's first pair)."""
    default = ModelSpec()
    return replace(
        spec,
        widths=(1,) * len(spec.widths),
        epochs=default.epochs,
        batch_size=default.batch_size,
        seed=default.seed,
        # None asks ModelSpec for the dataset's first pair, which its field's type (str,
        # what it holds once built) cannot say.
        region_features=None,  # type: ignore[arg-type]
    )


def file_report_key(spec: ModelSpec) -> ModelSpec:
    """Like sweep_key but the widths matter: the report is about this model's files."""
    return replace(sweep_key(spec), widths=spec.widths)


def training_job(spec: ModelSpec, time_limit_s: float) -> tuple[Callable, tuple]:
    """The job that trains ``spec``. It carries the dataset's split, made here: workers
    never load scikit-learn (~1 s of each worker's start), nor an uploaded table's rows."""
    split = dataset_split(spec.data, spec.seed)
    return jobs.run_training, (spec, split, time_limit_s)


def sweep_job(spec: ModelSpec) -> tuple[ModelSpec, Callable, tuple]:
    """The bytes sweep's key and job for ``spec``'s shape."""
    key = sweep_key(spec)
    return key, jobs.run_sweep, (key,)


def ship_job(spec: ModelSpec) -> tuple[ModelSpec, Callable, tuple]:
    """The ship job's key and job: TFLite and gzipped files of the sweep's widths. Bytes
    depend on what the sweep's do; its files' numbers come from the key's seed."""
    key = sweep_key(spec)
    return key, jobs.run_ship, (key,)


def file_report_job(spec: ModelSpec) -> tuple[ModelSpec, Callable, tuple]:
    """The file report's key and job for ``spec``'s model."""
    key = file_report_key(spec)
    return key, jobs.run_file_report, (key,)
