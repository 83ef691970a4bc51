"""One user trying many kinds of model: ten families over the four datasets, one 6 x 512.

The specs the memory benches drive (bench/memory_worker.py in one worker,
bench/memory_one_user.py --varied through the page). Each differs from the others in
what makes a model family (depth, BatchNorm, Dropout, optimizer), so each traces a new
training program in the worker; the datasets change what the server splits and keeps.
"""

from __future__ import annotations

from components.core.model_link import spec_to_query
from components.core.spec import ModelSpec

VARIED_SPECS = (
    ModelSpec(),
    ModelSpec(widths=(32, 16), dataset="wine", optimizer="sgd", learning_rate=0.01),
    ModelSpec(widths=(64,), dataset="breast_cancer", optimizer="rmsprop", batchnorm=False),
    ModelSpec(widths=(64, 32, 16), dataset="digits", optimizer="adagrad", learning_rate=0.05),
    ModelSpec(widths=(16, 8, 8, 4), optimizer="adamw", dropout=0.0),
    ModelSpec(widths=(24,), dataset="wine", batchnorm=False, dropout=0.0),
    ModelSpec(widths=(64, 32, 16, 8, 8), dataset="digits", optimizer="sgd", learning_rate=0.05),
    ModelSpec(widths=(32, 16), dataset="breast_cancer", optimizer="adamw", dropout=0.0),
    ModelSpec(widths=(32, 16, 8), optimizer="rmsprop", batchnorm=False),
    ModelSpec(widths=(512,) * 6, dataset="digits", epochs=20),
)


def label(spec: ModelSpec) -> str:
    widths = "x".join(map(str, spec.widths))
    extras = ("bn" if spec.batchnorm else "") + (" drop" if spec.dropout else "")
    return f"{spec.dataset:13s} {widths:17s} {spec.optimizer:7s} {extras}"


def query(spec: ModelSpec) -> str:
    return "&".join(f"{k}={v}" for k, v in spec_to_query(spec).items())
