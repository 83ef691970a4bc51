"""The panels that follow the dataset (regions, errors, compute, size law), each drawn alone
with the fake engine's results: class names, feature names and row counts are the dataset's.
Drawn outside the page, so the page's layout is not their subject."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.core.datasets import DATASETS
from components.core.spec import ModelSpec
from components.core.split import split_sizes
from components.ui.errors_panel import TRUE_COLUMN
from components.ui.regions_panel import held_sentence, regions_at
from tests.fake_engine import FakeEngine


def _draw_panels(key: str) -> None:
    from components.core.spec import ModelSpec
    from components.ui.compute_panel import show_compute
    from components.ui.errors_panel import show_errors
    from components.ui.regions_panel import show_regions
    from components.ui.size_law_panel import show_size_law
    from tests.fake_engine import FakeEngine

    spec = ModelSpec(widths=(12, 6), epochs=5, dataset=key)
    engine = FakeEngine()
    result = engine.train(spec)
    show_regions(spec, result)
    show_errors(result)
    show_compute(spec, result)
    show_size_law(spec, engine.sweep(spec))


@pytest.mark.parametrize("key", ["wine", "breast_cancer", "digits"])
def test_the_panels_speak_of_the_datasets_classes_features_and_rows(key):
    data = DATASETS[key]
    at = AppTest.from_function(_draw_panels, args=(key,), default_timeout=60).run()
    assert not at.exception
    confusion = next(df.value for df in at.dataframe if TRUE_COLUMN in df.value.columns)
    assert confusion[TRUE_COLUMN].tolist() == list(data.class_names)
    text = " ".join(m.value for m in at.markdown)
    assert f"{data.feature_names[data.region_pairs[0][1][0]]} (standardized)" in text
    assert f"the other {data.n_features - 2} features" in text
    n_train, n_test = split_sizes(key)
    assert f"each of the {n_train} training rows" in text
    assert f"over the {n_test} test rows" in text


def test_iris_names_its_two_held_features_as_before():
    spec = ModelSpec()
    result = FakeEngine().train(spec)
    regions = regions_at(result, result.snapshots[-1], spec.data)
    assert held_sentence(spec, regions).startswith("sepal length (cm) at ")
    assert held_sentence(spec, regions).endswith("(their training-split means)")
