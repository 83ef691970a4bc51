"""A user's own CSV, read safely into a table a classifier can train on, or one clear error.

Pure: the standard library's ``csv`` and numpy. Every problem raises ``CsvError`` with one
short sentence for the page: what is wrong and what is allowed. Nothing in a cell is ever
evaluated; text echoed back (in messages, column and class names) has non-printable characters
replaced, and a cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``
first) gets a leading ``'``, so names are safe to write into a CSV a user opens in Excel.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass

import numpy as np

from components.core.data import TEST_FRACTION

MAX_BYTES = 2 * 1024 * 1024  # 2 MB
MAX_ROWS = 5_000  # data rows, after the header
MAX_FEATURES = 100  # numeric feature columns
MIN_CLASSES = 2
MAX_CLASSES = 20
MIN_ROWS_PER_CLASS = 2  # a stratified split puts at least one row of each class in each half
DELIMITERS = (",", ";", "\t")  # sniffed in this order; the first wins a tie

SNIFF_LINES = 50
SHOWN_CHARS = 40  # at most this much of a name or cell is echoed in a message
FORMULA_STARTS = ("=", "+", "-", "@")
MISSING = {"", "na", "n/a", "nan", "null", "none", "?"}  # feature cells read as missing
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")  # "5,1": a European spreadsheet's decimal comma
# Control characters no text CSV holds (tab, newline and carriage return are fine).
BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FILE_SIGNATURES = {
    b"PK\x03\x04": "a zip archive or an Excel .xlsx workbook",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls or Office file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class CsvError(ValueError):
    """A CSV the app cannot use; ``str(error)`` is one sentence to show the user."""


@dataclass(frozen=True, eq=False)  # eq=False: arrays do not compare to one bool
class CsvTable:
    features: np.ndarray  # float32, rows x features, read-only
    labels: np.ndarray  # int32 class codes 0..k-1, read-only
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]  # labels[i] is class_names[labels[i]]
    label_column: str
    columns: tuple[str, ...]  # every column in file order: the label-column choices
    fingerprint: str  # sha256 of the normalized table: the same data gives the same key

    @property
    def n_rows(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class _Grid:
    """The file's cells as text, before any column is read as numbers."""

    columns: tuple[str, ...]
    rows: list[list[str]]
    line_numbers: list[int]  # the file line each row ends on, for messages


def csv_columns(data: bytes) -> tuple[str, ...]:
    """The file's column names, for a label-column choice (default: the last one)."""
    return _read_grid(data).columns


def read_csv_table(data: bytes, label_column: str | None = None) -> CsvTable:
    """The uploaded bytes as numeric features and class labels, or ``CsvError``."""
    grid = _read_grid(data)
    label_index = _label_index(grid.columns, label_column)
    label = grid.columns[label_index]
    class_names, labels = _classes(grid, label_index)  # first: a wrong label column shows here
    feature_indexes = [i for i in range(len(grid.columns)) if i != label_index]
    features = np.column_stack([_numeric_column(grid, i) for i in feature_indexes])
    features.setflags(write=False)
    labels.setflags(write=False)
    feature_names = tuple(grid.columns[i] for i in feature_indexes)
    return CsvTable(
        features=features,
        labels=labels,
        feature_names=feature_names,
        class_names=class_names,
        label_column=label,
        columns=grid.columns,
        fingerprint=_fingerprint(features, labels, feature_names, class_names, label),
    )


def csv_summary_sentence(table: CsvTable) -> str:
    """E.g. "150 rows, 4 numeric features, 3 classes (label column `species`)"."""
    return (
        f"{_count(table.n_rows, 'row')}, "
        f"{_count(len(table.feature_names), 'numeric feature')}, "
        f"{_count(len(table.class_names), 'class', 'classes')} "
        f"(label column {_shown(table.label_column)})"
    )


