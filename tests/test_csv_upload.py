"""Your own CSV on the page (AppTest on the fake engine): a good file becomes the dataset the
model trains on; each bad file of issue #13 gets one clear message and the page keeps the
dataset it had; the share link carries the settings without the file."""

from __future__ import annotations

import pytest

from components.core.datasets import DATASETS, is_upload
from components.ui.csv_upload import LINK_NOTE, upload_title
from tests.helpers import app_test, share_link
from tests.test_csv_table import BAD_FILES, FORMULA, IRIS_CSV, balanced_rows, small_csv
from tests.test_dataset_page import dense_params

FOUR_FEATURES = small_csv(
    "w,x,y,z,kind", *[f"{i},{i % 5},{i % 7}.5,{-i},k{i % 3}" for i in range(60)]
)


def upload(at, data: bytes, name: str = "mine.csv"):
    at.get("file_uploader")[0].set_value((name, data, "text/csv"))
    return at.run()


def errors(at) -> list[str]:
    return [error.value for error in at.error]


def test_a_good_file_becomes_the_dataset_and_trains(fake_engine):
    at = app_test({"tab": "Parameters", "h1": "20"}).run()
    upload(at, FOUR_FEATURES)
    assert not at.exception and not errors(at)
    key = at.selectbox(key="data").value
    assert is_upload(key) and at.selectbox(key="csv_label").value == "kind"
    assert dense_params(at) == [4 * 20 + 20, 20 * 16 + 16, 16 * 3 + 3]  # n_features x h1 + h1
    captions = [caption.value for caption in at.caption]
    assert "60 rows, 4 numeric features, 3 classes (label column `kind`)." in captions
    assert any(caption.startswith("mine.csv: 60 rows, 4 features in") for caption in captions)
    assert fake_engine.trained[-1].dataset == key


def test_the_share_link_leaves_the_file_out_and_says_so(fake_engine):
    at = upload(app_test({"h1": "20"}).run(), FOUR_FEATURES)
    link = share_link(at)
    assert "h1=20" in link and "data=" not in link and "regions=" not in link
    assert LINK_NOTE in [caption.value for caption in at.caption]
    at.selectbox(key="data").set_value("wine").run()  # a built-in set: the link names it again
    assert "data=wine" in share_link(at) and LINK_NOTE not in [c.value for c in at.caption]


@pytest.mark.parametrize("name", ["csv-0123456789ab", "mine.csv (your CSV)"])
def test_a_link_naming_an_upload_opens_iris_with_a_notice(fake_engine, name):
    at = app_test({"data": name, "h1": "20"}).run()  # its key, or the address bar's label
    assert not at.exception
    assert at.selectbox(key="data").value == "iris"
    assert any("uploaded CSV" in w.value and "cannot carry" in w.value for w in at.warning)


# The issue's list; the messages themselves are tested in tests/test_csv_table.py.
ISSUE_BAD_FILES = {
    "not CSV": BAD_FILES["zip"],
    "empty": BAD_FILES["empty"],
    "one class": BAD_FILES["one class"],
    "missing value": BAD_FILES["missing value"],
    "non-numeric value": BAD_FILES["non-numeric"],
    "too large": BAD_FILES["too large"],
    "too many columns": BAD_FILES["too many columns"],
    "a label column with 10,000 values": BAD_FILES["10,000 labels"],
    "a label column with 5,000 values": BAD_FILES["5,000 labels"],
    "formula-injection cell": (
        small_csv("a,b,label", *balanced_rows(), f'1,"{FORMULA}",a'),
        "Column `b` has the non-numeric value `'=cmd|' /C calc'!A0` on line 12; feature "
        "columns must hold numbers (only the label column may hold text).",
    ),
}


@pytest.mark.parametrize(("data", "message"), ISSUE_BAD_FILES.values(), ids=ISSUE_BAD_FILES)
def test_a_bad_file_gets_one_message_and_the_page_keeps_its_dataset(fake_engine, data, message):
    at = app_test({"data": "wine", "tab": "Parameters"}).run()
    upload(at, data, "bad.csv")
    assert not at.exception
    assert errors(at) == [message]
    assert at.selectbox(key="data").value == "wine"
    assert DATASETS["wine"].region_pair_ids[0] == at.selectbox(key="regions").value
    assert dense_params(at)[0] == 13 * 32 + 32
    at.slider(key="h1").set_value(8).run()  # the page still answers a move
    assert not at.exception and dense_params(at)[0] == 13 * 8 + 8


