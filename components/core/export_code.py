"""The current model as a stand-alone Python script: plain Keras, ``compile`` and ``fit``.

Pure Python: the script is text built from the spec, with the same layers, names,
activations, L2 weight decay, optimizer (name and learning rate), loss, metrics, dataset,
split, scaling and seed as ``components/worker/model.py``, ``components/core/params.py`` and
``components/core/split.py``.
Names matter: a saved file's bytes depend on them (an auto name such as ``adam_1`` differs).
"""

from __future__ import annotations

from urllib.parse import urlencode

from components.core.datasets import DEFAULT_DATASET, is_upload
from components.core.model_link import spec_to_query
from components.core.params import LayerRow, layer_rows
from components.core.spec import ModelSpec
from components.core.split import TEST_FRACTION

SCRIPT_NAME = "paramlab_model.py"
SAVED_NAME = "model.keras"
LOSS = "sparse_categorical_crossentropy"  # as components/worker/model.py compiles

# Keras's optimizer classes by the lowercase names the links use.
OPTIMIZER_CLASSES = {
    "adam": "Adam",
    "adamw": "AdamW",
    "sgd": "SGD",
    "rmsprop": "RMSprop",
    "adagrad": "Adagrad",
}

# Printed lines the script ends with: what it measured (tests read them back).
ACCURACY_LINE = "test accuracy:"
PARAMS_LINE = "model.count_params():"
BYTES_LINE = f"{SAVED_NAME} bytes:"


def keras_script(spec: ModelSpec) -> str:
    """A runnable script that builds, trains and saves ``spec``'s model with plain Keras."""
    return "\n".join(
        [
            _header(spec),
            _imports(spec),
            _settings(spec),
            _data(spec),
            _model(spec),
            _compile(spec),
            _fit_and_report(),
        ]
    )


def layer_line(row: LayerRow, dropout: float) -> str:
    """One Keras layer of the model, as ``components/worker/model.py`` builds it."""
    name = f'name="{row.name}"'
    if row.kind == "Dense":
        activation = f'activation="{row.activation}", ' if row.activation else ""
        decay = f"kernel_regularizer=keras.regularizers.L2({row.l2!r}), " if row.l2 else ""
        return f"keras.layers.Dense({row.units}, {activation}{decay}{name}),"
    if row.kind == "BatchNormalization":
        return f"keras.layers.BatchNormalization({name}),"
    return f"keras.layers.Dropout({dropout!r}, {name}),"


def _header(spec: ModelSpec) -> str:
    upload = is_upload(spec.dataset)
    query = spec_to_query(spec.with_dataset(DEFAULT_DATASET) if upload else spec)
    link = f"?{urlencode(query)}" if query else "(the default link: the seed's model)"
    if upload:
        link += " (on iris: a link cannot carry your CSV)"
    widths = " -> ".join(str(width) for width in spec.widths)
    data = "" if spec.dataset == "iris" else f"Dataset: {spec.data.title}\n"
    csv_step = "Set CSV_PATH below to your file, then run:\n" if upload else ""
    return (
        '"""Iris MLP Param Lab: your model, trained with plain Keras (compile, then fit).\n'
        "\n"
        f"Link: {link}\n"
        f"{data}"
        f"Hidden layers: {widths}\n"
        f"{csv_step}"
        "Run: pip install tensorflow scikit-learn && python paramlab_model.py\n"
        f"Prints the test accuracy and model.count_params(), saves {SAVED_NAME} and prints its\n"
        "size in bytes.\n"
        '"""\n'
    )


def _imports(spec: ModelSpec) -> str:
    scaler = "from sklearn.preprocessing import StandardScaler\n" if spec.data.scaled else ""
    upload = is_upload(spec.dataset)
    loader = "" if upload else f"from sklearn.datasets import {spec.data.loader}\n"
    return (
        ("import csv\n" if upload else "") + "import os\n"
        "\n"
        "import keras\n"
        "import numpy as np\n"
        f"{loader}"
        "from sklearn.model_selection import train_test_split\n"
        f"{scaler}"
    )


def _settings(spec: ModelSpec) -> str:
    return (
        f"SEED = {spec.seed}\n"
        f"EPOCHS = {spec.epochs}\n"
        f"BATCH_SIZE = {spec.batch_size}\n"
        "\n"
        "keras.utils.set_random_seed(SEED)  # initial weights, dropout masks, fit's shuffling\n"
    )


_IRIS_SPLIT_NOTE = (
    "# Iris, split 80/20, stratified and seeded: every class in both halves. (The last 20%\n"
    "# of iris, which validation_split=0.2 would take, is virginica alone.)\n"
)


