"""The datasets a model can train on: one table of facts per scikit-learn toy dataset.

Pure Python (no numpy, no scikit-learn import): the page reads widths, names and pairs
before anything loads. ``tests/test_datasets.py`` checks every fact against the loader.

Scaling: iris is used raw, as in the seed post. The others are standardized (each feature
minus its mean, over its standard deviation), with the statistics of the *training* split
only, so nothing of the held-out rows leaks into training (``components/core/data.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

DEFAULT_DATASET = "iris"


@dataclass(frozen=True)
class Dataset:
    key: str  # the link's ``data=`` value
    title: str
    loader: str  # the function in sklearn.datasets
    rows: int
    feature_names: tuple[str, ...]  # as the loader names its columns
    class_names: tuple[str, ...]  # targets 0, 1, ... in order
    scaled: bool  # standardized with the training split's statistics
    # The decision-regions chart's pairs: URL id -> (x, y) column; the first is the default.
    region_pairs: tuple[tuple[str, tuple[int, int]], ...]

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


def dataset(key: str) -> Dataset:
    return DATASETS[key]


def scaling_sentence(key: str) -> str:
    """One sentence for the page on how the features reach the model."""
    if not DATASETS[key].scaled:
        return f"{DATASETS[key].title}'s features are used raw, as in the seed post."
    return (
        "Features are standardized (minus their mean, over their standard deviation) with "
        "the training split's statistics only, so the held-out rows stay unseen."
    )


def dataset_sentence(key: str) -> str:
    """What the model learns from, in one line: rows, features in, classes out, scaling."""
    data = DATASETS[key]
    return (
        f"{data.title}: {data.rows} rows, {data.n_features} features in, "
        f"{data.n_classes} classes out. {scaling_sentence(key)}"
    )
