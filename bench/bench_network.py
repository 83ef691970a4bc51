"""What playing a training back costs the server, per slider move: the network figure, the
heatmaps and the decision regions at a snapshot, for the seed's model and a 6 x 512.

    python -m bench.bench_network

Each figure's build time (median of 9) and its JSON as Streamlit sends it, beside the seed's
own ``model.fit`` measured in the same run (bench/baselines.py) and the first screen's
training curves figure. Weights are random of the right shapes: sizes and times depend on
shapes, not values.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import plotly.io as pio

from bench.baselines import baseline_in_subprocess
from components.charts.figures import training_figure
from components.charts.network_figures import network_figure
from components.charts.weight_figures import layer_cells
from components.core.forward import class_predictor
from components.core.params import summarize
from components.core.regions import decision_regions
from components.core.snapshots import LayerWeights, WeightSnapshot
from components.core.spec import ModelSpec
from components.core.split import dataset_split

MODELS = {"seed (32, 16)": ModelSpec(), "6 x 512": ModelSpec(widths=(512,) * 6)}


def random_snapshot(spec: ModelSpec) -> WeightSnapshot:
    rng = np.random.default_rng(0)
    layers, fan_in = [], spec.data.n_features
    for row in summarize(spec).rows:
        if row.kind == "Dense":
            shapes = {"kernel": (fan_in, row.units), "bias": (row.units,)}
            fan_in = row.units
        elif row.kind == "BatchNormalization":
            names = ("gamma", "beta", "moving_mean", "moving_variance")
            shapes = dict.fromkeys(names, (row.units,))
        else:
            continue
        arrays = {n: rng.standard_normal(s).astype(np.float32) * 0.1 for n, s in shapes.items()}
        if "moving_variance" in arrays:
            arrays["moving_variance"] = np.abs(arrays["moving_variance"]) + 1
        layers.append(LayerWeights(row.name, arrays))
    return WeightSnapshot(0, tuple(layers))


def timed(make, repeat: int = 9) -> tuple[float, object]:
    made, times = None, []
    for _ in range(repeat):
        started = time.perf_counter()
        made = make()
        times.append(time.perf_counter() - started)
    return statistics.median(times), made


def json_bytes(figure) -> int:
    return len(pio.to_json(figure.to_dict(), validate=False).encode())


def main() -> None:
    fit = baseline_in_subprocess("worker")
    history = {key: list(np.linspace(1, 0, 100)) for key in ("loss", "accuracy")}
    history |= {"test_" + key: values for key, values in history.items()}
    curves_s, curves = timed(lambda: training_figure(history, 100))
    print(f"baseline: training curves figure {curves_s * 1e3:.2f} ms, {json_bytes(curves):,} B")
    for name, spec in MODELS.items():
        snapshot = random_snapshot(spec)
        split = dataset_split(spec.dataset, spec.seed)
        net_s, net = timed(lambda spec=spec, s=snapshot: network_figure(spec, s))
        cells_s, cells = timed(lambda spec=spec, s=snapshot: layer_cells(spec, s))
        cells_bytes = [json_bytes(c.figure) for c in cells]
        regions_s, _ = timed(
            lambda spec=spec, s=snapshot, split=split: decision_regions(
                spec.region_features, split, class_predictor(spec, s), spec.dataset
            ),
            repeat=7,
        )
        move = net_s + regions_s
        print(
            f"{name}: network figure {net_s * 1e3:.2f} ms, {json_bytes(net):,} B "
            f"({net_s / curves_s:.1f}x the curves' time)"
        )
        print(
            f"{name}: heatmaps {cells_s * 1e3:.2f} ms, {sum(cells_bytes):,} B in all, "
            f"the largest layer {max(cells_bytes):,} B"
        )
        print(f"{name}: regions at a snapshot (2,500 rows forward) {regions_s * 1e3:.1f} ms")
        if fit:
            print(
                f"{name}: a Network slider move, network + regions: {move * 1e3:.1f} ms, "
                f"{move / fit:.1%} of the seed's fit ({fit:.2f} s)"
            )


if __name__ == "__main__":
    main()