def safe_name(text: str) -> str:
    """Text from the file as the app shows or writes it: printable, never a formula."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text.strip())
    if clean.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(clean):
        return "'" + clean
    return clean


# --- reading the grid -------------------------------------------------------------------


def _read_grid(data: bytes) -> _Grid:
    if len(data) > MAX_BYTES:
        size_mb = math.ceil(len(data) / 1024**2 * 10) / 10  # rounded up: never "2.0 MB, over 2"
        raise CsvError(f"The file is {size_mb} MB; the limit is {MAX_BYTES // 1024**2} MB.")
    text = _decode(data)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue  # blank lines, e.g. at the end
            if header is None:
                header = _header_names(cells)
                continue
            if len(cells) != len(header):
                raise CsvError(
                    f"Line {reader.line_num} has {_count(len(cells), 'value')} but the header has "
                    f"{len(header)} columns; every row needs one value per column."
                )
            if len(rows) == MAX_ROWS:
                raise CsvError(
                    f"The file has more than {MAX_ROWS:,} data rows; the limit is {MAX_ROWS:,}."
                )
            rows.append(cells)
            line_numbers.append(reader.line_num)
    except csv.Error:
        raise CsvError(
            f"The file is not valid CSV near line {reader.line_num}; check for an unclosed quote."
        ) from None
    if header is None:  # no line with a cell that is not blank
        raise CsvError("The file is empty; upload a CSV with a header row and data rows.")
    if not rows:
        raise CsvError("The file has a header row but no data rows.")
    grid = _drop_empty_columns(_Grid(tuple(header), rows, line_numbers))
    _check_column_count(grid.columns)
    return grid


def _decode(data: bytes) -> str:
    for signature, kind in FILE_SIGNATURES.items():
        if data.startswith(signature):
            raise CsvError(f"This looks like {kind}, not a CSV; save or export it as CSV first.")
    if data.startswith(UTF16_BOMS):
        raise CsvError("The file is UTF-16 text; save it as CSV (UTF-8) and upload that.")
    # UTF-8 (a BOM is dropped), else Windows' Excel default, else latin-1, which reads any bytes.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    if BINARY_CHARS.search(text):
        raise CsvError(
            "The file is not a text CSV (it holds binary data); upload a comma-, "
            "semicolon- or tab-separated text file."
        )
    return text


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most columns, the same in each."""
    head = "\n".join(text.split("\n", SNIFF_LINES)[:SNIFF_LINES])
    best, best_width = DELIMITERS[0], 1
    for delimiter in DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
            widths = {len(row) for row in reader if any(cell.strip() for cell in row)}
        except csv.Error:
            continue
        if len(widths) == 1 and (width := widths.pop()) > best_width:
            best, best_width = delimiter, width
    return best


def _header_names(cells: list[str]) -> list[str]:
    _check_feature_limit(sum(1 for cell in cells if cell))  # early: before reading the rows
    if len(cells) > 1 and sum(map(_looks_numeric, cells)) >= len(cells) - 1:
        raise CsvError(
            "The first row holds numbers, not column names; add a header row such as "
            "`sepal_length,sepal_width,species`."
        )
    names = [safe_name(cell) for cell in cells]
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise CsvError(
                f"The column name {_shown(name)} appears twice; each column needs its own name."
            )
        seen.add(name)
    return names


def _check_column_count(columns: tuple[str, ...]) -> None:
    if len(columns) < 2:
        raise CsvError(
            f"The file has one column ({_shown(columns[0])}); it needs feature columns and a "
            "label column, separated by commas, semicolons or tabs."
        )
    _check_feature_limit(len(columns))


def _check_feature_limit(n_columns: int) -> None:
    if n_columns - 1 > MAX_FEATURES:
        raise CsvError(
            f"The file has {n_columns - 1} feature columns; the limit is {MAX_FEATURES}."
        )


def _drop_empty_columns(grid: _Grid) -> _Grid:
    """Drop columns with no name and no values (a trailing separator on every line)."""
    keep = [i for i, name in enumerate(grid.columns) if name or any(row[i] for row in grid.rows)]
    columns = tuple(grid.columns[i] or f"column {i + 1}" for i in keep)
    if len(keep) == len(grid.columns):
        return _Grid(columns, grid.rows, grid.line_numbers)
    rows = [[row[i] for i in keep] for row in grid.rows]
    return _Grid(columns, rows, grid.line_numbers)


# --- reading the columns ----------------------------------------------------------------


def _label_index(columns: tuple[str, ...], label_column: str | None) -> int:
    if label_column is None:
        return len(columns) - 1
    name = safe_name(label_column)
    if name not in columns:
        shown = ", ".join(_shown(column) for column in columns[:6])
        more = f" and {len(columns) - 6} more" if len(columns) > 6 else ""
        raise CsvError(f"There is no column {_shown(name)}; the columns are {shown}{more}.")
    return columns.index(name)


def _looks_numeric(cell: str) -> bool:
    return bool(NUMBER.fullmatch(cell) or DECIMAL_COMMA.fullmatch(cell))


