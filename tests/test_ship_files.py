"""The ship job's files: TFLite three ways and the .keras gzipped, at every width of the sweep.

Each number must be the size of a file made independently here (a fresh converter per
kind, as the file report converts; ``gzip.compress`` of the saved .keras), and the laws
fitted to them must say what the page says: ~4, ~2 and ~1 byte per Dense weight, and gzip
below the .keras file's own slope.
"""

import gzip
import queue
import threading

import pytest
import tensorflow as tf

from components.core.fits import fit_line
from components.core.results import SHIP_SERIES, JobCancelled, Series
from components.core.ship import dense_kernels
from components.core.spec import ModelSpec
from components.core.sweep_plan import sweep_widths
from components.worker.jobs import run_ship
from components.worker.measure_files import fill_like_trained, tflite_row
from components.worker.model import build_compiled
from components.worker.serialization import keras_file_content, sweep
from components.worker.ship_files import ship_sweep
from components.worker.training import train

pytestmark = pytest.mark.slow  # TensorFlow

SPEC = ModelSpec()  # the seed's shape: two hidden layers, BatchNorm, dropout, Adam
CHECKED = (64, 32)  # a width of the sweep, checked file by file
DATE_BYTES = 8  # how much a save time's digits can move a gzipped file
KINDS = {"float32": Series.TFLITE_FLOAT32, "float16": Series.TFLITE_FLOAT16}
KINDS["int8"] = Series.TFLITE_INT8


@pytest.fixture(scope="module")
def points():
    steps = []
    found = ship_sweep(SPEC, on_step=lambda: steps.append(len(steps)))
    assert len(steps) == len(sweep_widths(len(SPEC.widths)))  # the progress bar's steps
    return found


def at(points, series: Series, widths: tuple[int, ...]) -> int:
    return next(p.bytes for p in points if p.series == series and p.widths == widths)


def checked_model():
    model = build_compiled(SPEC.with_widths(CHECKED))
    model.optimizer.build(model.trainable_variables)
    fill_like_trained(model, SPEC.seed)
    return model


def test_every_width_of_the_sweep_has_all_four_files(points):
    widths = sweep_widths(len(SPEC.widths))
    assert sorted((p.series, p.widths) for p in points) == sorted(
        (series, w) for series in SHIP_SERIES for w in widths
    )


def test_the_tflite_numbers_are_the_files_fresh_converters_make(points, tmp_path):
    model = checked_model()
    model.export(str(tmp_path / "saved"), verbose=False)
    for kind, series in KINDS.items():
        row = tflite_row(str(tmp_path / "saved"), kind)  # a converter of its own per kind
        assert row.file_bytes == at(points, series, CHECKED), kind
    # from_keras_model makes a file as long (it exports a SavedModel itself), no faster.
    assert len(tf.lite.TFLiteConverter.from_keras_model(model).convert()) == at(
        points, Series.TFLITE_FLOAT32, CHECKED
    )


def test_the_gzip_number_is_the_saved_keras_file_gzipped_at_level_6(points):
    """To a few bytes: the file's metadata.json holds the second it was saved, and its
    digits compress differently (level 9 or 1 would be ~300-700 bytes off)."""
    data = keras_file_content(checked_model())
    gzipped = len(gzip.compress(data, compresslevel=6, mtime=0))
    assert abs(gzipped - at(points, Series.KERAS_GZIP, CHECKED)) <= DATE_BYTES


def test_the_gzipped_file_is_within_3_percent_of_a_trained_models(points):
    """Trained-like numbers gzip as trained ones do; an untrained file would be ~half."""
    model, _ = train(SPEC.with_widths(CHECKED))
    trained = len(gzip.compress(keras_file_content(model), compresslevel=6, mtime=0))
    measured = at(points, Series.KERAS_GZIP, CHECKED)
    assert abs(measured - trained) / trained < 0.03, (measured, trained)


def test_the_laws_are_4_2_and_1_bytes_a_dense_weight_and_gzip_below_keras(points):
    def dense_fit(series: Series):
        mine = [p for p in points if p.series == series]
        return fit_line([p.dense_params for p in mine], [p.bytes for p in mine])

    assert dense_fit(Series.TFLITE_FLOAT32).slope == pytest.approx(4.0, abs=0.01)
    assert dense_fit(Series.TFLITE_FLOAT16).slope == pytest.approx(2.0, abs=0.01)
    assert 1.0 < dense_fit(Series.TFLITE_INT8).slope < 1.2  # + scales, small layers float32
    keras = [p for p in sweep(SPEC) if p.series == Series.KERAS_WITH_OPTIMIZER]
    keras_slope = fit_line([p.params for p in keras], [p.bytes for p in keras]).slope
    gzipped = [p for p in points if p.series == Series.KERAS_GZIP]
    gzip_fit = fit_line([p.params for p in gzipped], [p.bytes for p in gzipped])
    assert 0.7 * keras_slope < gzip_fit.slope < keras_slope
    for series in SHIP_SERIES:
        assert dense_fit(series).r2 > 0.999, series


def test_int8_leaves_the_kernels_under_1024_numbers_in_float32_as_the_page_says(points):
    smallest = sweep_widths(len(SPEC.widths))[0]
    assert not any(k.int8 for k in dense_kernels(SPEC.with_widths(smallest)))
    assert at(points, Series.TFLITE_INT8, smallest) == at(points, Series.TFLITE_FLOAT32, smallest)
    kernels = dense_kernels(SPEC.with_widths(CHECKED))
    assert [k.int8 for k in kernels] == [False, True, False]  # 4x64, 64x32, 32x3
    assert at(points, Series.TFLITE_INT8, CHECKED) < at(points, Series.TFLITE_FLOAT32, CHECKED)


def test_a_cancelled_ship_job_stops_at_its_next_width():
    cancel, progress = threading.Event(), queue.Queue()

    class Channel:
        def put(self, message):
            progress.put(message)
            cancel.set()  # the page moved on after the first width

    with pytest.raises(JobCancelled):
        run_ship(ModelSpec(widths=(4,)), progress=Channel(), cancel=cancel)
    assert progress.qsize() == 1
