"""The cost model: counts checked independently, predictions that never fall as a job grows,
and the refusal of the issue's heavy link. Pure: no TensorFlow, no clocks."""

import random
from dataclasses import replace

import pytest

from components.core import cost
from components.core.compute import summarize_compute
from components.core.params import layer_rows, summarize
from components.core.spec import MAX_BATCH, MAX_EPOCHS, MAX_LAYERS, MAX_WIDTH, PRESETS, ModelSpec

LIMIT_S = 60.0  # components/engine/settings.py's DEFAULT_TIME_LIMIT_S
HEAVY_LINK = ModelSpec(widths=(512,) * 6, epochs=500, batch_size=1)  # the link


def random_specs(count: int, seed: int = 0) -> list[ModelSpec]:
    rng = random.Random(seed)
    return [
        ModelSpec(
            widths=tuple(rng.randint(1, MAX_WIDTH) for _ in range(rng.randint(1, MAX_LAYERS))),
            batchnorm=rng.random() < 0.5,
            dropout=rng.choice([0.0, 0.2, 0.5]),
            optimizer=rng.choice(["adam", "adamw", "sgd", "rmsprop", "adagrad"]),
            epochs=rng.randint(1, MAX_EPOCHS),
            batch_size=rng.randint(1, MAX_BATCH),
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize(
    ("epochs", "batch", "steps"),
    [(100, 32, 400), (1, 1, 120), (500, 1, 60_000), (10, 7, 180), (3, 120, 3), (3, 256, 3)],
)
def test_minibatch_steps(epochs, batch, steps):
    spec = ModelSpec(epochs=epochs, batch_size=batch)
    assert cost.minibatch_steps(spec) == steps
    assert cost.minibatch_steps(spec, n_train=121) == epochs * -(-121 // batch)


def test_seed_model_flops_by_hand():
    # As the Compute tab counts them (tests/test_compute.py has them by hand): 688
    # multiply-adds and 322 elementwise ops per sample.
    forward = 2 * 688 + 322
    assert cost.forward_flops_per_sample(ModelSpec()) == forward
    # 100 epochs of 120 rows at 3 forward passes each, plus 30 test rows forward.
    assert cost.training_flops(ModelSpec()) == 100 * (120 * 3 + 30) * forward


@pytest.mark.parametrize("spec", random_specs(40))
def test_counts_agree_with_the_parameter_and_compute_tables(spec):
    assert cost.trainable_parameters(spec) == summarize(spec).trainable
    assert cost.keras_layers(spec) == len(layer_rows(spec))
    assert cost.training_flops(spec) == summarize_compute(spec).run_flops


def test_every_term_has_a_non_negative_calibrated_constant():
    assert set(cost.SECONDS_PER_TERM) == set(cost.cost_terms(ModelSpec()))
    assert all(seconds >= 0 for seconds in cost.SECONDS_PER_TERM.values())


@pytest.mark.parametrize("spec", random_specs(60, seed=1))
def test_a_bigger_job_never_predicts_less(spec):
    predicted = cost.predict_seconds(spec)
    if spec.epochs < MAX_EPOCHS:
        assert cost.predict_seconds(replace(spec, epochs=spec.epochs + 1)) >= predicted
    if spec.batch_size > 1:
        assert cost.predict_seconds(replace(spec, batch_size=spec.batch_size - 1)) >= predicted
    for i, width in enumerate(spec.widths):
        if width < MAX_WIDTH:
            wider = (*spec.widths[:i], width + 1, *spec.widths[i + 1 :])
            assert cost.predict_seconds(spec.with_widths(wider)) >= predicted
    if len(spec.widths) < MAX_LAYERS:
        # A new last layer of at least 3 units (the classes) adds at least the
        # multiply-adds it takes over from the output layer; a narrower one may save some.
        deeper = spec.with_widths((*spec.widths, 3))
        assert cost.predict_seconds(deeper) >= predicted
    for switched_on in (replace(spec, batchnorm=True), replace(spec, dropout=0.5)):
        assert cost.predict_seconds(switched_on) >= predicted


@pytest.mark.parametrize("spec", random_specs(20, seed=3))
def test_an_epoch_is_what_each_more_epoch_adds_to_the_prediction(spec):
    """What sizes a training's chunks: every epoch more predicts ``epoch_seconds`` more."""
    one, more = replace(spec, epochs=1), replace(spec, epochs=7)
    added = cost.predict_seconds(more) - cost.predict_seconds(one)
    assert cost.epoch_seconds(spec) > 0
    assert added == pytest.approx(6 * cost.epoch_seconds(spec), rel=1e-9)


def test_the_seed_model_is_light_and_not_refused():
    assert cost.predict_seconds(ModelSpec()) < 1.0
    assert not cost.is_heavy(ModelSpec())
    assert cost.refusal(ModelSpec(), LIMIT_S) is None


def test_the_heavy_link_is_refused_with_a_fix_that_fits():
    message = cost.refusal(HEAVY_LINK, LIMIT_S)
    predicted = cost.format_seconds(cost.predict_seconds(HEAVY_LINK))
    assert message.startswith(f"This training is predicted to take {predicted}, over the 60 s")
    options = cost.shrink_options(HEAVY_LINK, cost.SUGGESTION_MARGIN * LIMIT_S)
    assert [text for text, _ in options][:2] == [
        f"batch size {options[0][1].batch_size} or more",
        f"at most {options[1][1].epochs} epochs",
    ]
    for text, smaller in options:
        assert text in message
        assert cost.predict_seconds(smaller) <= cost.SUGGESTION_MARGIN * LIMIT_S
        assert cost.refusal(smaller, LIMIT_S) is None


def refusable(spec: ModelSpec) -> bool:
    """Over a limit of half its prediction, with one epoch under it: a fix exists."""
    one_epoch = cost.predict_seconds(replace(spec, epochs=1))
    return one_epoch <= cost.SUGGESTION_MARGIN * cost.predict_seconds(spec) / 2


@pytest.mark.parametrize("spec", [s for s in random_specs(80, seed=2) if refusable(s)])
def test_every_refusal_names_fixes_that_pass(spec):
    limit = cost.predict_seconds(spec) / 2
    message = cost.refusal(spec, limit)
    options = cost.shrink_options(spec, cost.SUGGESTION_MARGIN * limit)
    assert options, message  # fewer epochs always gets there
    for text, smaller in options:
        assert text in message
        assert cost.predict_seconds(smaller) <= cost.SUGGESTION_MARGIN * limit


def test_fixes_are_the_nearest_values_that_fit():
    (_, batch), (_, epochs), *_ = cost.shrink_options(HEAVY_LINK, 40.0)
    assert batch.batch_size > HEAVY_LINK.batch_size and epochs.epochs < HEAVY_LINK.epochs
    assert cost.predict_seconds(replace(batch, batch_size=batch.batch_size - 1)) > 40.0
    assert cost.predict_seconds(replace(epochs, epochs=epochs.epochs + 1)) > 40.0


def test_the_heavy_link_is_heavy_and_the_presets_are_light():
    assert cost.is_heavy(HEAVY_LINK)
    assert not cost.is_heavy(replace(HEAVY_LINK, epochs=1, batch_size=32))
    for preset in PRESETS.values():
        assert not cost.is_heavy(preset) and cost.refusal(preset, LIMIT_S) is None


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.3142, "about 0.31 s"), (12.4, "about 12 s"), (491.7, "about 490 s")]
)
def test_format_seconds(seconds, text):
    assert cost.format_seconds(seconds) == text


def test_the_calibration_bench_writes_what_the_cost_model_reads(tmp_path):
    from bench.calibrate_cost import write_calibration

    fitted = {name: seconds * 1.5 for name, seconds in cost.SECONDS_PER_TERM.items()}
    written = tmp_path / "cost_calibration.json"
    write_calibration(fitted, "python -m bench.calibrate_cost", "error on 0 specs", written)
    read = cost.read_calibration(written)
    assert read.keys() == cost.SECONDS_PER_TERM.keys()
    assert read == pytest.approx(fitted, rel=5e-3)  # 3 significant figures
    assert cost.read_calibration() == cost.SECONDS_PER_TERM  # the committed one, in use
    spec = ModelSpec(widths=(64, 64), epochs=10)
    assert cost.predict_seconds(spec, read) == pytest.approx(1.5 * cost.predict_seconds(spec), 5e-3)
