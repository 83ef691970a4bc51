"""Real files, exact bytes: the sweep behind the parameters-vs-bytes chart."""

import io
import os
import queue
import tempfile
import threading
import zipfile

import pytest
import tensorflow  # noqa: F401  (Keras-oracle test: TensorFlow must be there)

from components.charts.figures import bytes_figure
from components.core.fits import fit_line
from components.core.results import SWEEP_SERIES, JobCancelled, Series
from components.core.seed_post import SEED_POST_TABLE
from components.core.size_law import series_laws
from components.core.spec import ModelSpec
from components.core.sweep_plan import SWEEP_BASE_WIDTHS, sweep_widths
from components.worker.jobs import run_sweep
from components.worker.model import build_compiled
from components.worker.serialization import (
    cache_keras_attr_skipsets,
    keras_file_bytes,
    keras_file_content,
    sweep,
)
from components.worker.training import train

pytestmark = pytest.mark.slow  # TensorFlow


@pytest.fixture(scope="module")
def points():
    return sweep(ModelSpec())


def test_the_sweep_reports_each_width_as_it_is_saved():
    progress = queue.Queue()
    run_sweep(
        ModelSpec(widths=(8,), batchnorm=False, dropout=0.0),
        progress=progress,
        cancel=threading.Event(),
    )
    reported = [progress.get_nowait() for _ in range(progress.qsize())]
    total = len(SWEEP_BASE_WIDTHS)
    assert reported == [(done, total) for done in range(1, total + 1)]


def test_a_cancelled_sweep_stops_at_its_next_width():
    cancel = threading.Event()

    class CancelOnFirstWidth(queue.Queue):
        def put(self, item, block=True, timeout=None):
            super().put(item, block, timeout)
            cancel.set()  # the page moved on while the first width was saved

    progress = CancelOnFirstWidth()
    with pytest.raises(JobCancelled):
        run_sweep(ModelSpec(widths=(4, 2)), progress=progress, cancel=cancel)
    assert progress.get_nowait() == (1, len(SWEEP_BASE_WIDTHS))
    assert progress.empty()


def test_sweep_measures_at_least_twelve_widths_per_series(points):
    for series in SWEEP_SERIES:
        mine = [p for p in points if p.series == series]
        assert len({p.widths for p in mine}) >= 12
        assert all(isinstance(p.bytes, int) and p.bytes > 30_000 for p in mine)
    # Each point's parameter count is that of the model Keras builds at its widths.
    counted = {
        w: build_compiled(ModelSpec().with_widths(w)).count_params() for w in sweep_widths(2)
    }
    assert all(p.params == counted[p.widths] for p in points)


def test_sweep_includes_the_seed_tables_widths(points):
    measured = {p.widths for p in points}
    assert {row.widths for row in SEED_POST_TABLE} <= measured


def test_four_bytes_per_float32_parameter_then_adams_two_slots(points):
    def slope(series):
        mine = [p for p in points if p.series == series]
        return fit_line([p.params for p in mine], [p.bytes for p in mine]).slope

    assert 3.9 < slope(Series.KERAS_WITHOUT_OPTIMIZER) < 4.2  # float32 weights
    assert 11 < slope(Series.KERAS_WITH_OPTIMIZER) < 12.5  # + Adam's momentum and velocity


def test_built_optimizer_saves_as_many_bytes_as_a_trained_one():
    spec = ModelSpec(epochs=3)
    model = build_compiled(spec)
    model.optimizer.build(model.trainable_variables)
    trained, _ = train(spec)
    assert keras_file_bytes(model) == keras_file_bytes(trained)


def test_saving_leaves_no_temp_files(tmp_path, monkeypatch):
    """Saved in a temp folder of its own (here one only this test uses), then removed."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    model = build_compiled(ModelSpec(widths=(3,)))
    saved_to = []
    save = model.save
    monkeypatch.setattr(model, "save", lambda path: (saved_to.append(path), save(path)))
    assert keras_file_bytes(model) > 0
    assert [os.path.commonpath([tmp_path, path]) for path in saved_to] == [str(tmp_path)]
    assert list(tmp_path.iterdir()) == []


def test_chart_data_has_the_seed_files_and_the_measured_points(points):
    fits = {
        s: fit_line(
            [p.params for p in points if p.series == s], [p.bytes for p in points if p.series == s]
        )
        for s in SWEEP_SERIES
    }
    figure = bytes_figure(points, fits, current=None)
    ys = [y for trace in figure.data for y in (trace.y or ())]
    for row in SEED_POST_TABLE:
        assert row.bytes in ys
    measured = [t for t in figure.data if t.name.endswith("(measured)")]
    assert sum(len(t.x) for t in measured) >= 24


def test_every_width_is_saved_in_the_three_main_formats(points):
    for series in (Series.KERAS_WITH_OPTIMIZER, Series.H5_WITH_OPTIMIZER, Series.WEIGHTS_H5):
        assert len({p.widths for p in points if p.series == series}) >= 20


def test_the_two_count_law_predicts_keras_files_within_a_tenth_of_a_percent(points):
    laws = series_laws(points, batchnorm=True)[Series.KERAS_WITH_OPTIMIZER]
    assert laws.law_error < 0.1  # the page aims for 1%
    assert laws.law.per_trainable == pytest.approx(12, abs=0.01)  # weight + Adam's 2 slots
    assert laws.law.per_non_trainable == pytest.approx(4, abs=0.1)  # BatchNorm statistics
    assert laws.line_error > laws.law_error


def test_caching_kerass_attribute_skipsets_changes_no_byte():
    import keras

    def entries(content: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    model = build_compiled(ModelSpec(widths=(9, 4)))
    model.optimizer.build(model.trainable_variables)
    keras.backend.clear_session()  # what a worker does between jobs: the cache is gone
    plain = keras_file_content(model)
    cache_keras_attr_skipsets()
    cached = keras_file_content(model)
    assert len(cached) == len(plain)
    for name in ("config.json", "model.weights.h5"):  # metadata.json holds the save time
        assert entries(cached)[name] == entries(plain)[name]
