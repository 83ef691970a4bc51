"""Datasets: the table's facts against scikit-learn's loaders, their splits and scaling, and
their widths through every formula, the link parser and the engine's keys. No TensorFlow:
``tests/test_datasets_keras.py`` checks the same numbers against Keras."""

from __future__ import annotations

import ast
from dataclasses import replace

import numpy as np
import pytest
import sklearn.datasets
from sklearn.preprocessing import StandardScaler

from components.charts.region_figures import regions_figure
from components.core.class_errors import class_errors
from components.core.compute import N_TEST, N_TRAIN, summarize_compute
from components.core.datasets import DATASET_KEYS, DATASETS, scaling_sentence
from components.core.export_code import keras_script
from components.core.model_controls import control_values as values_of
from components.core.model_controls import spec_from_values
from components.core.model_link import spec_from_query, spec_to_query
from components.core.params import layer_rows, summarize
from components.core.pins import decode_pins, encode_pins
from components.core.regions import decision_regions, grid_rows, region_axes
from components.core.results import TRAINER_REVISION
from components.core.size_law import parameter_counts
from components.core.spec import ModelSpec
from components.core.split import dataset_split, iris_split, split_sizes
from components.engine.job_keys import file_report_key, sweep_key

NON_IRIS = [key for key in DATASET_KEYS if key != "iris"]


# ------------------------------------------------------------------ the table and the data


@pytest.mark.parametrize("key", DATASET_KEYS)
def test_the_table_says_what_the_loader_loads(key):
    data = DATASETS[key]
    bunch = getattr(sklearn.datasets, data.loader)()
    assert bunch.data.shape == (data.rows, data.n_features)
    assert tuple(str(name) for name in bunch.feature_names) == data.feature_names
    assert tuple(str(name) for name in bunch.target_names) == data.class_names
    assert sorted(set(bunch.target.tolist())) == list(range(data.n_classes))
    for x, y in (columns for _, columns in data.region_pairs):
        assert x != y and bunch.data[:, x].std() > 0 and bunch.data[:, y].std() > 0


def test_the_widths_the_issue_names():
    facts = {key: (DATASETS[key].n_features, DATASETS[key].n_classes) for key in DATASET_KEYS}
    assert facts == {"iris": (4, 3), "wine": (13, 3), "breast_cancer": (30, 2), "digits": (64, 10)}


@pytest.mark.parametrize("key", DATASET_KEYS)
def test_the_split_is_stratified_seeded_and_as_large_as_split_sizes_says(key):
    split = dataset_split(key, 3)
    assert (len(split.x_train), len(split.x_test)) == split_sizes(key)
    assert split.x_train.dtype == np.float32 and split.y_train.dtype == np.int32
    counts = np.bincount(split.y_test, minlength=DATASETS[key].n_classes)
    expected = np.bincount(getattr(sklearn.datasets, DATASETS[key].loader)().target) * 0.2
    assert np.all(np.abs(counts - expected) <= 1)  # every class in the test split, in share
    again, other = dataset_split(key, 3), dataset_split(key, 4)
    assert np.array_equal(split.x_test, again.x_test)
    assert not np.array_equal(split.x_test, other.x_test)


def test_iris_is_raw_and_unchanged():
    from sklearn.model_selection import train_test_split

    x, y = sklearn.datasets.load_iris(return_X_y=True)
    expected = train_test_split(
        x.astype(np.float32), y.astype(np.int32), test_size=0.2, stratify=y, random_state=0
    )
    split = iris_split(0)
    mine_all = (split.x_train, split.x_test, split.y_train, split.y_test)
    for mine, theirs in zip(mine_all, expected, strict=True):
        assert np.array_equal(mine, theirs) and mine.dtype == theirs.dtype
    assert (N_TRAIN, N_TEST) == split_sizes("iris") == (120, 30)
    assert "raw" in scaling_sentence(DATASETS["iris"])


