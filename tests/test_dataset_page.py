"""The dataset control on the page (AppTest on the fake engine): its link, its sentence, and
every panel's numbers following the dataset's features and classes."""

from __future__ import annotations

from components.core.datasets import DATASETS, dataset_sentence
from tests.helpers import params_table, run_app, share_link
from tests.test_texts_follow_model import page_text


def dense_params(at) -> list[int]:
    return [int(row["params"]) for row in params_table(at) if row["type"] == "Dense"]


def test_wine_link_counts_13_features_in_and_3_classes_out(fake_engine):
    at = run_app(data="wine", tab="Parameters")
    assert not at.exception
    assert dense_params(at) == [13 * 32 + 32, 32 * 16 + 16, 16 * 3 + 3]
    assert "`(1 x 13) . (13 x 32) = (1 x 32)`" in page_text(at)
    assert at.selectbox(key="data").value == "wine"


def test_digits_output_has_ten_classes(fake_engine):
    at = run_app(data="digits", h1="20", layers="1")
    assert not at.exception
    assert dense_params(at) == [64 * 20 + 20, 20 * 10 + 10]


def test_the_page_says_how_the_features_are_scaled(fake_engine):
    iris = page_text(run_app())
    assert dataset_sentence(DATASETS["iris"]) in iris and "used raw, as in the seed post" in iris
    wine = page_text(run_app(data="wine", tab="Training"))
    assert dataset_sentence(DATASETS["wine"]) in wine
    assert "142 rows of Wine to learn from and a held-out 36 to test on" in wine


def test_the_regions_select_offers_the_datasets_own_pairs(fake_engine):
    at = run_app(data="wine")
    wine = DATASETS["wine"]
    shown = [wine.region_pair_label(pair) for pair in wine.region_pair_ids]
    assert at.selectbox(key="regions").options == shown
    assert shown[0] == "alcohol × malic_acid"  # the names, not the link's "0-1"
    assert at.selectbox(key="regions").value == "0-1"


def test_switching_dataset_moves_the_regions_pair_and_the_link(fake_engine):
    at = run_app(regions="sepal")
    at.selectbox(key="data").select("breast_cancer").run()
    assert not at.exception
    assert at.selectbox(key="regions").value == DATASETS["breast_cancer"].region_pair_ids[0]
    link = share_link(at)
    assert "data=breast_cancer" in link and "regions=" not in link
    assert "regions" not in at.query_params  # the address bar too: sepal is iris's
    assert dense_params(at)[0] == 30 * 32 + 32


def test_the_regions_select_shows_feature_names_and_the_link_keeps_the_short_key(fake_engine):
    at = run_app()
    assert at.selectbox(key="regions").options[0] == "petal length (cm) × petal width (cm)"
    at.selectbox(key="regions").select("sl-pl").run()
    assert not at.exception
    assert at.query_params["regions"] == "sl-pl" and "regions=sl-pl" in share_link(at)
    at.selectbox(key="regions").select("petal").run()  # back to the default: not in the link
    assert "regions" not in at.query_params


def test_a_hand_edited_dataset_falls_back_to_iris_with_a_notice(fake_engine):
    at = run_app(data="mnist")
    assert not at.exception
    assert at.selectbox(key="data").value == "iris"
    assert any("data" in w.value and "mnist" in w.value for w in at.warning)
