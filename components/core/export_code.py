"""The current model as a stand-alone Python script: plain Keras, ``compile`` and ``fit``.

Pure Python: the script is text built from the spec, with the same layers, names,
activations, optimizer (name and learning rate), loss, metrics, dataset, split, scaling and
seed as ``components/worker/model.py``, ``components/core/params.py`` and
``components/core/data.py``.
Names matter: a saved file's bytes depend on them (an auto name such as ``adam_1`` differs).
"""

from __future__ import annotations

from urllib.parse import urlencode

from components.core.data import TEST_FRACTION
from components.core.params import LayerRow, layer_rows
from components.core.spec import ModelSpec, spec_to_query

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
        return f"keras.layers.Dense({row.units}, {activation}{name}),"
    if row.kind == "BatchNormalization":
        return f"keras.layers.BatchNormalization({name}),"
    return f"keras.layers.Dropout({dropout!r}, {name}),"


def _header(spec: ModelSpec) -> str:
    query = spec_to_query(spec)
    link = f"?{urlencode(query)}" if query else "(the default link: the seed's model)"
    widths = " -> ".join(str(width) for width in spec.widths)
    data = "" if spec.dataset == "iris" else f"Dataset: {spec.data.title}\n"
    return (
        '"""Iris MLP Param Lab: your model, trained with plain Keras (compile, then fit).\n'
        "\n"
        f"Link: {link}\n"
        f"{data}"
        f"Hidden layers: {widths}\n"
        "Run: pip install tensorflow scikit-learn && python paramlab_model.py\n"
        f"Prints the test accuracy and model.count_params(), saves {SAVED_NAME} and prints its\n"
        "size in bytes.\n"
        '"""\n'
    )


def _imports(spec: ModelSpec) -> str:
    scaler = "from sklearn.preprocessing import StandardScaler\n" if spec.data.scaled else ""
    return (
        "import os\n"
        "\n"
        "import keras\n"
        "import numpy as np\n"
        f"from sklearn.datasets import {spec.data.loader}\n"
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
    return (
        f"# {spec.data.title}, split 80/20, stratified and seeded: every class in both halves.\n"
        f"x, y = {spec.data.loader}(return_X_y=True)\n"
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