@pytest.mark.parametrize("key", NON_IRIS)
def test_other_datasets_are_standardized_with_the_training_rows_only(key):
    from sklearn.model_selection import train_test_split

    x, y = getattr(sklearn.datasets, DATASETS[key].loader)(return_X_y=True)
    x_train, x_test, _, _ = train_test_split(x, y, test_size=0.2, stratify=y, random_state=5)
    scaler = StandardScaler().fit(x_train)  # not the test rows: they would leak
    split = dataset_split(key, 5)
    np.testing.assert_allclose(split.x_train, scaler.transform(x_train), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(split.x_test, scaler.transform(x_test), rtol=1e-6, atol=1e-6)
    assert np.abs(split.x_train.mean(axis=0)).max() < 1e-5
    assert not np.allclose(split.x_test.mean(axis=0), 0, atol=1e-3)  # its own mean is not 0
    assert "standardized" in scaling_sentence(DATASETS[key]) and "training" in scaling_sentence(
        DATASETS[key]
    )


# ------------------------------------------------------------------------ the formulas


def test_wines_first_dense_is_13_x_32_plus_32():
    rows = layer_rows(ModelSpec(dataset="wine"))
    assert rows[0].formula == "13 x 32 + 32 = 448"
    assert rows[-1].formula == "16 x 3 + 3 = 51"


@pytest.mark.parametrize("key", DATASET_KEYS)
def test_every_count_follows_the_datasets_widths(key):
    data = DATASETS[key]
    spec = ModelSpec(widths=(10, 7), dataset=key)
    rows = layer_rows(spec)
    assert rows[0].trainable == data.n_features * 10 + 10
    assert rows[-1].units == data.n_classes
    assert rows[-1].trainable == 7 * data.n_classes + data.n_classes
    summary = summarize(spec)
    assert summary.n_features == data.n_features  # the params panel's worked example
    assert parameter_counts(spec.widths, True, key) == (summary.trainable, summary.non_trainable)
    compute = summarize_compute(spec)
    assert compute.rows[0].macs == data.n_features * 10
    assert compute.rows[-1].macs == 7 * data.n_classes
    n_train, n_test = split_sizes(key)
    assert compute.rows[0].train_rows == n_train and compute.test_rows == n_test
    per_epoch = n_train * 3 * compute.forward_flops + n_test * compute.forward_flops
    assert compute.run_flops == spec.epochs * per_epoch


def test_iris_numbers_are_the_posts():
    dense = [row.total for row in layer_rows(ModelSpec()) if row.kind == "Dense"]
    assert dense == [160, 528, 51]
    assert summarize(ModelSpec()).total == 931
    assert summarize_compute(ModelSpec()).training_flops_per_epoch == 3 * 120 * (2 * 688 + 322)


# -------------------------------------------------------------------------- the link


@pytest.mark.parametrize("text", ["wine", "WINE", " wine "])
def test_a_hand_typed_dataset_is_read(text):
    parsed = spec_from_query({"data": text})
    assert parsed.spec.dataset == "wine" and parsed.notices == []
    assert parsed.spec.region_features == "0-1"  # wine's first two features


@pytest.mark.parametrize("text", ["mnist", "", "iris;drop", "9" * 400])
def test_an_unknown_dataset_falls_back_to_iris_with_a_notice(text):
    parsed = spec_from_query({"data": text, "h1": "64"})
    assert parsed.spec == ModelSpec(widths=(64, 16))
    assert len(parsed.notices) == 1 and parsed.notices[0].startswith("`data=")
    assert "used iris" in parsed.notices[0]


def test_an_iris_pair_on_wine_falls_back_to_wines_first_pair_with_a_notice():
    parsed = spec_from_query({"data": "wine", "regions": "petal"})
    assert parsed.spec == ModelSpec(dataset="wine", region_features="0-1")
    assert parsed.notices == [
        "`regions=petal` is not one of 0-1, 0-6, 0-12, 1-6, 1-12, 6-12; used 0-1."
    ]


def test_a_wine_pair_on_iris_falls_back_to_petal_with_a_notice():
    parsed = spec_from_query({"regions": "0-6"})
    assert parsed.spec == ModelSpec()
    assert parsed.notices == [
        "`regions=0-6` is not one of petal, sepal, sl-pl, sl-pw, sw-pl, sw-pw; used petal."
    ]


def test_a_bad_dataset_is_noted_after_the_widths_and_before_the_regions():
    parsed = spec_from_query({"h1": "999", "data": "nope", "regions": "0-1"})
    assert [notice[:4] for notice in parsed.notices] == ["`h1=", "`dat", "`reg"]


@pytest.mark.parametrize("key", DATASET_KEYS)
def test_every_pair_of_every_dataset_survives_the_link_and_a_pin(key):
    for pair in DATASETS[key].region_pair_ids:
        spec = ModelSpec(widths=(5,), dataset=key, region_features=pair, seed=2)
        query = spec_to_query(spec)
        assert query.get("data") == (None if key == "iris" else key)
        assert ("regions" in query) == (pair != DATASETS[key].region_pair_ids[0])
        parsed = spec_from_query(query)
        assert parsed.spec == spec and parsed.notices == []
        assert decode_pins(encode_pins([spec])).specs == [spec]


def test_a_stale_pair_from_the_sidebar_becomes_the_datasets_first():
    values = values_of(ModelSpec())  # iris, petal
    values["data"] = "digits"  # the dataset changed; the pair's widget still says petal
    assert spec_from_values(values) == ModelSpec(dataset="digits")
    assert ModelSpec(dataset="digits").region_features == "26-33"


def test_a_spec_refuses_a_pair_its_dataset_has_not():
    with pytest.raises(ValueError, match="region_features='petal' is not one of 0-1"):
        ModelSpec(dataset="wine", region_features="petal")
    with pytest.raises(ValueError, match="dataset='mnist' is not one of iris, wine"):
        ModelSpec(dataset="mnist")
    assert ModelSpec(region_features="sepal").with_dataset("wine").region_features == "0-1"
    assert ModelSpec(region_features="sepal").with_dataset("iris").region_features == "sepal"


# ------------------------------------------------------------------ the engine's keys


@pytest.mark.parametrize("key", NON_IRIS)
def test_a_dataset_keys_its_own_results(key):
    spec = ModelSpec(dataset=key)
    assert spec != ModelSpec() and repr(spec) != repr(ModelSpec())  # the store keys by repr
    assert sweep_key(spec).dataset == key and sweep_key(spec) != sweep_key(ModelSpec())
    assert file_report_key(spec).dataset == key
    assert sweep_key(replace(spec, region_features=DATASETS[key].region_pair_ids[-1])) == (
        sweep_key(spec)
    )


def test_results_stored_before_datasets_are_never_served():
    assert TRAINER_REVISION >= 5  # the key's shape changed: ModelSpec gained ``dataset``


# ------------------------------------------------------ regions, class errors, the script


@pytest.mark.parametrize("key", NON_IRIS)
def test_the_regions_grid_varies_the_pair_and_holds_the_rest(key):
    spec = ModelSpec(dataset=key)
    split = dataset_split(key, 0)
    x, y = region_axes(spec.region_features, split, key)
    held = split.x_train.mean(axis=0)
    rows = grid_rows(spec.region_features, held, x, y, key)
    columns = DATASETS[key].region_columns(spec.region_features)
    assert rows.shape == (len(x) * len(y), DATASETS[key].n_features)
    others = [c for c in range(rows.shape[1]) if c not in columns]
    assert np.array_equal(rows[:, others], np.tile(held[others], (len(rows), 1)))
    regions = decision_regions(spec.region_features, split, lambda r: r[:, 0] > 0, key)
    assert regions.feature_indices == columns
    assert regions.feature_names[0].endswith("(standardized)")
    figure = regions_figure(regions, split, DATASETS[key].class_names)
    assert len(figure.data) == 1 + 2 * DATASETS[key].n_classes


def test_class_errors_cover_every_class_of_the_dataset():
    errors = class_errors([0, 1, 9], [0, 1, 1], n_classes=10)
    assert len(errors.confusion) == 10 and len(errors.precision) == 10
    assert errors.confusion[9][1] == 1


@pytest.mark.parametrize("key", DATASET_KEYS)
def test_the_script_loads_splits_and_scales_the_same_data(key):
    data = DATASETS[key]
    script = keras_script(ModelSpec(widths=(6,), dataset=key))
    tree = ast.parse(script)
    assert f"from sklearn.datasets import {data.loader}" in script
    assert f'keras.Input(({data.n_features},), name="features")' in script
    assert f'keras.layers.Dense({data.n_classes}, activation="softmax", name="output")' in script
    assert f'name="{data.model_name}"' in script
    assert ("StandardScaler().fit(x_train)" in script) == data.scaled
    assert "stratify=y" in script and "random_state=SEED" in script
    assert tree.body  # it parses