def test_a_bad_file_after_a_good_one_keeps_the_good_one(fake_engine):
    at = upload(app_test({"tab": "Parameters"}).run(), FOUR_FEATURES)
    good = at.selectbox(key="data").value
    upload(at, BAD_FILES["one class"][0], "bad.csv")
    assert errors(at) == [BAD_FILES["one class"][1]]
    assert at.selectbox(key="data").value == good and dense_params(at)[0] == 4 * 32 + 32


def test_the_wrong_label_column_can_be_changed_to_the_right_one(fake_engine):
    rows = [f"{i}.5,{'ab'[i % 2]},{i}" for i in range(100)]  # the last column is a row id
    at = upload(app_test({"tab": "Parameters"}).run(), small_csv("x,class,row_id", *rows))
    assert len(errors(at)) == 1 and "is it the right label column?" in errors(at)[0]
    assert at.selectbox(key="data").value == "iris"
    at.selectbox(key="csv_label").set_value("class").run()
    assert not at.exception and not errors(at)
    assert is_upload(at.selectbox(key="data").value)
    assert dense_params(at) == [2 * 32 + 32, 32 * 16 + 16, 16 * 2 + 2]  # x and row_id in, a/b out


@pytest.mark.parametrize(
    "data",
    [
        ("\ufeff" + IRIS_CSV).encode(),
        IRIS_CSV.replace(",", ";").encode(),
        IRIS_CSV.replace(",", ";").replace(".", ",").encode(),  # a European spreadsheet's
    ],
    ids=["BOM", "semicolons", "semicolons and decimal commas"],
)
def test_bom_and_semicolon_files_train_like_iris(fake_engine, data):
    at = upload(app_test({"tab": "Parameters"}).run(), data, "iris.csv")
    assert not at.exception and not errors(at)
    assert is_upload(at.selectbox(key="data").value)
    assert dense_params(at) == [4 * 32 + 32, 32 * 16 + 16, 16 * 3 + 3]


def test_one_feature_trains_and_its_regions_chart_sets_it_against_itself(fake_engine):
    rows = [f"{i},{'xy'[i % 2]}" for i in range(40)]
    at = upload(app_test({"tab": "Regions"}).run(), small_csv("a,label", *rows))
    assert not at.exception and not errors(at)
    assert at.selectbox(key="regions").options == ["a × a"]
    text = " ".join(element.value for element in at.markdown)
    assert (
        "grid of **a (standardized)** and **a (standardized)**, with no other feature held" in text
    )


def test_formula_labels_are_shown_neutralized(fake_engine):
    rows = [f"{i},{i % 4},{('=1+1', '@SUM(A1)')[i % 2]}" for i in range(40)]
    at = upload(app_test({"tab": "Errors"}).run(), small_csv("a,b,label", *rows))
    assert not at.exception and not errors(at)
    shown = str([element.value for element in at.markdown] + [e.value for e in at.dataframe])
    assert "'=1+1" in shown and "'@SUM(A1)" in shown


def test_removing_the_file_keeps_its_table_for_the_session(fake_engine):
    """The browser removes the old file before it sends the next: a bad next file must
    still find the good table in place."""
    at = upload(app_test({"tab": "Parameters"}).run(), FOUR_FEATURES)
    key = at.selectbox(key="data").value
    at.get("file_uploader")[0].clear()
    at.run()
    assert not at.exception and at.selectbox(key="data").value == key
    assert dense_params(at)[0] == 4 * 32 + 32
    at.selectbox(key="data").set_value("iris").run()
    assert at.selectbox(key="data").options == [*DATASETS, "mine.csv (your CSV)"]


def test_a_link_that_hides_the_dataset_hides_the_uploader(fake_engine):
    at = app_test({"hide": "data"}).run()
    assert not at.exception and not at.get("file_uploader")


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("my data.csv", "my data.csv"),
        ("**bold**[x](javascript:alert(1)).csv", "__bold___x_(javascript_alert(1)).csv"),
        ("=cmd.csv", "_cmd.csv"),
        ("-x.csv", "'-x.csv"),
        ("a" * 100 + ".csv", "a" * 40),
    ],
)
def test_the_file_name_becomes_a_plain_title(name, title):
    assert upload_title(name) == title
