"""Compute per layer (components/core/compute.py): the formulas by hand, against the shapes of
the Keras model's kernels, against TensorFlow's profiler, and on the page."""

from __future__ import annotations

import random

import pytest

from components.core.compute import ACTIVATION_OPS_PER_UNIT, ComputeSummary, summarize_compute
from components.core.cost import time_split
from components.core.params import layer_rows
from components.core.spec import ACTIVATIONS, MAX_LAYERS, OPTIMIZERS, ModelSpec
from tests.helpers import run_app


def random_spec(rng: random.Random) -> ModelSpec:
    depth = rng.randint(1, MAX_LAYERS)
    return ModelSpec(
        widths=tuple(rng.randint(1, 80) for _ in range(depth)),
        batchnorm=rng.random() < 0.5,
        dropout=rng.choice([0.0, 0.2, 0.5]),
        optimizer=rng.choice(OPTIMIZERS),
        batch_size=rng.randint(1, 256),
        activations=tuple(rng.choice(ACTIVATIONS) for _ in range(depth)),
    )


RANDOM_SPECS = [random_spec(random.Random(seed)) for seed in range(12)]


def test_the_seed_model_by_hand():
    summary = summarize_compute(ModelSpec())  # 4 -> 32 -> BN -> drop -> 16 -> BN -> drop -> 3
    assert [row.macs for row in summary.rows] == [128, 0, 0, 512, 0, 0, 48]
    # bias 32 (linear); BN 4x32; dropout 32; bias+relu 2x16; BN 4x16; dropout 16; bias+softmax 6x3
    assert [row.elementwise_ops for row in summary.rows] == [32, 128, 32, 32, 64, 16, 18]
    assert summary.forward_flops == 2 * 688 + 322
    assert summary.training_flops_per_epoch == 3 * 120 * (2 * 688 + 322)
    # outputs of 32, 32, 32, 16, 16, 16, 3 units, float32, batch 32
    assert summary.activation_bytes == 4 * 32 * (3 * 32 + 3 * 16 + 3)
    assert summary.run_flops == 100 * (3 * 120 + 30) * (2 * 688 + 322)


def test_the_first_dense_is_four_inputs_times_h1():
    assert summarize_compute(ModelSpec(widths=(35, 16))).rows[0].macs == 4 * 35


def test_a_batch_never_holds_more_than_the_training_rows():
    assert summarize_compute(ModelSpec(batch_size=256)).batch == 120
    assert summarize_compute(ModelSpec(batch_size=7)).batch == 7


@pytest.mark.parametrize("spec", RANDOM_SPECS)
def test_totals_are_the_sums_of_the_rows(spec):
    summary = summarize_compute(spec)
    assert isinstance(summary, ComputeSummary)
    assert summary.forward_flops == 2 * summary.macs + summary.elementwise_ops
    assert summary.training_flops_per_epoch == sum(r.training_flops_per_epoch for r in summary.rows)
    assert summary.activation_bytes == 4 * summary.batch * sum(r.units for r in summary.rows)


def test_time_split_from_the_numbers():
    summary = summarize_compute(ModelSpec())
    split = time_split(summary, 0.5)
    assert split.achieved_flops_per_s == pytest.approx(summary.run_flops / 0.5)
    assert 0 < split.math_fraction < 1
    assert time_split(summary, 0.0) is None


# ------------------------------------------------------------- Keras and TensorFlow oracles


@pytest.mark.slow
@pytest.mark.parametrize("spec", RANDOM_SPECS)
def test_macs_match_the_keras_kernels(spec):
    from components.worker.model import build_compiled

    model = build_compiled(spec)
    rows = {row.name: row for row in summarize_compute(spec).rows}
    assert [layer.name for layer in model.layers] == list(rows)
    for layer in model.layers:
        kernel = getattr(layer, "kernel", None)
        expected = 0 if kernel is None else kernel.shape[0] * kernel.shape[1]
        assert rows[layer.name].macs == expected, layer.name
        assert rows[layer.name].units == layer.output.shape[-1]


def profiled_forward_flops(spec: ModelSpec) -> dict[str, int]:
    """TensorFlow's profiler count of the inference forward pass at batch 1, per layer."""
    import tensorflow as tf
    from tensorflow.python.profiler import model_analyzer, option_builder

    from components.worker.model import build_compiled

    model = build_compiled(spec)
    signature = tf.TensorSpec([1, 4], tf.float32)
    graph = tf.function(lambda x: model(x, training=False)).get_concrete_function(signature).graph
    builder = option_builder.ProfileOptionBuilder
    options = builder(builder.float_operation()).with_empty_output().build()
    names = {layer.name for layer in model.layers}
    per_layer: dict[str, int] = {}

    def walk(node):
        for child in node.children:
            if child.float_ops:
                scope = child.name.split("/")[1]  # iris_mlp_1/dense_1_1/MatMul: a suffix or not
                layer = scope if scope in names else scope.rsplit("_", 1)[0]
                per_layer[layer] = per_layer.get(layer, 0) + child.float_ops
            walk(child)

    walk(model_analyzer.profile(graph, options=options))
    return per_layer


# What TensorFlow's profiler counts per unit of each activation: nothing for Relu, Tanh and
# Sigmoid (no flops registered), gelu's arithmetic (x / sqrt 2, + 1, two multiplies) but not
# its Erf; softmax's 5, as we do.
PROFILER_OPS_PER_UNIT = {None: 0, "relu": 0, "tanh": 0, "sigmoid": 0, "gelu": 4, "softmax": 5}
EVERY_ACTIVATION = ModelSpec(
    widths=(7, 6, 5, 4, 3), activations=("relu", "tanh", "sigmoid", "gelu", "linear"), dropout=0
)


@pytest.mark.slow
@pytest.mark.parametrize("spec", [*RANDOM_SPECS[:6], EVERY_ACTIVATION])
def test_forward_flops_match_tensorflows_profiler(spec):
    """TF counts MatMul as 2 x MACs, BiasAdd 1 and Softmax 5 per unit, as we do, and each
    activation as ``PROFILER_OPS_PER_UNIT``; an inference graph has no Dropout; BatchNorm at
    inference folds its parameters at batch 1 into 8 ops per unit (rsqrt 2, add, 2 mul, sub
    on the per-unit scale and shift; x * scale, + shift per sample) where we count 4 per
    sample in training."""
    profiled = profiled_forward_flops(spec)
    activation = {row.name: row.activation for row in layer_rows(spec)}
    for row in summarize_compute(spec).rows:
        if row.kind == "Dense":
            ours, theirs = (
                table[activation[row.name]]
                for table in (ACTIVATION_OPS_PER_UNIT, PROFILER_OPS_PER_UNIT)
            )
            assert profiled[row.name] == row.forward_flops - (ours - theirs) * row.units, row.name
        elif row.kind == "BatchNormalization":
            assert profiled[row.name] == row.forward_flops + 4 * row.units, row.name
        else:
            assert row.name not in profiled and row.forward_flops == row.units


# ------------------------------------------------------------------------------ the page


def compute_frame(at):
    return next(df.value for df in at.dataframe if "MACs / sample" in df.value.columns)


def test_the_page_shows_macs_for_the_current_widths(fake_engine):
    at = run_app(h1="35", tab="Compute")
    assert not at.exception
    frame = compute_frame(at)
    assert frame["layer"].tolist()[0] == "dense_1"
    assert frame["MACs / sample"].tolist() == [140, 0, 0, 560, 0, 0, 48, 748]
    text = " ".join(m.value for m in at.markdown)
    assert "achieved" in text and "overhead" in text
