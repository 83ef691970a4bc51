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

from components.core.i18n import Note
from components.core.split import TEST_FRACTION

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
    b"PK\x03\x04": Note("csv.kind.zip"),  # or an Excel .xlsx workbook
    b"\xd0\xcf\x11\xe0": Note("csv.kind.xls"),
    b"\x89PNG": Note("csv.kind.png"),
    b"\xff\xd8\xff": Note("csv.kind.jpeg"),
    b"GIF8": Note("csv.kind.gif"),
    b"%PDF": Note("csv.kind.pdf"),
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


def csv_summary_sentence(table: CsvTable) -> Note:
    """E.g. "150 rows, 4 numeric features, 3 classes (label column `species`)"."""
    return Note(
        "csv.summary",
        rows=_count(table.n_rows, "row"),
        features=_count(len(table.feature_names), "feature"),
        classes=_count(len(table.class_names), "class"),
        label=_shown(table.label_column),
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
        raise CsvError(Note("csv.too_big", size=size_mb, limit=MAX_BYTES // 1024**2))
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
                values = _count(len(cells), "value")
                raise CsvError(
                    Note("csv.line_width", line=reader.line_num, values=values, columns=len(header))
                )
            if len(rows) == MAX_ROWS:
                raise CsvError(Note("csv.too_many_rows", max=MAX_ROWS))
            rows.append(cells)
            line_numbers.append(reader.line_num)
    except csv.Error:
        raise CsvError(Note("csv.invalid_near", line=reader.line_num)) from None
    if header is None:  # no line with a cell that is not blank
        raise CsvError(Note("csv.empty"))
    if not rows:
        raise CsvError(Note("csv.no_rows"))
    grid = _drop_empty_columns(_Grid(tuple(header), rows, line_numbers))
    _check_column_count(grid.columns)
    return grid


def _decode(data: bytes) -> str:
    for signature, kind in FILE_SIGNATURES.items():
        if data.startswith(signature):
            raise CsvError(Note("csv.looks_like", kind=kind))
    if data.startswith(UTF16_BOMS):
        raise CsvError(Note("csv.utf16"))
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
        raise CsvError(Note("csv.binary"))
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
        raise CsvError(Note("csv.numbers_header"))
    names = [safe_name(cell) for cell in cells]
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise CsvError(Note("csv.name_twice", name=_shown(name)))
        seen.add(name)
    return names


def _check_column_count(columns: tuple[str, ...]) -> None:
    if len(columns) < 2:
        raise CsvError(Note("csv.one_column", name=_shown(columns[0])))
    _check_feature_limit(len(columns))


def _check_feature_limit(n_columns: int) -> None:
    if n_columns - 1 > MAX_FEATURES:
        raise CsvError(Note("csv.too_many_features", n=n_columns - 1, max=MAX_FEATURES))


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
        more = Note("csv.more", n=len(columns) - 6) if len(columns) > 6 else ""
        raise CsvError(Note("csv.no_column", name=_shown(name), shown=shown, more=more))
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
                raise CsvError(Note("csv.missing", name=_shown(name), line=line))
            raise CsvError(Note("csv.non_numeric", name=_shown(name), cell=_shown(cell), line=line))
    if np.abs(values).max() > np.finfo(np.float32).max:
        raise CsvError(Note("csv.too_large", name=_shown(name)))
    return values.astype(np.float32)


def _classes(grid: _Grid, index: int) -> tuple[tuple[str, ...], np.ndarray]:
    """The label column's sorted class names and each row's class code."""
    name = grid.columns[index]
    values = [safe_name(row[index]) for row in grid.rows]
    for row_index, value in enumerate(values):
        if not value:
            line = grid.line_numbers[row_index]
            raise CsvError(Note("csv.label_empty", name=_shown(name), line=line))
    distinct = set(values)
    allowed = {"min": MIN_CLASSES, "max": MAX_CLASSES}
    if len(distinct) < MIN_CLASSES:
        raise CsvError(Note("csv.one_class", name=_shown(name), value=_shown(values[0]), **allowed))
    if len(distinct) > MAX_CLASSES:
        raise CsvError(Note("csv.too_many_classes", name=_shown(name), n=len(distinct), **allowed))
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
        key = "csv.scarce_one" if len(scarce) == 1 else "csv.scarce_many"
        raise CsvError(Note(key, shown=shown, min=MIN_ROWS_PER_CLASS))
    needed = _min_rows_for_split(len(class_names))
    if len(labels) < needed:
        raise CsvError(
            Note(
                "csv.too_few_rows",
                rows=len(labels),
                classes=len(class_names),
                needed=needed,
                fraction=TEST_FRACTION,
            )
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


def _count(n: int, noun: str) -> Note:
    """``1 row``, ``150 rows``: each language says its own plural."""
    return Note(f"csv.n.{noun}.{'one' if n == 1 else 'many'}", n=f"{n:,}")


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
