"""Real files, exact bytes: the sweep behind the parameters-vs-bytes chart."""

import os
import tempfile

import pytest

from components.charts import bytes_figure
from components.fits import fit_line
from components.params import summarize
from components.results import KERAS_WITH_OPTIMIZER, KERAS_WITHOUT_OPTIMIZER, SERIES
from components.seed_post import SEED_TABLE
from components.spec import ModelSpec

pytest.importorskip("tensorflow")
from components.model import build_compiled
from components.serialization import keras_file_bytes, sweep
from components.training import train


@pytest.fixture(scope="module")
def points():
    return sweep(ModelSpec())


def test_sweep_measures_at_least_twelve_widths_per_series(points):
    for series in SERIES:
        mine = [p for p in points if p.series == series]
        assert len({p.widths for p in mine}) >= 12
        assert all(isinstance(p.bytes, int) and p.bytes > 30_000 for p in mine)
        assert [p.params for p in mine] == [
            summarize(ModelSpec(widths=p.widths)).total for p in mine
        ]


def test_sweep_includes_the_seed_tables_widths(points):
    measured = {p.widths for p in points}
    assert {row.widths for row in SEED_TABLE} <= measured


def test_four_bytes_per_float32_parameter_then_adams_two_slots(points):
    def slope(series):
        mine = [p for p in points if p.series == series]
        return fit_line([p.params for p in mine], [p.bytes for p in mine]).slope

    assert 3.9 < slope(KERAS_WITHOUT_OPTIMIZER) < 4.2  # float32 weights
    assert 11 < slope(KERAS_WITH_OPTIMIZER) < 12.5  # + Adam's momentum and velocity


def test_built_optimizer_saves_as_many_bytes_as_a_trained_one():
    spec = ModelSpec(epochs=3)
    model = build_compiled(spec)
    model.optimizer.build(model.trainable_variables)
    trained, _ = train(spec)
    assert keras_file_bytes(model) == keras_file_bytes(trained)


def test_saving_leaves_no_temp_files():
    before = set(os.listdir(tempfile.gettempdir()))
    keras_file_bytes(build_compiled(ModelSpec(widths=(3,))))
    assert set(os.listdir(tempfile.gettempdir())) == before


def test_chart_data_has_the_seed_files_and_the_measured_points(points):
    fits = {
        s: fit_line(
            [p.params for p in points if p.series == s], [p.bytes for p in points if p.series == s]
        )
        for s in SERIES
    }
    figure = bytes_figure(points, fits, current=None)
    ys = [y for trace in figure.data for y in (trace.y or ())]
    for row in SEED_TABLE:
        assert row.bytes in ys
    measured = [t for t in figure.data if t.name.endswith("(measured)")]
    assert sum(len(t.x) for t in measured) >= 24
