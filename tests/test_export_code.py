"""Take it home: the plain Keras script of the current model.

Fast: the script parses for many random specs, its layers, optimizer and settings are the
spec's, and the page shows it for a link. Slow: the script RUNS (a subprocess, plain
``model.fit``), and its printed ``count_params()`` and ``model.keras`` size are Keras's and the
app's own trained file's.
"""

from __future__ import annotations

import ast
import itertools
import os
import random
import re
import subprocess
import sys
from dataclasses import replace
from urllib.parse import parse_qs, urlparse

import pytest

from components.core.datasets import DATASETS
from components.core.export_code import (
    BYTES_LINE,
    OPTIMIZER_CLASSES,
    PARAMS_LINE,
    SCRIPT_NAME,
    keras_script,
)
from components.core.model_link import spec_from_query, spec_to_query
from components.core.params import layer_rows, summarize
from components.core.spec import (
    ACTIVATIONS,
    MAX_BATCH,
    MAX_EPOCHS,
    MAX_L2,
    MAX_LAYERS,
    MAX_LR,
    MAX_SEED,
    MAX_WIDTH,
    MIN_LR,
    N_CLASSES,
    OPTIMIZERS,
    ModelSpec,
)
from tests.helpers import app_test

SCRIPT_TIMEOUT_S = 300  # a cold TensorFlow import plus two epochs, on 2 busy cores


def random_specs(count: int, seed: int = 12) -> list[ModelSpec]:
    rng = random.Random(seed)
    return [
        ModelSpec(
            widths=tuple(rng.randint(1, MAX_WIDTH) for _ in range(rng.randint(1, MAX_LAYERS))),
            batchnorm=rng.random() < 0.5,
            dropout=rng.choice([0.0, 0.05, 0.2, 0.35000000000000003, 0.8]),
            optimizer=rng.choice(OPTIMIZERS),
            learning_rate=rng.choice([MIN_LR, 0.00015, 0.001, 0.1, MAX_LR]),
            epochs=rng.randint(1, MAX_EPOCHS),
            batch_size=rng.randint(1, MAX_BATCH),
            seed=rng.randint(0, MAX_SEED),
            activations=tuple(rng.choice(ACTIVATIONS) for _ in range(MAX_LAYERS)),
            l2=rng.choice([0.0, 0.0, 1e-4, 0.01, MAX_L2]),
        )
        for _ in range(count)
    ]


def calls(tree: ast.AST, name: str) -> list[ast.Call]:
    """Every call of ``...name(...)`` in the script, in order."""
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
    ]


def keywords(call: ast.Call) -> dict:
    """Literal keywords as values, a call (a regularizer) as its source."""
    return {
        kw.arg: ast.unparse(kw.value)
        if isinstance(kw.value, ast.Call)
        else ast.literal_eval(kw.value)
        for kw in call.keywords
    }


def assignments(tree: ast.Module) -> dict:
    """The script's top-level ``NAME = literal`` settings."""
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
    }


def layers_in(tree: ast.AST) -> list[tuple[str, str, tuple, dict]]:
    """(kind, name, positional args, keywords) of each layer in the Sequential's list."""
    (sequential,) = calls(tree, "Sequential")
    return [
        (
            call.func.attr,
            keywords(call)["name"],
            tuple(map(ast.literal_eval, call.args)),
            keywords(call),
        )
        for call in sequential.args[0].elts
    ]


