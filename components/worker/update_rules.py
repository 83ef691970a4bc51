"""Keras's optimizer updates, written on plain tensors of any shape.

Each rule is Keras 3's ``update_step`` for one optimizer, operation for operation
(``keras/src/optimizers/adam.py`` and friends), with its hyperparameters read from
the optimizer's own config. Written here because Keras's own code updates Keras
variables, whose shapes are fixed: tensors of unknown shape let one traced program
train every width. ``tests/test_fast_trainer.py`` proves each rule equal to Keras.

A rule takes ``(config, lr, step, weights, grads, slots)`` and returns the new
weights and slots; ``step`` is the optimizer's iteration count before this update.
"""

from __future__ import annotations

import tensorflow as tf

# Slot variables each optimizer keeps per trainable variable, as Keras names them.
SLOT_NAMES = {
    "Adam": ("momentum", "velocity"),
    "AdamW": ("momentum", "velocity"),
    "SGD": (),
    "RMSprop": ("velocity",),
    "Adagrad": ("accumulator",),
}

# Options these rules do not implement, with the only value they accept.
_PLAIN = {
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
    "amsgrad": False,
    "momentum": 0.0,
    "nesterov": False,
    "centered": False,
}


def check_supported(class_name: str, config: dict) -> None:
    """Raise ValueError for an optimizer or option the rules here do not implement."""
    if class_name not in SLOT_NAMES:
        raise ValueError(
            f"The fast trainer has no update rule for {class_name}; "
            f"it implements {', '.join(SLOT_NAMES)}."
        )
    for option, plain in _PLAIN.items():
        if option in config and config[option] != plain:
            raise ValueError(
                f"{class_name}({option}={config[option]!r}) is not implemented by the fast "
                f"trainer (it implements {option}={plain!r})."
            )
    if class_name != "AdamW" and config.get("weight_decay") is not None:
        raise ValueError(f"{class_name}(weight_decay=...) is not implemented by the fast trainer.")


def _adam(config, lr, step, weights, grads, slots):
    momentums, velocities = slots
    local_step = tf.cast(step + 1, tf.float32)
    beta_1_power = tf.pow(tf.constant(config["beta_1"], tf.float32), local_step)
    beta_2_power = tf.pow(tf.constant(config["beta_2"], tf.float32), local_step)
    alpha = lr * tf.sqrt(1 - beta_2_power) / (1 - beta_1_power)
    new_weights, new_m, new_v = [], [], []
    for w, g, m, v in zip(weights, grads, momentums, velocities, strict=True):
        m = m + (g - m) * (1 - config["beta_1"])
        v = v + (tf.square(g) - v) * (1 - config["beta_2"])
        new_weights.append(w - (m * alpha) / (tf.sqrt(v) + config["epsilon"]))
        new_m.append(m)
        new_v.append(v)
    return new_weights, [new_m, new_v]


def _adamw(config, lr, step, weights, grads, slots):
    # Keras decays every variable first (``_apply_weight_decay``), then runs Adam's step.
    decay = tf.constant(config["weight_decay"], tf.float32)
    decayed = [w - w * decay * lr for w in weights]
    return _adam(config, lr, step, decayed, grads, slots)


def _sgd(config, lr, step, weights, grads, slots):
    return [w - g * lr for w, g in zip(weights, grads, strict=True)], []


def _rmsprop(config, lr, step, weights, grads, slots):
    (velocities,) = slots
    rho = config["rho"]
    new_weights, new_v = [], []
    for w, g, v in zip(weights, grads, velocities, strict=True):
        v = rho * v + (1 - rho) * tf.square(g)
        new_weights.append(w - (lr * g) / tf.sqrt(v + config["epsilon"]))
        new_v.append(v)
    return new_weights, [new_v]


def _adagrad(config, lr, step, weights, grads, slots):
    (accumulators,) = slots
    new_weights, new_acc = [], []
    for w, g, acc in zip(weights, grads, accumulators, strict=True):
        acc = acc + tf.square(g)
        new_weights.append(w - (lr * g) / tf.sqrt(acc + config["epsilon"]))
        new_acc.append(acc)
    return new_weights, [new_acc]


RULES = {"Adam": _adam, "AdamW": _adamw, "SGD": _sgd, "RMSprop": _rmsprop, "Adagrad": _adagrad}