def _data(spec: ModelSpec) -> str:
    """Iris exactly as before; another dataset split the same way, then standardized."""
    if is_upload(spec.dataset):
        return _csv_data(spec) + _split_note(spec) + _scaled_split()
    if not spec.data.scaled:
        return (
            f"{_IRIS_SPLIT_NOTE}"
            f"x, y = {spec.data.loader}(return_X_y=True)\n"
            "x_train, x_test, y_train, y_test = train_test_split(\n"
            "    x.astype(np.float32),\n"
            "    y.astype(np.int32),\n"
            f"    test_size={TEST_FRACTION!r},\n"
            "    stratify=y,\n"
            "    random_state=SEED,\n"
            ")\n"
        )
    return _split_note(spec) + f"x, y = {spec.data.loader}(return_X_y=True)\n" + _scaled_split()


def _csv_data(spec: ModelSpec) -> str:
    """Your CSV read as the page read it: the label column's classes in sorted order (numbers
    as numbers), every other column a number (a decimal comma too). The page also takes
    latin-1 files and names cells that look like formulas with a leading ', which this
    plain reader does not: it expects UTF-8 and the header as written."""
    table = spec.data.table
    assert table is not None, "an upload's script is written from its rows"
    return (
        f"CSV_PATH = {spec.data.title!r}  # your file\n"
        f"LABEL_COLUMN = {table.label_column!r}\n"
        "\n"
        'with open(CSV_PATH, newline="", encoding="utf-8-sig") as file:\n'
        "    text = file.read()\n"
        'dialect = csv.Sniffer().sniff(text[:10_000], delimiters=",;\\t")\n'
        "header, *rows = [\n"
        "    [cell.strip() for cell in row] for row in csv.reader(text.splitlines(), dialect)\n"
        "    if any(cell.strip() for cell in row)\n"
        "]\n"
        "label_index = header.index(LABEL_COLUMN)\n"
        "features = [i for i, name in enumerate(header) if i != label_index and name]\n"
        "labels = [row[label_index] for row in rows]\n"
        "try:  # number labels sort as numbers, 2 before 10\n"
        "    class_names = sorted(set(labels), key=float)\n"
        "except ValueError:\n"
        "    class_names = sorted(set(labels))\n"
        "x = np.array(\n"
        '    [[float(row[i].replace(",", ".")) for i in features] for row in rows], np.float32\n'
        ")\n"
        "y = np.array([class_names.index(label) for label in labels], np.int32)\n"
    )


def _split_note(spec: ModelSpec) -> str:
    return f"# {spec.data.title}, split 80/20, stratified and seeded: every class in both halves.\n"


def _scaled_split() -> str:
    return (
        "x_train, x_test, y_train, y_test = train_test_split(\n"
        f"    x, y, test_size={TEST_FRACTION!r}, stratify=y, random_state=SEED\n"
        ")\n"
        "# Standardized with the training rows' statistics only: the test rows stay unseen.\n"
        "scaler = StandardScaler().fit(x_train)\n"
        "x_train = scaler.transform(x_train).astype(np.float32)\n"
        "x_test = scaler.transform(x_test).astype(np.float32)\n"
        "y_train, y_test = y_train.astype(np.int32), y_test.astype(np.int32)\n"
    )


def _model(spec: ModelSpec) -> str:
    lines = [f'keras.Input(({spec.data.n_features},), name="features"),']
    lines += [layer_line(row, spec.dropout) for row in layer_rows(spec)]
    body = "".join(f"        {line}\n" for line in lines)
    return (
        "# Layers named explicitly: a saved file's bytes depend on names, not on weight values.\n"
        "model = keras.Sequential(\n"
        "    [\n"
        f"{body}"
        "    ],\n"
        f'    name="{spec.data.model_name}",\n'
        ")\n"
    )


def _compile(spec: ModelSpec) -> str:
    optimizer = OPTIMIZER_CLASSES[spec.optimizer]
    return (
        "model.compile(\n"
        f"    optimizer=keras.optimizers.{optimizer}("
        f'learning_rate={spec.learning_rate!r}, name="{spec.optimizer}"),\n'
        f'    loss="{LOSS}",\n'
        '    metrics=["accuracy"],\n'
        ")\n"
    )


def _fit_and_report() -> str:
    return (
        "model.fit(\n"
        "    x_train,\n"
        "    y_train,\n"
        "    epochs=EPOCHS,\n"
        "    batch_size=BATCH_SIZE,\n"
        "    validation_data=(x_test, y_test),\n"
        "    verbose=2,\n"
        ")\n"
        "\n"
        "test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)\n"
        f'print(f"{ACCURACY_LINE} {{test_accuracy:.4f}}")\n'
        f'print(f"{PARAMS_LINE} {{model.count_params()}}")\n'
        f'model.save("{SAVED_NAME}")\n'
        f"print(f\"{BYTES_LINE} {{os.path.getsize('{SAVED_NAME}')}}\")\n"
    )
