"""An uploaded table as a dataset: registered per process, split and scaled like the built-in
sets, sent with its jobs to a worker that never saw the file, and read back by the exported
script. Pure and fast; training it for real is in tests/test_uploads_keras.py."""

from __future__ import annotations

import pickle
from collections import OrderedDict

import numpy as np
import pytest
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from components.core import datasets
from components.core.csv_table import read_csv_table
from components.core.data import dataset_split, split_sizes
from components.core.datasets import (
    MAX_UPLOADS,
    is_dataset,
    register_upload,
    upload_key,
    uploaded_table,
)
from components.core.export_code import _csv_data
from components.core.spec import ModelSpec, spec_from_query
from components.engine.job_keys import file_report_key, job_for, sweep_key
from components.worker import jobs
from tests.test_csv_table import IRIS_CSV, small_csv


def table_of(n_features: int = 3, salt: int = 0, n_rows: int = 60):
    header = ",".join(f"f{i}" for i in range(n_features)) + ",label"
    rows = [
        ",".join(str((i * (j + 2)) % 11 + salt) for j in range(n_features)) + f",c{i % 3}"
        for i in range(n_rows)
    ]
    return read_csv_table(small_csv(header, *rows))


@pytest.fixture
def empty_registry(monkeypatch):
    """This process as a fresh worker sees it: no upload registered."""
    monkeypatch.setattr(datasets, "_uploads", OrderedDict())
    dataset_split.cache_clear()
    yield
    dataset_split.cache_clear()


def test_an_upload_is_a_dataset_only_where_it_is_registered(empty_registry):
    table = table_of()
    key = upload_key(table)
    assert key.startswith("csv-") and len(key) == len("csv-") + 12
    with pytest.raises(ValueError, match="nor an uploaded table"):
        ModelSpec(dataset=key)
    data = register_upload(table, "mine.csv")
    spec = ModelSpec(dataset=key)
    assert spec.data is data and (data.n_features, data.n_classes, data.rows) == (3, 3, 60)
    assert data.feature_names == ("f0", "f1", "f2") and data.class_names == ("c0", "c1", "c2")
    assert spec.region_features == "0-1" and data.region_pair_ids == ("0-1", "0-2", "1-2")


def test_the_registry_keeps_the_most_recently_used_tables(empty_registry):
    tables = [table_of(salt=salt) for salt in range(MAX_UPLOADS + 1)]
    for table in tables[:MAX_UPLOADS]:
        register_upload(table, "t")
    register_upload(tables[0], "t")  # used again: now the newest
    register_upload(tables[-1], "t")  # one too many: the least recently used goes
    assert is_dataset(upload_key(tables[0])) and is_dataset(upload_key(tables[-1]))
    assert not is_dataset(upload_key(tables[1]))
    with pytest.raises(KeyError):
        uploaded_table(upload_key(tables[1]))


def test_one_feature_gets_a_regions_pair_of_itself(empty_registry):
    data = register_upload(table_of(n_features=1), "one.csv")
    assert data.region_pairs == (("0-0", (0, 0)),)
    assert ModelSpec(dataset=data.key).region_features == "0-0"


def test_an_upload_is_split_stratified_and_standardized_on_its_training_rows(empty_registry):
    table = read_csv_table(IRIS_CSV.encode())
    key = register_upload(table, "iris.csv").key
    split = dataset_split(key, 7)
    assert (len(split.x_train), len(split.x_test)) == split_sizes(key) == (120, 30)
    assert np.bincount(split.y_test).tolist() == [10, 10, 10]
    x_train, x_test, y_train, _ = train_test_split(
        table.features, table.labels, test_size=0.2, stratify=table.labels, random_state=7
    )
    scaler = StandardScaler().fit(x_train)  # the training rows alone
    np.testing.assert_allclose(split.x_train, scaler.transform(x_train), rtol=1e-6)
    np.testing.assert_allclose(split.x_test, scaler.transform(x_test), rtol=1e-6)
    assert np.array_equal(split.y_train, y_train)
    assert split.x_train.dtype == np.float32 and split.y_train.dtype == np.int32


def test_a_link_never_opens_an_upload_even_one_registered_here(empty_registry):
    key = register_upload(table_of(), "mine.csv").key
    parsed = spec_from_query({"data": key, "regions": "0-2"})
    assert parsed.spec.dataset == "iris" and parsed.spec.region_features == "petal"
    assert "uploaded CSV, which a link cannot carry; used iris" in parsed.notices[0]


def test_jobs_for_an_upload_carry_its_table_to_a_worker_that_never_saw_it(
    empty_registry, monkeypatch
):
    table = table_of(n_features=5)
    spec = ModelSpec(dataset=register_upload(table, "mine.csv").key, widths=(7,))
    fn, args = job_for(spec, jobs.run_training, (spec, 60.0))
    assert fn is jobs.run_with_upload and args[1:] == (jobs.run_training, spec, 60.0)
    assert job_for(ModelSpec(), jobs.run_training, (ModelSpec(), 60.0)) == (
        jobs.run_training,
        (ModelSpec(), 60.0),
    )
    for key in (sweep_key(spec), file_report_key(spec)):
        assert job_for(key, jobs.run_sweep, (key,))[0] is jobs.run_with_upload

    sent = pickle.dumps((fn, args))  # what a worker process or a Dask worker receives
    monkeypatch.setattr(datasets, "_uploads", OrderedDict())  # that worker's own memory
    dataset_split.cache_clear()
    received_fn, received_args = pickle.loads(sent)

    def what_the_worker_sees(spec, *_, progress, cancel):
        split = dataset_split(spec.dataset, spec.seed)
        return spec.data.n_features, split.x_train.shape, progress, cancel

    title, received_table = received_args[0]
    assert received_args[2] == spec
    seen = received_fn((title, received_table), what_the_worker_sees, *received_args[2:],
                       progress="p", cancel="c")  # fmt: skip
    assert seen == (5, (48, 5), "p", "c")
    assert np.array_equal(uploaded_table(spec.dataset).features, table.features)


def test_the_exported_script_reads_the_csv_as_the_page_did(empty_registry, tmp_path):
    text = IRIS_CSV.replace(",", ";").replace(".", ",")  # semicolons and decimal commas
    path = tmp_path / "iris.csv"
    path.write_bytes(("\ufeff" + text).encode())  # with a BOM
    table = read_csv_table(path.read_bytes())
    spec = ModelSpec(dataset=register_upload(table, "iris.csv").key)
    script = _csv_data(spec).replace("CSV_PATH = 'iris.csv'", f"CSV_PATH = {str(path)!r}")
    namespace = {"np": np, "csv": __import__("csv")}
    exec(script, namespace)  # the script's own lines, our text
    assert np.array_equal(namespace["x"], table.features)
    assert np.array_equal(namespace["y"], table.labels)
    assert namespace["x"].dtype == np.float32 and namespace["y"].dtype == np.int32