@pytest.mark.parametrize("spec", random_specs(150))
def test_the_script_is_python_with_the_specs_layers_optimizer_and_settings(spec):
    tree = ast.parse(keras_script(spec))
    compile(tree, SCRIPT_NAME, "exec")
    layers = layers_in(tree)
    assert layers[0][:2] == ("Input", "features")
    expected = [(row.kind, row.name) for row in layer_rows(spec)]
    assert [(kind, name) for kind, name, *_ in layers[1:]] == expected
    dense = [
        (args[0], kw.get("activation", "linear")) for kind, _, args, kw in layers if kind == "Dense"
    ]
    assert dense == [*zip(spec.widths, spec.activations, strict=True), (N_CLASSES, "softmax")]
    decays = [
        call for call in calls(tree, "L2") if ast.unparse(call.func) == "keras.regularizers.L2"
    ]
    assert [ast.literal_eval(call.args[0]) for call in decays] == (
        [spec.l2] * (len(spec.widths) + 1) if spec.l2 else []
    )
    rates = {args[0] for kind, _, args, _ in layers if kind == "Dropout"}
    assert rates == ({spec.dropout} if spec.dropout > 0 else set())
    (optimizer,) = calls(tree, OPTIMIZER_CLASSES[spec.optimizer])
    assert keywords(optimizer) == {"learning_rate": spec.learning_rate, "name": spec.optimizer}
    settings = assignments(tree)
    assert (settings["SEED"], settings["EPOCHS"], settings["BATCH_SIZE"]) == (
        spec.seed,
        spec.epochs,
        spec.batch_size,
    )


def named(call: ast.Call) -> dict[str, str]:
    """The call's keywords whose value is a bare name (``epochs=EPOCHS``): name by keyword."""
    return {kw.arg: kw.value.id for kw in call.keywords if isinstance(kw.value, ast.Name)}


@pytest.mark.parametrize(
    "spec",
    [
        replace(spec, dataset=name, region_features=None)
        for spec, name in zip(random_specs(40, seed=5), itertools.cycle(DATASETS), strict=False)
    ],
)
def test_the_script_trains_splits_and_seeds_with_its_settings(spec):
    """The settings at the top are the ones used: fit's epochs and batch, every split's seed
    (``random_state=SEED``, not ``SEED + 1``) and the global seed."""
    tree = ast.parse(keras_script(spec))
    (fit,) = [call for call in calls(tree, "fit") if getattr(call.func.value, "id", "") == "model"]
    assert named(fit)["epochs"] == "EPOCHS" and named(fit)["batch_size"] == "BATCH_SIZE"
    splits = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "train_test_split"
    ]
    assert splits and all(named(split)["random_state"] == "SEED" for split in splits)
    assert all(named(split)["stratify"] == "y" for split in splits)
    (seeding,) = calls(tree, "set_random_seed")
    assert [arg.id for arg in seeding.args] == ["SEED"]


def test_every_link_optimizer_has_a_keras_class():
    assert set(OPTIMIZER_CLASSES) == set(OPTIMIZERS)


def open_export(query: dict):
    """The page for ``query`` with the Code tab open."""
    return app_test(query | {"tab": "Code"}).run()


@pytest.mark.usefixtures("fake_engine")
def test_the_page_shows_the_links_model_as_code_with_a_download():
    at = open_export({"h1": "64", "h2": "24", "opt": "rmsprop", "lr": "0.01", "bn": "false"})
    assert not at.exception and not at.error
    (code,) = at.main.code
    script = code.value
    assert "keras.layers.Dense(64, " in script and "keras.layers.Dense(24, " in script
    assert 'keras.optimizers.RMSprop(learning_rate=0.01, name="rmsprop")' in script
    assert "BatchNormalization" not in script
    spec = ModelSpec(widths=(64, 24), optimizer="rmsprop", learning_rate=0.01, batchnorm=False)
    assert script == keras_script(spec).rstrip("\n")  # st.code drops the final newline
    assert [b for b in at.main.get("download_button") if SCRIPT_NAME in b.proto.label]
    assert any("model.fit" in m.value for m in at.markdown)


@pytest.mark.usefixtures("fake_engine")
def test_a_closed_tab_adds_no_code_block_and_the_share_link_stays_first():
    at = app_test({"h1": "64"}).run()
    assert not at.exception
    assert not any(h.value == "Take it home" for h in at.subheader)
    assert not at.main.code
    assert not [b for b in at.get("download_button") if SCRIPT_NAME in b.proto.label]
    assert at.code[0].value.endswith("?h1=64")


