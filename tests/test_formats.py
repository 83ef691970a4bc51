"""The file report: every format, optimizer and number format of one model, measured."""

import gzip
import os
import queue
import tempfile
import threading

import numpy as np
import pytest
import tensorflow  # noqa: F401  (Keras-oracle test: TensorFlow must be there)
import tensorflow as tf

from components.core.file_report import FileFormat
from components.core.params import OPTIMIZER_SLOTS, summarize
from components.core.results import JobCancelled
from components.core.spec import OPTIMIZERS, ModelSpec
from components.worker.jobs import run_file_report
from components.worker.measure_files import (
    FILE_REPORT_STEPS,
    export_saved_model,
    file_report,
    give_trained_like_values,
    tflite_row,
)
from components.worker.model import build_compiled
from components.worker.serialization import keras_file_bytes, keras_file_content
from components.worker.training import train

pytestmark = pytest.mark.slow  # TensorFlow

SPEC = ModelSpec()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A temp folder of its own, so a leftover file is ours and not another process's."""
    return tmp_path_factory.mktemp("tempdir")


@pytest.fixture(scope="module")
def steps():
    return []


@pytest.fixture(scope="module")
def report(scratch, steps):
    before, tempfile.tempdir = tempfile.tempdir, str(scratch)
    try:
        return file_report(SPEC, on_step=lambda: steps.append(len(steps) + 1))
    finally:
        tempfile.tempdir = before


def test_the_progress_bar_counts_every_step_of_the_report(report, steps):
    assert steps == list(range(1, FILE_REPORT_STEPS + 1))


def test_a_cancelled_report_stops_at_its_next_step():
    cancel = threading.Event()

    class CancelOnFirstStep(queue.Queue):
        def put(self, item, block=True, timeout=None):
            super().put(item, block, timeout)
            cancel.set()  # the page moved on while the first step ran

    progress = CancelOnFirstStep()
    with pytest.raises(JobCancelled):
        run_file_report(ModelSpec(widths=(5,)), progress=progress, cancel=cancel)
    assert progress.get_nowait() == (1, FILE_REPORT_STEPS)
    assert progress.empty()


@pytest.fixture(scope="module")
def trained():
    return train(ModelSpec(epochs=3))[0]


def test_the_report_leaves_no_temp_files(report, scratch):
    # TensorFlow's autograph keeps the source it generates until the process exits.
    ours = [name for name in os.listdir(scratch) if not name.startswith("__autograph_generated")]
    assert ours == []


def test_every_format_is_measured_in_whole_bytes(report):
    assert [f.format for f in report.formats] == list(FileFormat)  # each once, in order
    assert all(isinstance(f.bytes, int) and f.bytes > 1000 for f in report.formats)


def test_keras_bytes_equal_the_trained_models_file(report, trained):
    assert report.format_bytes(FileFormat.KERAS) == keras_file_bytes(trained)


def test_the_gzipped_keras_row_is_within_3_percent_of_the_trained_file_gzipped(report, trained):
    """The report's model holds trained-like numbers: gzip finds as little to squeeze."""
    measured = report.format_bytes(FileFormat.KERAS_GZIP)
    gzipped = len(gzip.compress(keras_file_content(trained), compresslevel=6, mtime=0))
    assert abs(measured - gzipped) / gzipped < 0.03, (measured, gzipped)


def test_legacy_h5_without_optimizer_drops_exactly_the_optimizer_data(report):
    with_state = report.format_bytes(FileFormat.H5)
    without = report.format_bytes(FileFormat.H5_NO_OPTIMIZER)
    optimizer_data = sum(p.bytes for p in report.h5_anatomy.parts if "optimizer" in p.name)
    json_config = next(p.bytes for p in report.h5_anatomy.parts if p.name.startswith("training"))
    # The optimizer's datasets and the training config go; HDF5 structure shrinks too.
    assert with_state - without > optimizer_data + json_config


def test_saved_model_is_summed_over_its_files(report):
    saved = report.format_size(FileFormat.SAVED_MODEL)
    assert saved.bytes == sum(size for _, size in saved.files)
    assert {"saved_model.pb", "variables/variables.index"} <= {path for path, _ in saved.files}
    assert f"for {summarize(SPEC).total:,} parameters" in saved.note


def test_bytes_per_trainable_parameter_per_optimizer(report):
    per = {row.label: row.bytes_per_trainable for row in report.optimizers}
    assert per["sgd"] == 4.0
    for label in ("sgd, momentum=0.9", "rmsprop", "adagrad", "lion"):
        assert per[label] == 8.0
    assert per["adam"] == per["adamw"] == 12.0
    assert per["adam, amsgrad=True"] == 16.0
    assert 4.0 < per["adafactor"] < 9.0  # factored: row and column sums, not one per weight


def test_the_apps_optimizers_match_the_pure_slot_counts(report):
    trainable = summarize(SPEC).trainable
    rows = {row.label: row for row in report.optimizers}
    for name in OPTIMIZERS:
        assert rows[name].slot_bytes == 4 * OPTIMIZER_SLOTS[name] * trainable
        assert rows[name].weight_bytes == 4 * summarize(SPEC).total
    assert rows[SPEC.optimizer].file_bytes == report.format_bytes(FileFormat.KERAS)


def test_half_precision_weights_take_two_bytes_each(report):
    per = {row.label: row for row in report.dtypes}
    params = summarize(SPEC).total
    assert per["float32 .weights.h5"].data_bytes == 4 * params
    assert per["float16 .weights.h5"].data_bytes == 2 * params
    assert per["bfloat16 .weights.h5"].data_bytes == 2 * params
    assert per["float16 .weights.h5"].file_bytes < per["float32 .weights.h5"].file_bytes


def test_tflite_folds_batchnorm_and_keeps_the_dense_numbers(report):
    per = {row.label: row for row in report.dtypes}
    dense = summarize(SPEC).dense_only
    assert per["float32 TFLite"].numbers == dense
    assert per["float32 TFLite"].bytes_per_number == 4.0
    assert per["float16 TFLite"].bytes_per_number == 2.0


@pytest.mark.parametrize(("widths", "quantized"), [((32, 32), True), ((31, 33), False)])
def test_int8_quantizes_only_tensors_of_1024_numbers_or_more(widths, quantized, tmp_path):
    model = build_compiled(ModelSpec(widths=widths))
    give_trained_like_values(model, 0)
    export_saved_model(model, str(tmp_path / "saved"))
    row = tflite_row(str(tmp_path / "saved"), "int8")
    assert ("int8" in row.note) is quantized


@pytest.mark.filterwarnings("ignore::UserWarning")  # tf.lite.Interpreter's deprecation notice
def test_tflite_of_the_trained_model_is_as_big_as_the_measured_one(report, trained, tmp_path):
    export_saved_model(trained, str(tmp_path / "saved"))
    row = tflite_row(str(tmp_path / "saved"), "float32")
    assert row.file_bytes == report.format_bytes(FileFormat.TFLITE)
    interpreter = tf.lite.Interpreter(model_content=_flatbuffer(tmp_path / "saved"))
    interpreter.allocate_tensors()
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], np.ones((1, 4), "f"))
    interpreter.invoke()
    probs = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
    assert probs.shape == (1, 3) and abs(float(probs.sum()) - 1) < 1e-5


def _flatbuffer(saved_model) -> bytes:
    return tf.lite.TFLiteConverter.from_saved_model(str(saved_model)).convert()
