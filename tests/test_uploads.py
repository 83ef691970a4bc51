"""An uploaded table as a dataset: valid in a spec only when given with it (no registry of the
process decides), split and scaled like the built-in sets, its facts sent with its jobs to a
worker that never saw the file (its rows stay with the server, which splits), and read back by
the exported script. Pure and fast; training it for real is in tests/test_uploads_keras.py."""

from __future__ import annotations

import pickle
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from components.core.csv_table import read_csv_table
from components.core.datasets import dataset, upload_dataset, upload_key
from components.core.export_code import _csv_data, keras_script
from components.core.model_controls import control_values, spec_from_values
from components.core.model_link import spec_from_query
from components.core.spec import ModelSpec
from components.core.split import dataset_split, split_sizes
from components.engine.job_keys import file_report_key, sweep_key, training_job
from components.worker import jobs
from tests.test_csv_table import IRIS_CSV, small_csv
from tests.test_export_code import header_of


def table_of(n_features: int = 3, salt: int = 0, n_rows: int = 60):
    header = ",".join(f"f{i}" for i in range(n_features)) + ",label"
    rows = [
        ",".join(str((i * (j + 2)) % 11 + salt) for j in range(n_features)) + f",c{i % 3}"
        for i in range(n_rows)
    ]
    return read_csv_table(small_csv(header, *rows))


@pytest.fixture(autouse=True)
def fresh_splits():
    dataset_split.cache_clear()
    yield
    dataset_split.cache_clear()


def test_an_upload_is_a_dataset_only_where_it_is_given():
    table = table_of()
    key = upload_key(table)
    assert key.startswith("csv-") and len(key) == len("csv-") + 12
    with pytest.raises(ValueError, match="nor the uploaded table given"):
        ModelSpec(dataset=key)
    data = upload_dataset(table, "mine.csv")
    spec = ModelSpec(dataset=key, upload=data)
    assert spec.data is data and (data.n_features, data.n_classes, data.rows) == (3, 3, 60)
    assert data.feature_names == ("f0", "f1", "f2") and data.class_names == ("c0", "c1", "c2")
    assert spec.region_features == "0-1" and data.region_pair_ids == ("0-1", "0-2", "1-2")
    assert spec == ModelSpec(dataset=key, upload=upload_dataset(table, "mine.csv"))
    assert repr(spec) == repr(ModelSpec()).replace("'iris'", repr(key)).replace("petal", "0-1")
    other = upload_dataset(table_of(salt=1), "other.csv")
    with pytest.raises(ValueError, match="nor the uploaded table given"):
        ModelSpec(dataset=key, upload=other)
    with pytest.raises(ValueError, match="is not dataset="):
        ModelSpec(upload=data)


def test_a_spec_from_the_controls_is_checked_against_the_sessions_uploads():
    data = upload_dataset(table_of(), "mine.csv")
    values = {**control_values(ModelSpec()), "data": data.key, "regions": "1-2"}
    spec = spec_from_values(values, {data.key: data})
    assert spec.data is data and spec.region_features == "1-2"
    with pytest.raises(KeyError):  # another session's upload: not this one's to name
        spec_from_values(values)
    assert dataset(data.key, {data.key: data}) is data
    with pytest.raises(KeyError):
        dataset(data.key)
    assert ModelSpec().with_dataset(data.key, {data.key: data}).upload is data
    assert spec.with_dataset("wine").upload is None


def test_one_feature_gets_a_regions_pair_of_itself():
    data = upload_dataset(table_of(n_features=1), "one.csv")
    assert data.region_pairs == (("0-0", (0, 0)),)
    assert ModelSpec(dataset=data.key, upload=data).region_features == "0-0"


def test_an_upload_is_split_stratified_and_standardized_on_its_training_rows():
    table = read_csv_table(IRIS_CSV.encode())
    data = upload_dataset(table, "iris.csv")
    split = dataset_split(data, 7)
    assert (len(split.x_train), len(split.x_test)) == split_sizes(data) == (120, 30)
    assert np.bincount(split.y_test).tolist() == [10, 10, 10]
    x_train, x_test, y_train, _ = train_test_split(
        table.features, table.labels, test_size=0.2, stratify=table.labels, random_state=7
    )
    scaler = StandardScaler().fit(x_train)  # the training rows alone
    np.testing.assert_allclose(split.x_train, scaler.transform(x_train), rtol=1e-6)
    np.testing.assert_allclose(split.x_test, scaler.transform(x_test), rtol=1e-6)
    assert np.array_equal(split.y_train, y_train)
    assert split.x_train.dtype == np.float32 and split.y_train.dtype == np.int32


