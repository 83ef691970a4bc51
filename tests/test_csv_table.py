"""A user's own CSV (components/core/csv_table.py): iris round trip, formats, every bad file.

No TensorFlow: the fast loop runs all of it. hypothesis is not in requirements-dev.txt, so
the fuzz tests draw from a seeded ``random.Random``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import zipfile

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

from components.core.csv_table import (
    MAX_BYTES,
    MAX_CLASSES,
    MAX_FEATURES,
    MAX_ROWS,
    MIN_CLASSES,
    CsvError,
    _min_rows_for_split,
    csv_columns,
    csv_summary_sentence,
    read_csv_table,
    safe_name,
)
from components.core.split import TEST_FRACTION

IRIS_COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]


def iris_rows() -> list[list[str]]:
    iris = load_iris()
    return [
        [*(repr(float(v)) for v in x), str(iris.target_names[y])]
        for x, y in zip(iris.data, iris.target, strict=True)
    ]


def to_csv(rows: list[list[str]], header=IRIS_COLUMNS, delimiter=",", newline="\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


IRIS_CSV = to_csv(iris_rows())


def small_csv(*lines: str) -> bytes:
    return "\n".join(lines).encode()


def balanced_rows(n_per_class: int = 5, classes: str = "ab") -> list[str]:
    return [f"{i}.5,{i % 3},{c}" for c in classes for i in range(n_per_class)]


def error_of(data: bytes, label_column: str | None = None) -> str:
    with pytest.raises(CsvError) as caught:
        read_csv_table(data, label_column)
    return str(caught.value)


# --- what works ---------------------------------------------------------------------------


def test_iris_round_trip():
    x, y = load_iris(return_X_y=True)
    table = read_csv_table(IRIS_CSV.encode())
    np.testing.assert_array_equal(table.features, x.astype(np.float32))
    np.testing.assert_array_equal(table.labels, y)
    assert table.features.dtype == np.float32 and table.labels.dtype == np.int32
    assert table.feature_names == tuple(IRIS_COLUMNS[:4])
    assert table.class_names == ("setosa", "versicolor", "virginica")
    assert table.label_column == "species" and table.columns == tuple(IRIS_COLUMNS)
    assert csv_summary_sentence(table) == (
        "150 rows, 4 numeric features, 3 classes (label column `species`)"
    )


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: ("\ufeff" + text).encode(), id="utf-8 BOM"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="windows line endings"),
        pytest.param(lambda text: text.replace("\n", "\r").encode(), id="old mac line endings"),
        pytest.param(lambda text: text.replace(",", ";").encode(), id="semicolons"),
        pytest.param(lambda text: text.replace(",", "\t").encode(), id="tabs"),
        pytest.param(lambda text: (text + "\n\n \n").encode(), id="trailing blank lines"),
        pytest.param(lambda text: text.replace("\n", ",\n").encode(), id="trailing separators"),
        pytest.param(
            lambda text: text.replace(",", ";").replace(".", ",").encode(), id="decimal commas"
        ),
        pytest.param(lambda text: text.replace("setosa", '"setosa"').encode(), id="quoted"),
        pytest.param(lambda text: text.replace(",", " , ").encode(), id="spaces around cells"),
    ],
)
def test_the_same_table_from_other_spellings(variant):
    plain = read_csv_table(IRIS_CSV.encode())
    table = read_csv_table(variant(IRIS_CSV))
    np.testing.assert_array_equal(table.features, plain.features)
    np.testing.assert_array_equal(table.labels, plain.labels)
    assert table.feature_names == plain.feature_names
    assert table.class_names == plain.class_names
    assert table.fingerprint == plain.fingerprint


def test_fingerprint_follows_the_data_and_the_label_choice():
    plain = read_csv_table(IRIS_CSV.encode())
    assert len(plain.fingerprint) == 64 and int(plain.fingerprint, 16) >= 0
    changed = read_csv_table(IRIS_CSV.replace("5.1,", "5.2,", 1).encode())
    assert changed.fingerprint != plain.fingerprint
    two_label_choices = small_csv("a,b,c", *[f"{i},{i % 2},{i % 3}" for i in range(30)])
    by_b = read_csv_table(two_label_choices, "b")
    by_c = read_csv_table(two_label_choices, "c")
    assert by_b.fingerprint != by_c.fingerprint
    assert read_csv_table(two_label_choices, "b").fingerprint == by_b.fingerprint


def test_label_column_choice():
    text = "species,a,b\n" + "\n".join(f"{c},{i},{i % 4}" for c in "xy" for i in range(10))
    assert csv_columns(text.encode()) == ("species", "a", "b")
    table = read_csv_table(text.encode(), label_column="species")
    assert table.feature_names == ("a", "b") and table.class_names == ("x", "y")
    assert table.columns == ("species", "a", "b")
    np.testing.assert_array_equal(table.features[:, 0], list(range(10)) * 2)
    numeric_species = text.replace("x,", "1,").replace("y,", "2,").encode()
    assert read_csv_table(numeric_species).label_column == "b"  # the default: the last column


def test_numeric_labels_are_classes_sorted_as_numbers():
    rows = [f"{i}.0,{i % 2},{c}" for c in ("10", "2", "0") for i in range(5)]
    table = read_csv_table(small_csv("a,b,label", *rows))
    assert table.class_names == ("0", "2", "10")
    assert list(table.labels[:5]) == [2] * 5 and list(table.labels[-5:]) == [0] * 5


def test_negative_and_exponent_numbers_are_numbers():
    rows = [f"-{i}.5,+1e-3,.5,{c}" for c in "ab" for i in range(5)]
    table = read_csv_table(small_csv("a,b,c,label", *rows))
    np.testing.assert_allclose(table.features[0], [-0.5, 0.001, 0.5])


def test_latin1_and_cp1252_bytes_are_read():
    text = "caf\xe9,\u2026size,label\n" + "\n".join(balanced_rows())
    table = read_csv_table(text.encode("cp1252"))
    assert table.feature_names == ("café", "…size")
    latin1_only = b"caf\xe9,\x81x,label\n" + "\n".join(balanced_rows()).encode()
    assert read_csv_table(latin1_only).feature_names == ("café", "?x")


def test_the_table_is_read_only():
    table = read_csv_table(IRIS_CSV.encode())
    with pytest.raises(ValueError):
        table.features[0, 0] = 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.label_column = "x"  # type: ignore[misc]


def test_summary_sentence_singular():
    table = read_csv_table(small_csv("only,label", *[f"{i},{c}" for c in "ab" for i in range(5)]))
    assert (
        csv_summary_sentence(table)
        == "10 rows, 1 numeric feature, 2 classes (label column `label`)"
    )


# --- formula injection --------------------------------------------------------------------

FORMULA = "=cmd|' /C calc'!A0"


def test_formula_cells_are_never_numbers_and_are_echoed_neutralized():
    message = error_of(small_csv("a,b,label", f'1,"{FORMULA}",a', *balanced_rows()))
    assert message == (
        "Column `b` has the non-numeric value `'=cmd|' /C calc'!A0` on line 2; feature columns "
        "must hold numbers (only the label column may hold text)."
    )


def test_formula_labels_and_names_are_neutralized():
    labels = [FORMULA, "+SUM(1)", "-x", "@A1", "-1"]
    text = small_csv(f"=a,@b,{FORMULA}", *[f"{i},{i % 3},{c}" for c in labels for i in range(5)])
    table = read_csv_table(text)
    assert table.feature_names == ("'=a", "'@b")
    assert table.label_column == "'" + FORMULA
    assert table.class_names == ("'+SUM(1)", "'-x", "'=cmd|' /C calc'!A0", "'@A1", "-1")
    # The UI offers the neutralized names; the raw name picks the same column.
    assert csv_columns(text)[-1] == table.label_column
    assert read_csv_table(text, FORMULA).fingerprint == table.fingerprint


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("-1.5", "-1.5"),
        ("+2", "+2"),
        ("a\tb", "a?b"),
        ("  setosa ", "setosa"),
    ],
)
def test_safe_name(text, safe):
    assert safe_name(text) == safe


def test_backticks_and_long_cells_cannot_break_out_of_the_message():
    message = error_of(small_csv("a,b,label", "1,x`y" + "z" * 10_000 + ",a", *balanced_rows()))
    assert message.startswith("Column `b` has the non-numeric value `x'yzzz")
    assert message.count("`") == 4 and len(message) < 200


# --- every bad file -----------------------------------------------------------------------


def zip_of_iris() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("iris.csv", IRIS_CSV)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
BINARY = (
    "The file is not a text CSV (it holds binary data); "
    "upload a comma-, semicolon- or tab-separated text file."
)
ROW_LIMIT = f"The file has more than {MAX_ROWS:,} data rows; the limit is {MAX_ROWS:,}."

BAD_FILES = {
    "png": (PNG, "This looks like a PNG image, not a CSV; save or export it as CSV first."),
    "zip": (
        zip_of_iris(),
        "This looks like a zip archive or an Excel .xlsx workbook, not a CSV; "
        "save or export it as CSV first.",
    ),
    "binary": (bytes(range(256)) * 4, BINARY),
    "nul inside text": (IRIS_CSV.encode()[:500] + b"\x00" + IRIS_CSV.encode()[500:], BINARY),
    "utf-16": (
        IRIS_CSV.encode("utf-16"),
        "The file is UTF-16 text; save it as CSV (UTF-8) and upload that.",
    ),
    "empty": (b"", "The file is empty; upload a CSV with a header row and data rows."),
    "blank lines": (
        b" \r\n\n\t\n",
        "The file is empty; upload a CSV with a header row and data rows.",
    ),
    "empty cells only": (
        b'"",""\r\n , \n',
        "The file is empty; upload a CSV with a header row and data rows.",
    ),
    "header only": (b"a,b,species\r\n", "The file has a header row but no data rows."),
    "one column": (
        small_csv("value", "1", "2"),
        "The file has one column (`value`); it needs feature columns and a label column, "
        "separated by commas, semicolons or tabs.",
    ),
    "no header": (
        small_csv(*IRIS_CSV.splitlines()[1:]),
        "The first row holds numbers, not column names; add a header row such as "
        "`sepal_length,sepal_width,species`.",
    ),
    "one class": (
        small_csv("a,b,species", *[f"{i},{i},setosa" for i in range(10)]),
        "The label column `species` has only one class (`setosa`); "
        "a classifier needs 2 to 20 classes.",
    ),
    "missing value": (
        small_csv("a,b,label", "1,,a", *balanced_rows()),
        "Column `b` has a missing value on line 2; fill it in or remove the row.",
    ),
    "NA value": (
        small_csv("a,b,label", *balanced_rows(), "NA,1,a"),
        "Column `a` has a missing value on line 12; fill it in or remove the row.",
    ),
    "nan": (
        small_csv("a,b,label", *balanced_rows(), "nan,1,a"),
        "Column `a` has a missing value on line 12; fill it in or remove the row.",
    ),
    "missing label": (
        small_csv("a,b,label", *balanced_rows(), "1,1,"),
        "The label column `label` is empty on line 12; every row needs a label.",
    ),
    "non-numeric": (
        small_csv("a,b,label", *balanced_rows(), "1,big,a"),
        "Column `b` has the non-numeric value `big` on line 12; feature columns must hold "
        "numbers (only the label column may hold text).",
    ),
    "infinity": (
        small_csv("a,b,label", *balanced_rows(), "inf,1,a"),
        "Column `a` has the non-numeric value `inf` on line 12; feature columns must hold "
        "numbers (only the label column may hold text).",
    ),
    "beyond float32": (
        small_csv("a,b,label", *balanced_rows(), "1e39,1,a"),
        "Column `a` has a number too large for float32 (over 3.4e38).",
    ),
    "too large": (b"a,b\n" + b"1,x\n" * (MAX_BYTES // 4), "The file is 2.1 MB; the limit is 2 MB."),
    "too many rows": (
        small_csv("a,label", *[f"{i},{i % 2}" for i in range(MAX_ROWS + 1)]),
        ROW_LIMIT,
    ),
    "too many columns": (
        small_csv(",".join(f"f{i}" for i in range(MAX_FEATURES + 1)) + ",label", "1"),
        f"The file has {MAX_FEATURES + 1} feature columns; the limit is {MAX_FEATURES}.",
    ),
    "10,000 labels": (small_csv("a,id", *[f"{i % 7},id{i}" for i in range(10_000)]), ROW_LIMIT),
    "5,000 labels": (
        small_csv("a,id", *[f"{i % 7},id{i}" for i in range(5_000)]),
        "The label column `id` has 5,000 different values; a classifier needs 2 to 20 classes "
        "(is it the right label column?).",
    ),
    "21 labels": (
        small_csv("a,id", *[f"{i % 7},c{i % 21}" for i in range(210)]),
        "The label column `id` has 21 different values; a classifier needs 2 to 20 classes "
        "(is it the right label column?).",
    ),
    "duplicate columns": (
        small_csv("a,b,a,label", "1,2,3,a"),
        "The column name `a` appears twice; each column needs its own name.",
    ),
    "ragged row": (
        small_csv("a,b,label", *balanced_rows(), "1,2,3,a"),
        "Line 12 has 4 values but the header has 3 columns; every row needs one value per column.",
    ),
    "unclosed quote": (
        b'a,b,label\n1,2,"' + b"x" * 200_000,
        "The file is not valid CSV near line 2; check for an unclosed quote.",
    ),
    "a class with one row": (
        small_csv("a,b,label", *balanced_rows(), "1,1,c"),
        "Class `c` has only one row; every class needs at least 2 rows so both the training "
        "and the test split can hold it.",
    ),
    "classes with one row": (
        small_csv("a,b,label", *balanced_rows(), "1,1,c", "1,1,d"),
        "Classes `c`, `d` have only one row; every class needs at least 2 rows so both the "
        "training and the test split can hold it.",
    ),
    "too few rows to split": (
        small_csv("a,b,label", *balanced_rows(2, "xyz")),
        "The file has 6 rows; with 3 classes it needs at least 11, so the 20% test split can "
        "hold every class.",
    ),
}


@pytest.mark.parametrize(("data", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_gets_one_clear_sentence(data, message):
    assert error_of(data) == message
    assert len(message) < 200 and "\n" not in message and "Traceback" not in message


def test_label_column_that_does_not_exist():
    message = error_of(IRIS_CSV.encode(), label_column="=Species")
    assert message == (
        "There is no column `'=Species`; the columns are `sepal_length`, `sepal_width`, "
        "`petal_length`, `petal_width`, `species`."
    )
    many = ",".join(f"f{i}" for i in range(50)) + ",label\n" + ",".join(["1"] * 50) + ",x"
    assert error_of(many.encode(), "nope").endswith("`f3`, `f4`, `f5` and 45 more.")


def test_wrong_label_column_reports_the_labels_before_the_features():
    text = "species,a,id\n" + "\n".join(
        f"{c},{i},{n}" for n, (c, i) in enumerate(zip("xy" * 30, range(60), strict=True))
    )
    assert "has 60 different values" in error_of(text.encode())


@pytest.mark.parametrize("n_classes", range(MIN_CLASSES, MAX_CLASSES + 1))
def test_min_rows_for_split_is_what_a_stratified_split_needs(n_classes):
    needed = _min_rows_for_split(n_classes)

    def split(n_rows: int) -> None:
        labels = np.arange(n_rows) % n_classes
        train_test_split(labels, test_size=TEST_FRACTION, stratify=labels, random_state=0)

    split(needed)
    with pytest.raises(ValueError):
        split(needed - 1)


# --- fuzz ---------------------------------------------------------------------------------


def parses_or_explains(data: bytes) -> None:
    try:
        table = read_csv_table(data)
    except CsvError as error:
        assert 0 < len(str(error)) < 400 and "\n" not in str(error)
    else:
        assert table.features.shape == (len(table.labels), len(table.feature_names))
        assert table.labels.min() == 0 and table.labels.max() == len(table.class_names) - 1


def test_random_bytes_raise_only_csv_error():
    rng = random.Random(13)
    for _ in range(1500):
        parses_or_explains(rng.randbytes(rng.randint(0, 400)))


def test_random_csv_like_text_raises_only_csv_error():
    rng = random.Random(14)
    alphabet = ",;\t\n\r\"'=+-@.eE0123456789 abé\ufeff`\\"
    for _ in range(1500):
        parses_or_explains("".join(rng.choices(alphabet, k=rng.randint(0, 300))).encode())


def test_mutated_iris_raises_only_csv_error():
    rng = random.Random(15)
    original = bytearray(IRIS_CSV.encode())
    for _ in range(300):
        data = bytearray(original)
        for _ in range(rng.randint(1, 5)):
            at = rng.randrange(len(data))
            match rng.randrange(3):
                case 0:
                    data[at] = rng.randrange(256)
                case 1:
                    del data[at]
                case 2:
                    data[at:at] = rng.choice([b",", b";", b'"', b"\n", b"=", b"\xff", b"\x00"])
        parses_or_explains(bytes(data))
