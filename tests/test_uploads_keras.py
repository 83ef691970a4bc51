"""An uploaded CSV trained for real (Keras the oracle) through the worker's own job path:
the job carries the upload's facts and the server's split (never the rows), counts equal the
formulas."""

from __future__ import annotations

import pickle

import pytest

from components.core.csv_table import read_csv_table
from components.core.datasets import upload_dataset
from components.core.export_code import BYTES_LINE, PARAMS_LINE, keras_script
from components.core.params import summarize
from components.core.spec import ModelSpec
from components.core.split import dataset_split
from components.engine.job_keys import training_job
from components.worker import jobs
from components.worker.model import build_compiled
from components.worker.serialization import keras_file_content
from components.worker.training import train
from tests.test_csv_table import IRIS_CSV
from tests.test_export_code import printed, run_script

pytestmark = pytest.mark.slow  # TensorFlow

jobs.configure_tensorflow()  # as the workers run it
# Iris as a user would upload it from a European spreadsheet: BOM, semicolons, decimal commas.
UPLOAD = ("\ufeff" + IRIS_CSV.replace(",", ";").replace(".", ",")).encode()


class Channel:
    def __init__(self) -> None:
        self.messages = []

    def put(self, message) -> None:
        self.messages.append(message)

    def is_set(self) -> bool:
        return False


def uploaded_spec(**fields) -> ModelSpec:
    data = upload_dataset(read_csv_table(UPLOAD), "iris.csv")
    return ModelSpec(dataset=data.key, upload=data, **fields)


def test_an_upload_trains_in_a_worker_that_only_gets_the_job():
    spec = uploaded_spec(widths=(12, 6), epochs=60)
    fn, args = training_job(spec, 60.0)  # the split travels with it, made here
    sent = pickle.dumps((fn, args))
    dataset_split.cache_clear()  # nothing split in the worker's memory
    received_fn, received_args = pickle.loads(sent)
    assert received_args[0].upload.table is None  # the rows stayed in the server
    channel = Channel()
    result = received_fn(*received_args, progress=channel, cancel=channel)

    summary = summarize(spec)
    model = build_compiled(spec)
    assert model.input_shape == (None, 4) and model.output_shape == (None, 3)
    dense = (4 * 12 + 12) + (12 * 6 + 6) + (6 * 3 + 3)  # n_in x n_out + n_out
    assert model.count_params() == summary.total == dense + 4 * 12 + 4 * 6  # BatchNorm: 4 each
    assert [(name, t + n) for name, t, n in result.layer_params] == [
        (row.name, row.total) for row in summary.rows
    ]
    assert result.optimizer_variables == summary.optimizer_variables
    assert result.test_accuracy >= 0.8  # iris, standardized: an easy set
    assert len(result.confusion) == 3 and sum(map(sum, result.confusion)) == 30
    assert len(result.model_file) > 20_000  # a real .keras zip, named after the upload
    assert channel.messages and channel.messages[-1][0] == 60


def test_the_exported_script_trains_the_same_model_on_the_file(tmp_path):
    spec = uploaded_spec(widths=(5,), epochs=2)
    (tmp_path / "iris.csv").write_bytes(UPLOAD)
    stdout = run_script(keras_script(spec), tmp_path)  # CSV_PATH: the title, in its folder
    assert printed(stdout, PARAMS_LINE) == summarize(spec).total
    model, _ = train(spec, split=dataset_split(spec.data, spec.seed))  # the server's split
    assert printed(stdout, BYTES_LINE) == len(keras_file_content(model))  # the page's file