def test_a_link_never_opens_an_upload():
    key = upload_dataset(table_of(), "mine.csv").key
    parsed = spec_from_query({"data": key, "regions": "0-2"})
    assert parsed.spec.dataset == "iris" and parsed.spec.region_features == "petal"
    assert "uploaded CSV, which a link cannot carry; used iris" in parsed.notices[0]


def test_jobs_for_an_upload_carry_its_facts_and_split_but_never_its_rows():
    table = table_of(n_features=5)
    data = upload_dataset(table, "mine.csv")
    spec = ModelSpec(dataset=data.key, upload=data, widths=(7,))
    fn, args = training_job(spec, 60.0)
    assert fn is jobs.run_training and args[0] is spec and args[2] == 60.0
    assert args[1].x_train.shape == (48, 5)  # the server split the rows

    sent = pickle.dumps((fn, args))  # what a worker process or a Dask worker receives
    received_spec, received_split = pickle.loads(sent)[1][:2]
    assert received_spec == spec and received_spec.data == data  # the same facts and key
    assert received_spec.data.table is None  # the rows stayed here
    assert np.array_equal(received_split.x_train, args[1].x_train)
    for key in (sweep_key(spec), file_report_key(spec)):
        assert pickle.loads(pickle.dumps(key)).data.n_features == 5
    with pytest.raises(ValueError, match="without its rows"):
        dataset_split(received_spec.data, spec.seed + 1)  # not split here before


def test_the_exported_script_reads_the_csv_as_the_page_did(tmp_path):
    text = IRIS_CSV.replace(",", ";").replace(".", ",")  # semicolons and decimal commas
    path = tmp_path / "iris.csv"
    path.write_bytes(("\ufeff" + text).encode())  # with a BOM
    table = read_csv_table(path.read_bytes())
    data = upload_dataset(table, "iris.csv")
    spec = ModelSpec(dataset=data.key, upload=data)
    script = _csv_data(spec).replace("CSV_PATH = 'iris.csv'", f"CSV_PATH = {str(path)!r}")
    namespace = {"np": np, "csv": __import__("csv")}
    exec(script, namespace)  # the script's own lines, our text
    assert np.array_equal(namespace["x"], table.features)
    assert np.array_equal(namespace["y"], table.labels)
    assert namespace["x"].dtype == np.float32 and namespace["y"].dtype == np.int32


def test_the_exported_script_for_an_upload_reads_splits_and_scales_the_file():
    table = read_csv_table(IRIS_CSV.encode())
    data = upload_dataset(table, "iris.csv")
    script = keras_script(ModelSpec(dataset=data.key, upload=data))
    compile(script, "iris_mlp.py", "exec")
    order = [
        "CSV_PATH = 'iris.csv'",
        f"LABEL_COLUMN = {table.label_column!r}",
        "train_test_split(",
        "scaler = StandardScaler().fit(x_train)",
        "x_test = scaler.transform(x_test)",
        "model.fit(",
    ]
    assert [script.index(line) for line in order] == sorted(script.index(line) for line in order)


def test_an_uploads_script_says_to_set_its_path_and_links_to_the_model_on_iris():
    data = upload_dataset(table_of(), "mine.csv")
    spec = ModelSpec(dataset=data.key, upload=data, widths=(7, 5), epochs=30)
    header = header_of(spec)
    link, note = header["Link"].split(" ", 1)
    assert note == "(on iris: a link cannot carry your CSV)"
    reopened = spec_from_query(parse_qs(urlparse(link).query))
    assert reopened.notices == [] and reopened.spec == spec.with_dataset("iris")
    assert header["Dataset"] == "mine.csv"
    assert "Set CSV_PATH below to your file, then run:" in keras_script(spec)
    assert "Set CSV_PATH" not in keras_script(spec.with_dataset("iris"))