def _numeric_column(grid: _Grid, index: int) -> np.ndarray:
    name = grid.columns[index]
    values = np.empty(len(grid.rows), dtype=np.float64)
    for row_index, row in enumerate(grid.rows):
        cell = row[index]
        if NUMBER.fullmatch(cell):
            values[row_index] = float(cell)
        elif DECIMAL_COMMA.fullmatch(cell):
            values[row_index] = float(cell.replace(",", "."))
        else:
            line = grid.line_numbers[row_index]
            if cell.lower() in MISSING:
                raise CsvError(
                    f"Column {_shown(name)} has a missing value on line {line}; "
                    "fill it in or remove the row."
                )
            raise CsvError(
                f"Column {_shown(name)} has the non-numeric value {_shown(cell)} on line "
                f"{line}; feature columns must hold numbers (only the label column may hold text)."
            )
    if np.abs(values).max() > np.finfo(np.float32).max:
        raise CsvError(f"Column {_shown(name)} has a number too large for float32 (over 3.4e38).")
    return values.astype(np.float32)


def _classes(grid: _Grid, index: int) -> tuple[tuple[str, ...], np.ndarray]:
    """The label column's sorted class names and each row's class code."""
    name = grid.columns[index]
    values = [safe_name(row[index]) for row in grid.rows]
    for row_index, value in enumerate(values):
        if not value:
            line = grid.line_numbers[row_index]
            raise CsvError(
                f"The label column {_shown(name)} is empty on line {line}; every row needs a label."
            )
    distinct = set(values)
    allowed = f"a classifier needs {MIN_CLASSES} to {MAX_CLASSES} classes"
    if len(distinct) < MIN_CLASSES:
        raise CsvError(
            f"The label column {_shown(name)} has only one class ({_shown(values[0])}); {allowed}."
        )
    if len(distinct) > MAX_CLASSES:
        raise CsvError(
            f"The label column {_shown(name)} has {len(distinct):,} different values; "
            f"{allowed} (is it the right label column?)."
        )
    # Numbers sort as numbers (2 before 10), the same number's spellings by text.
    numeric = all(NUMBER.fullmatch(value) for value in distinct)
    class_names = tuple(sorted(distinct, key=lambda v: (float(v), v) if numeric else v))
    code = {class_name: i for i, class_name in enumerate(class_names)}
    labels = np.array([code[value] for value in values], dtype=np.int32)
    _check_split(class_names, labels)
    return class_names, labels


def _check_split(class_names: tuple[str, ...], labels: np.ndarray) -> None:
    counts = np.bincount(labels, minlength=len(class_names))
    scarce = [class_names[i] for i in np.flatnonzero(counts < MIN_ROWS_PER_CLASS)]
    if scarce:
        shown = ", ".join(_shown(c) for c in scarce[:3]) + (", ..." if len(scarce) > 3 else "")
        which = f"Class {shown} has" if len(scarce) == 1 else f"Classes {shown} have"
        raise CsvError(
            f"{which} only one row; every class needs at least "
            f"{MIN_ROWS_PER_CLASS} rows so both the training and the test split can hold it."
        )
    needed = _min_rows_for_split(len(class_names))
    if len(labels) < needed:
        raise CsvError(
            f"The file has {len(labels)} rows; with {len(class_names)} classes it needs at least "
            f"{needed}, so the {TEST_FRACTION:.0%} test split can hold every class."
        )


def _min_rows_for_split(n_classes: int) -> int:
    """The fewest rows whose stratified split gives every class a row in both halves
    (scikit-learn's sizes: ceil of the test fraction, floor of the rest)."""
    n = n_classes
    while (
        math.ceil(TEST_FRACTION * n) < n_classes or math.floor((1 - TEST_FRACTION) * n) < n_classes
    ):
        n += 1
    return n


# --- text and keys ----------------------------------------------------------------------


def _shown(text: str) -> str:
    """Text from the file for a message: safe, short, in a code span (markdown stays off)."""
    clean = safe_name(text).replace("`", "'")
    if len(clean) > SHOWN_CHARS:
        clean = clean[:SHOWN_CHARS] + "..."
    return f"`{clean}`"


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def _fingerprint(
    features: np.ndarray,
    labels: np.ndarray,
    feature_names: tuple[str, ...],
    class_names: tuple[str, ...],
    label_column: str,
) -> str:
    """sha256 of the values and names, not the file's bytes: BOM, delimiter, line endings and
    number spellings (1.0 vs 1) do not change it."""
    digest = hashlib.sha256(b"csv_table v1\n")
    names = [list(feature_names), list(class_names), label_column, list(features.shape)]
    digest.update(json.dumps(names).encode())
    digest.update(np.ascontiguousarray(features, dtype="<f4").tobytes())
    digest.update(np.ascontiguousarray(labels, dtype="<i4").tobytes())
    return digest.hexdigest()
