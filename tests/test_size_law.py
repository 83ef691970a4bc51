"""The size law: pure fits, exact on made-up data, honest when the counts are tied."""

import random

import pytest

from components.core.fits import fit_size_law, max_abs_percent_error
from components.core.params import summarize
from components.core.results import SizePoint
from components.core.size_law import (
    blended_cost,
    held_out_error,
    lockstep,
    parameter_counts,
    series_laws,
)
from components.core.spec import ModelSpec
from components.core.sweep_plan import SWEEP_BASE_WIDTHS, halving_widths, sweep_widths


def test_two_counts_are_recovered_exactly():
    trainable, frozen = [100, 400, 900, 2000], [20, 30, 80, 60]
    sizes = [30_000 + 12 * t + 4 * n for t, n in zip(trainable, frozen, strict=True)]
    law = fit_size_law(trainable, frozen, sizes)
    assert law.overhead == pytest.approx(30_000)
    assert law.per_trainable == pytest.approx(12)
    assert law.per_non_trainable == pytest.approx(4)
    assert law.predict(10_000, 500) == pytest.approx(30_000 + 120_000 + 2_000)


def test_without_non_trainable_parameters_the_law_is_the_line():
    law = fit_size_law([10, 20, 40], [0, 0, 0], [1_100, 1_200, 1_400])
    assert (law.overhead, law.per_trainable, law.per_non_trainable) == pytest.approx((1000, 10, 0))


def test_counts_that_grow_in_lockstep_share_one_slope():
    widths = [1, 2, 4, 8, 16]  # one hidden layer with BatchNorm: both counts linear in width
    counts = [parameter_counts((w,), batchnorm=True) for w in widths]
    sizes = [5_000 + 12 * t + 4 * n for t, n in counts]
    law = fit_size_law([c[0] for c in counts], [c[1] for c in counts], sizes)
    assert law.per_trainable == pytest.approx(law.per_non_trainable)
    for (t, n), size in zip(counts, sizes, strict=True):
        assert law.predict(t, n) == pytest.approx(size)


def test_too_few_models_is_a_clear_error():
    with pytest.raises(ValueError, match="three or more"):
        fit_size_law([1, 2], [0, 0], [5, 6])


def test_max_abs_percent_error():
    assert max_abs_percent_error([101, 198], [100, 200]) == pytest.approx(1.0)


def test_parameter_counts_agree_with_the_formula_table():
    rng = random.Random(4)
    for _ in range(40):
        spec = ModelSpec(
            widths=tuple(rng.randint(1, 512) for _ in range(rng.randint(1, 6))),
            batchnorm=rng.random() < 0.5,
        )
        summary = summarize(spec)
        assert parameter_counts(spec.widths, spec.batchnorm) == (
            summary.trainable,
            summary.non_trainable,
        )


def test_parameter_counts_go_past_the_sliders():
    trainable, frozen = parameter_counts((4096, 2048), batchnorm=True)
    assert trainable == 9 * 4096 + 4096 * 2048 + 8 * 2048 + 3 - 2 * (4096 + 2048)
    assert frozen == 2 * (4096 + 2048)


def test_the_sweep_has_at_least_twenty_distinct_widths_at_every_depth():
    for depth in range(1, 7):
        widths = sweep_widths(depth)
        # The page says "at len(SWEEP_BASE_WIDTHS) widths from 1 to 512": what is measured.
        assert len(widths) == len(SWEEP_BASE_WIDTHS) >= 20
        assert widths[0][0] == 1 and widths[-1][0] == 512
        assert all(w == halving_widths(w[0], depth) for w in widths)
        # Twenty distinct parameter counts, so each fitted line sees twenty points.
        counts = {parameter_counts(w, batchnorm=True) for w in widths}
        assert len(counts) == len(widths)
    assert halving_widths(64, 3) == (64, 32, 16)
    assert halving_widths(2, 4) == (2, 1, 1, 1)


def test_series_laws_report_the_worst_miss_of_each_law():
    widths = sweep_widths(2)
    points = []
    for w in widths:
        t, n = parameter_counts(w, batchnorm=True)
        points.append(SizePoint("exact", w, t + n, 0, 40_000 + 12 * t + 4 * n))
    laws = series_laws(points, batchnorm=True)["exact"]
    assert laws.files == len(widths)
    assert laws.law_error < 1e-6  # the two-count law is exact on this data
    assert laws.line_error > 0.1  # a single line in the parameter count is not


def test_leave_one_out_is_exact_on_exact_data():
    trainable, frozen = [100, 400, 900, 2000, 3500], [20, 30, 80, 60, 100]
    sizes = [30_000 + 12 * t + 4 * n for t, n in zip(trainable, frozen, strict=True)]
    assert held_out_error(trainable, frozen, sizes) < 1e-9


def test_leave_one_out_sees_the_miss_the_fit_hides():
    # A line through four points and one outlier: fitted to all five, the outlier pulls the
    # line toward itself; left out, it is predicted from the four it disagrees with.
    trainable, frozen = [100, 200, 300, 400, 500], [0] * 5
    sizes = [1_000 + 10 * t for t in trainable]
    sizes[-1] += 600  # 6_600 where the others say 6_000: 10% off
    law = fit_size_law(trainable, frozen, sizes)
    fitted = max_abs_percent_error([law.predict(t, 0) for t in trainable], sizes)
    held_out = held_out_error(trainable, frozen, sizes)
    assert held_out >= 600 / 6_600 * 100 - 1e-9  # left out, the outlier: the others say 6_000
    assert held_out > 2 * fitted


def test_leave_one_out_needs_four_models():
    assert held_out_error([1, 2, 3], [0, 0, 0], [5, 6, 7]) is None


def test_series_laws_report_the_held_out_miss():
    points = []
    for w in sweep_widths(2):
        t, n = parameter_counts(w, batchnorm=True)
        points.append(SizePoint("exact", w, t + n, 0, 40_000 + 12 * t + 4 * n))
    points[-1] = SizePoint("exact", points[-1].widths, points[-1].params, 0, 60_000)
    laws = series_laws(points, batchnorm=True)["exact"]
    assert laws.law_held_out_error > laws.law_error > 0


def test_one_hidden_layer_with_batchnorm_grows_in_lockstep():
    counts = [parameter_counts(w, batchnorm=True) for w in sweep_widths(1)]
    shared = lockstep(counts)
    # Dense 4->w, BatchNorm(w), Dense w->3: trainable 10w + 3, non-trainable 2w.
    assert (shared.ratio, shared.offset) == pytest.approx((5, 3))
    # Adam: 12 bytes a trained weight, 4 a moving statistic, five of one per one other.
    assert blended_cost(shared.ratio, 12, 4) == pytest.approx(64 / 6)  # 10.667


def test_two_hidden_layers_do_not_grow_in_lockstep():
    assert lockstep([parameter_counts(w, batchnorm=True) for w in sweep_widths(2)]) is None
    assert lockstep([parameter_counts(w, batchnorm=False) for w in sweep_widths(1)]) is None


def test_the_lockstep_cost_is_what_the_fit_finds():
    counts = [parameter_counts(w, batchnorm=True) for w in sweep_widths(1)]
    sizes = [36_000 + 12 * t + 4 * n for t, n in counts]
    law = fit_size_law([c[0] for c in counts], [c[1] for c in counts], sizes)
    assert law.per_trainable == pytest.approx(blended_cost(lockstep(counts).ratio, 12, 4))
