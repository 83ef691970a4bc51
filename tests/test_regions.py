"""Decision regions: the trained model's predicted class over a grid of two iris features.

Slow tests train the real model (the fast trainer, as a worker runs it), compute its grid as
the page does (from the trained weights, in numpy) and ask Keras itself for the grid's
classes; the page's panel runs on the fake engine's made-up weights.
"""

import json

import numpy as np
import pytest

from components.core.model_link import spec_to_query
from components.core.pins import decode_pins, encode_pin
from components.core.regions import GRID_SIZE, MARGIN_FRACTION, all_rows, grid_rows, region_axes
from components.core.spec import FEATURE_NAMES, REGION_PAIRS, ModelSpec
from components.core.split import iris_split
from components.ui.regions_panel import HEADING, regions_at
from tests.helpers import run_app

SPEC = ModelSpec(epochs=30, seed=3)


def panel_shown(at) -> bool:
    return any(h.value == HEADING for h in at.subheader)


def regions_chart(at) -> dict:
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith("regions-chart"))
    return json.loads(chart.proto.spec)


def axis_titles(figure: dict) -> tuple[str, str]:
    layout = figure["layout"]
    return layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]


# ---------------------------------------------------------------- pure parts


def test_the_axes_span_every_rows_range_plus_a_margin():
    split = iris_split(0)
    rows = all_rows(split)
    assert len(rows) == 150
    for pair, columns in REGION_PAIRS.items():
        for axis, column in zip(region_axes(pair, split), columns, strict=True):
            low, high = rows[:, column].min(), rows[:, column].max()
            margin = MARGIN_FRACTION * (high - low)
            assert len(axis) == GRID_SIZE
            assert axis[0] == pytest.approx(low - margin) and axis[-1] == pytest.approx(
                high + margin
            )


def test_grid_rows_vary_only_the_chosen_pair_y_major():
    held = np.array([5.0, 3.0, 4.0, 1.0], np.float32)
    x, y = np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0])
    rows = grid_rows("sl-pw", held, x, y)
    assert rows.shape == (6, 4)
    assert rows[:, 0].tolist() == [1, 2, 3, 1, 2, 3] and rows[:, 3].tolist() == [10] * 3 + [20] * 3
    assert (rows[:, 1] == 3.0).all() and (rows[:, 2] == 4.0).all()


def test_the_pair_rides_in_the_link_and_in_a_pin():
    spec = ModelSpec(region_features="sl-pl")
    assert spec_to_query(spec) == {"regions": "sl-pl"}
    assert spec_to_query(ModelSpec()) == {}  # the default pair adds nothing to a link
    assert decode_pins(encode_pin(spec)).specs == [spec]
    with pytest.raises(ValueError, match="region_features='zzz' is not one of petal"):
        ModelSpec(region_features="zzz")


# ---------------------------------------------------------------- the page (fake engine)


@pytest.mark.usefixtures("fake_engine")
def test_the_panel_draws_the_pair_from_the_link():
    at = run_app(tab="Regions", regions="sepal")
    assert not at.exception and not at.error and not at.warning
    assert panel_shown(at)
    figure = regions_chart(at)
    assert axis_titles(figure) == ("sepal length (cm)", "sepal width (cm)")
    heatmap = figure["data"][0]
    assert heatmap["type"] == "heatmap"
    assert np.array(heatmap["z"]).shape == (GRID_SIZE, GRID_SIZE)
    assert sum(len(trace["x"]) for trace in figure["data"][1:]) == 150  # every row on top
    assert "regions=sepal" in at.code[0].value  # the share link keeps it


@pytest.mark.usefixtures("fake_engine")
def test_the_default_pair_is_petal():
    at = run_app(tab="Regions")
    assert axis_titles(regions_chart(at)) == ("petal length (cm)", "petal width (cm)")
    assert "regions=" not in at.code[0].value


@pytest.mark.usefixtures("fake_engine")
def test_a_hostile_pair_falls_back_to_petal_with_a_notice():
    at = run_app(tab="Regions", regions="zzz")
    assert not at.exception and not at.error
    notice = " ".join(w.value for w in at.warning)
    assert "could not be used as given" in notice
    assert "`regions=zzz` is not one of petal, sepal, sl-pl, sl-pw, sw-pl, sw-pw; used petal." in (
        notice
    )
    assert axis_titles(regions_chart(at)) == ("petal length (cm)", "petal width (cm)")


