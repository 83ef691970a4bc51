"""The datasets a model can train on: one table of facts per scikit-learn toy dataset.

Pure Python (no numpy, no scikit-learn import): the page reads widths, names and pairs
before anything loads. ``tests/test_datasets.py`` checks every fact against the loader.

Scaling: iris is used raw, as in the seed post. The others are standardized (each feature
minus its mean, over its standard deviation), with the statistics of the *training* split
only, so nothing of the held-out rows leaks into training (``components/core/split.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from components.core.i18n import Note

if TYPE_CHECKING:
    import numpy as np

DEFAULT_DATASET = "iris"
UPLOAD_PREFIX = "csv-"  # an uploaded table's key: this, then the start of its fingerprint
UPLOAD_KEY_HEX = 12
UPLOAD_REGION_COLUMNS = 4  # the regions chart offers pairs of an upload's first columns
UPLOAD_LOADER = "csv"
# How the dataset select shows an upload. Streamlit writes the shown option into the address
# bar (``data=mine.csv (your CSV)``), so a link holding it is recognized by this suffix too.
UPLOAD_LABEL_SUFFIX = " (your CSV)"


class UploadedRows(Protocol):
    """What training and the exported script need of an uploaded table
    (components/core/csv_table.py's CsvTable)."""

    features: np.ndarray
    labels: np.ndarray
    label_column: str


@dataclass(frozen=True)
class Dataset:
    """A dataset's facts; an upload's also carries its rows (not part of its identity: its
    key holds the table's fingerprint)."""

    key: str  # the link's ``data=`` value
    title: str
    loader: str  # the function in sklearn.datasets
    rows: int
    feature_names: tuple[str, ...]  # as the loader names its columns
    class_names: tuple[str, ...]  # targets 0, 1, ... in order
    scaled: bool  # standardized with the training split's statistics
    # The decision-regions chart's pairs: URL id -> (x, y) column; the first is the default.
    region_pairs: tuple[tuple[str, tuple[int, int]], ...]
    table: UploadedRows | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict:
        """Pickled (for a worker, into the result store) without an upload's rows: the server
        splits the data for every job, and a result never carries a copy of the table."""
        return {**self.__dict__, "table": None}

    @property
    def n_features(self) -> int:
        return len(self.feature_names)

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def model_name(self) -> str:
        """The Keras model's name (part of the saved file's bytes): ``iris_mlp`` for iris."""
        return f"{self.key}_mlp"

    @property
    def region_pair_ids(self) -> tuple[str, ...]:
        return tuple(pair for pair, _ in self.region_pairs)

    def region_columns(self, pair: str) -> tuple[int, int]:
        return dict(self.region_pairs)[pair]

    def region_pair_label(self, pair: str) -> str:
        """The pair as its select shows it: ``petal length (cm) × petal width (cm)``."""
        x, y = self.region_columns(pair)
        return f"{self.feature_names[x]} × {self.feature_names[y]}"


def column_pairs(columns: tuple[int, ...]) -> tuple[tuple[str, tuple[int, int]], ...]:
    """Every pair of ``columns`` in order, each named by its column numbers: ``"0-1"``."""
    return tuple((f"{x}-{y}", (x, y)) for x, y in combinations(columns, 2))


_IRIS_PAIRS = (
    ("petal", (2, 3)),
    ("sepal", (0, 1)),
    ("sl-pl", (0, 2)),
    ("sl-pw", (0, 3)),
    ("sw-pl", (1, 2)),
    ("sw-pw", (1, 3)),
)
_BREAST_CANCER_MEASURES = (
    "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
    "concave points", "symmetry", "fractal dimension",
)  # fmt: skip

# fmt: off
DATASETS: dict[str, Dataset] = {
    "iris": Dataset(
        key="iris",
        title="Iris",
        loader="load_iris",
        rows=150,
        feature_names=(
            "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)",
        ),
        class_names=("setosa", "versicolor", "virginica"),
        scaled=False,
        region_pairs=_IRIS_PAIRS,
    ),
    "wine": Dataset(
        key="wine",
        title="Wine",
        loader="load_wine",
        rows=178,
        feature_names=(
            "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
            "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
            "od280/od315_of_diluted_wines", "proline",
        ),
        class_names=("class_0", "class_1", "class_2"),
        scaled=True,
        # The first two features, then two that separate the cultivars best (ANOVA F).
        region_pairs=column_pairs((0, 1, 6, 12)),
    ),
    "breast_cancer": Dataset(
        key="breast_cancer",
        title="Breast cancer (Wisconsin)",
        loader="load_breast_cancer",
        rows=569,
        feature_names=tuple(
            f"{prefix}{measure}{suffix}"
            for prefix, suffix in (("mean ", ""), ("", " error"), ("worst ", ""))
            for measure in _BREAST_CANCER_MEASURES
        ),
        class_names=("malignant", "benign"),
        scaled=True,
        region_pairs=column_pairs((0, 1, 7, 27)),  # likewise
    ),
    "digits": Dataset(
        key="digits",
        title="Digits (8 x 8 pixels)",
        loader="load_digits",
        rows=1797,
        feature_names=tuple(f"pixel_{row}_{col}" for row in range(8) for col in range(8)),
        class_names=tuple(str(digit) for digit in range(10)),
        scaled=True,
        # Central pixels that vary most between digits (the first ones are always blank).
        region_pairs=column_pairs((26, 33, 34, 42)),
    ),
}
# fmt: on
DATASET_KEYS = tuple(DATASETS)


# --- uploaded tables --------------------------------------------------------------------
# A user's CSV belongs to the session that uploaded it: the page keeps its Dataset (rows
# included) and hands it to every spec on it (``ModelSpec.upload``). A job carries the facts
# with the spec and the split the server made, never the rows. No registry of this process
# decides what a key means.
NO_UPLOADS: Mapping[str, Dataset] = MappingProxyType({})


def is_upload(key: str) -> bool:
    return key.startswith(UPLOAD_PREFIX)


def names_upload(link_value: str) -> bool:
    """A link's ``data=`` that names an upload: by its key, or as the select showed it."""
    value = link_value.strip().lower()
    return is_upload(value) or value.endswith(UPLOAD_LABEL_SUFFIX.lower())


def dataset_label(data: Dataset) -> str:
    """The dataset select's option: a built-in set by its link name, an upload by its file."""
    return Note("data.upload_label", title=data.title) if is_upload(data.key) else data.key


def upload_key(table) -> str:
    """The same data gives the same key, so caches and the result store are shared safely."""
    return UPLOAD_PREFIX + table.fingerprint[:UPLOAD_KEY_HEX]


def upload_dataset(table, title: str) -> Dataset:
    """``table`` (a csv_table.CsvTable) as a dataset, with its rows."""
    n_features = len(table.feature_names)
    # One feature: the chart can only set it against itself (its bands show the cut-offs).
    columns = tuple(range(min(n_features, UPLOAD_REGION_COLUMNS)))
    pairs = column_pairs(columns) or (("0-0", (0, 0)),)
    return Dataset(
        key=upload_key(table),
        title=title,
        loader=UPLOAD_LOADER,
        rows=table.n_rows,
        feature_names=table.feature_names,
        class_names=table.class_names,
        scaled=True,
        region_pairs=pairs,
        table=table,
    )


def dataset(key: str, uploads: Mapping[str, Dataset] = NO_UPLOADS) -> Dataset:
    """The facts of a built-in dataset or of one of ``uploads``; else KeyError."""
    found = DATASETS.get(key) or uploads.get(key)
    if found is None:
        raise KeyError(f"{key!r} is neither a built-in dataset nor one of the uploads given.")
    return found


def facts(data: Dataset | str) -> Dataset:
    """``data`` itself, or the dataset of that key (see ``dataset``)."""
    return data if isinstance(data, Dataset) else dataset(data)


def dataset_title(data: Dataset) -> str:
    """A built-in dataset's title, said in the page's language (a Note); an upload's as given."""
    return data.title if is_upload(data.key) else Note(f"data.title.{data.key}")


def scaling_sentence(data: Dataset) -> Note:
    """One sentence for the page on how the features reach the model."""
    if not data.scaled:
        return Note("data.scaling_raw", title=dataset_title(data))
    return Note("data.scaling_standardized")


def dataset_sentence(data: Dataset) -> Note:
    """What the model learns from, in one line: rows, features in, classes out, scaling."""
    return Note(
        "data.sentence",
        title=dataset_title(data),
        rows=data.rows,
        features=data.n_features,
        classes=data.n_classes,
        scaling=scaling_sentence(data),
    )