# ---------------------------------------------------------------- slow: the script runs

RUN_SPECS = [
    ModelSpec(widths=(7,), batchnorm=False, dropout=0.0, optimizer="sgd", learning_rate=0.05),
    ModelSpec(widths=(40, 33, 9, 5, 3, 2), optimizer="adamw", dropout=0.35, seed=12345),
    ModelSpec(widths=(129, 17, 6), batchnorm=True, optimizer="rmsprop", learning_rate=1e-05),
    ModelSpec(widths=(3, 300), batchnorm=False, dropout=0.5, optimizer="adagrad", seed=7),
    ModelSpec(widths=(8, 6, 5), activations=("gelu", "sigmoid", "tanh"), l2=0.01, seed=2),
    ModelSpec(widths=(10, 6), dataset="wine"),  # loaded, split and standardized the app's way
    ModelSpec(widths=(10, 6), dataset="digits"),
]


def run_script(script: str, folder) -> str:
    """Run ``script`` as a user would (its own process, ``folder`` as cwd); its stdout."""
    (folder / SCRIPT_NAME).write_text(script)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    done = subprocess.run(
        [sys.executable, SCRIPT_NAME],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT_S,
    )
    (folder / "stderr.txt").write_text(done.stderr)
    tail = "\n".join(done.stderr.splitlines()[-15:])
    assert done.returncode == 0, f"{SCRIPT_NAME} failed:\n{tail}"
    return done.stdout


def printed(stdout: str, label: str) -> int:
    return int(re.search(rf"^{re.escape(label)} (\d+)$", stdout, re.MULTILINE).group(1))


@pytest.mark.slow
@pytest.mark.parametrize(
    "spec", RUN_SPECS, ids=lambda s: f"{s.dataset}-{len(s.widths)}-{s.optimizer}"
)
def test_the_script_runs_and_matches_keras_and_the_apps_trained_file(spec, tmp_path):
    from components.worker.serialization import keras_file_content
    from components.worker.training import train

    short = replace(spec, epochs=2)
    stdout = run_script(keras_script(short), tmp_path)
    assert printed(stdout, PARAMS_LINE) == summarize(short).total
    saved = (tmp_path / "model.keras").stat().st_size
    assert printed(stdout, BYTES_LINE) == saved
    accuracy = float(re.search(r"^test accuracy: ([\d.]+)$", stdout, re.MULTILINE).group(1))
    assert 0.0 <= accuracy <= 1.0
    epochs_run = re.findall(r"^Epoch (\d+)/(\d+)$", stdout, re.MULTILINE)
    assert epochs_run[-1] == (str(short.epochs), str(short.epochs))  # fit ran them all
    model, _ = train(short)
    assert saved == len(keras_file_content(model))  # the file the page offers: its length


def header_of(spec: ModelSpec) -> dict[str, str]:
    """The script's docstring lines of the form ``Name: value``."""
    lines = ast.get_docstring(ast.parse(keras_script(spec))).splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line)


@pytest.mark.parametrize("spec", [ModelSpec(), *random_specs(20, seed=9)])
def test_the_scripts_header_link_reopens_its_model(spec):
    header = header_of(spec)
    assert header["Hidden layers"] == " -> ".join(map(str, spec.widths))
    if spec == ModelSpec():
        assert header["Link"] == "(the default link: the seed's model)"
        return
    reopened = spec_from_query(parse_qs(urlparse(header["Link"]).query))
    assert reopened.notices == [] and spec_to_query(reopened.spec) == spec_to_query(spec)
    assert (reopened.spec.widths, reopened.spec.seed) == (spec.widths, spec.seed)


def test_the_scripts_header_names_the_data_it_trains_on():
    assert "Dataset" not in header_of(ModelSpec())
    assert header_of(ModelSpec(dataset="wine"))["Dataset"] == "Wine"