def test_no_weights_no_panel(fake_engine, monkeypatch):
    train = fake_engine.train

    def without_snapshots(spec, *args, **kwargs):
        result = train(spec, *args, **kwargs)
        result.snapshots = ()  # as a result could come without its weights
        return result

    monkeypatch.setattr(fake_engine, "train", without_snapshots)
    at = run_app(tab="Regions")
    assert not at.exception and not panel_shown(at)


# ---------------------------------------------------------------- the real model (slow)


def _train(spec: ModelSpec):
    import tensorflow  # noqa: F401  (Keras-oracle test: TensorFlow must be there)

    from components.worker.jobs import configure_tensorflow
    from components.worker.training import predicted_classes, train

    configure_tensorflow()  # as the workers run it
    model, result = train(spec)
    regions = regions_at(result, result.snapshots[-1], spec.data)  # as the page computes them
    return regions, lambda rows: predicted_classes(model, np.asarray(rows, np.float32))


@pytest.fixture(scope="module")
def petal():
    return _train(SPEC)


@pytest.fixture(scope="module")
def sepal():
    return _train(ModelSpec(epochs=30, seed=3, region_features="sepal"))


@pytest.mark.slow
def test_the_grid_has_the_right_shape_and_axes(petal):
    regions, _ = petal
    assert regions.pair == "petal" and regions.feature_indices == (2, 3)
    assert regions.feature_names == (FEATURE_NAMES[2], FEATURE_NAMES[3])
    assert len(regions.x) == len(regions.y) == GRID_SIZE
    assert np.array(regions.classes).shape == (GRID_SIZE, GRID_SIZE)
    assert all(type(c) is int for row in regions.classes for c in row)  # pickles plainly
    x, y = region_axes("petal", iris_split(SPEC.seed))
    assert regions.x == pytest.approx(x.tolist()) and regions.y == pytest.approx(y.tolist())
    assert regions.held_at == pytest.approx(iris_split(SPEC.seed).x_train.mean(axis=0).tolist())


@pytest.mark.slow
def test_the_grid_is_the_trained_models_own_prediction(petal):
    regions, predict = petal
    rows = grid_rows("petal", np.array(regions.held_at), np.array(regions.x), np.array(regions.y))
    assert predict(rows).reshape(GRID_SIZE, GRID_SIZE).tolist() == regions.classes
    assert len({c for row in regions.classes for c in row}) >= 2  # it separates, not one class


@pytest.mark.slow
def test_the_cell_nearest_each_test_row_is_what_the_model_says_there(petal):
    regions, predict = petal
    x, y = np.array(regions.x), np.array(regions.y)
    for row in iris_split(SPEC.seed).x_test:
        i, j = np.abs(x - row[2]).argmin(), np.abs(y - row[3]).argmin()
        point = np.array(regions.held_at, np.float32)
        point[2], point[3] = x[i], y[j]
        assert regions.classes[j][i] == predict(point[None, :])[0]


@pytest.mark.slow
def test_the_pair_in_the_link_changes_which_features_vary(petal, sepal):
    regions, predict = sepal
    assert regions.feature_indices == (0, 1)
    assert regions.feature_names == ("sepal length (cm)", "sepal width (cm)")
    rows = grid_rows("sepal", np.array(regions.held_at), np.array(regions.x), np.array(regions.y))
    assert np.ptp(rows[:, 0]) > 0 and np.ptp(rows[:, 1]) > 0
    assert np.ptp(rows[:, 2]) == 0 and np.ptp(rows[:, 3]) == 0  # petals held at the means
    assert predict(rows).reshape(GRID_SIZE, GRID_SIZE).tolist() == regions.classes
    assert regions.x != petal[0].x  # another feature's range


def test_the_bytes_sweep_and_file_report_do_not_depend_on_the_regions_pair():
    # Files are the same whatever pair the regions show: no second sweep for another pair.
    from components.engine.job_keys import file_report_key, sweep_key

    sepal = ModelSpec(region_features="sepal")
    assert sweep_key(sepal) == sweep_key(ModelSpec())
    assert file_report_key(sepal) == file_report_key(ModelSpec())
