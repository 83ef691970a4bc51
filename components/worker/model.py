"""Build the seed post's MLP in Keras from a ModelSpec, on the spec's dataset.

Layer names and activations come from ``params.layer_rows`` so the formula table and
the Keras model line up row for row (and auto-generated names do not shift file bytes).
"""

from __future__ import annotations

import keras

from components.core.params import layer_rows
from components.core.spec import ModelSpec

LOSS = "sparse_categorical_crossentropy"


def build_model(spec: ModelSpec) -> keras.Model:
    """Dense (its activation; L2 on its kernel if the spec has it) [-> BatchNorm]
    [-> Dropout] ... -> softmax."""
    data = spec.data
    layers: list[keras.layers.Layer] = [keras.Input((data.n_features,), name="features")]
    for row in layer_rows(spec):
        if row.kind == "Dense":
            layers.append(
                keras.layers.Dense(
                    row.units,
                    activation=row.activation,
                    kernel_regularizer=keras.regularizers.L2(row.l2) if row.l2 else None,
                    name=row.name,
                )
            )
        elif row.kind == "BatchNormalization":
            layers.append(keras.layers.BatchNormalization(name=row.name))
        else:
            layers.append(keras.layers.Dropout(spec.dropout, name=row.name))
    return keras.Sequential(layers, name=data.model_name)  # iris_mlp for iris


def make_optimizer(spec: ModelSpec) -> keras.optimizers.Optimizer:
    """A Keras optimizer by its lowercase name, with Keras's defaults but the learning rate.

    Named explicitly: an auto name ("adam_1") would change the saved file's bytes.
    """
    config = {"learning_rate": spec.learning_rate, "name": spec.optimizer}
    return keras.optimizers.get({"class_name": spec.optimizer, "config": config})


def build_compiled(spec: ModelSpec) -> keras.Model:
    model = build_model(spec)
    model.compile(optimizer=make_optimizer(spec), loss=LOSS, metrics=["accuracy"])
    return model
