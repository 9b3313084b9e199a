#!/usr/bin/python3
"""A small Keras 2 HDF5 model file and its activations, for teacher.embed's Keras import.

Debian 12 packages neither Keras nor TensorFlow (python3-keras has no candidate), so the file is
written with h5py in the layout keras.Model.save(..., save_format="h5") produces in Keras 2.4: the
model_config JSON attribute, keras_version and backend attributes, and model_weights/<layer>/
<layer>/kernel:0 datasets with layer_names and weight_names attributes. The reference activations
are computed with numpy from the same weights (Dense: x @ kernel + bias, then the activation).

Run once: /usr/bin/python3 tasks/src/test/goldens/make_keras_teacher.py
Writes tasks/src/test/resources/golden/models/keras_teacher.h5 and keras_teacher.npz.
"""
import json
import os

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "models")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(3)

N_IN, HIDDEN, EMB = 24, 12, 6   # input: a flat vector (mel-band statistics of 12 bands: 12 means, 12 SDs)


def dense(name, units, activation):
    return {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
        "use_bias": True,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None}}


config = {"class_name": "Sequential", "config": {"name": "teacher", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [None, N_IN], "dtype": "float32", "sparse": False,
                                            "ragged": False, "name": "features"}},
    dense("hidden", HIDDEN, "relu"),
    dense("embedding", EMB, "tanh")]}}

weights = {
    "hidden": (rng.normal(0, 0.4, (N_IN, HIDDEN)).astype(np.float32), rng.normal(0, 0.1, HIDDEN).astype(np.float32)),
    "embedding": (rng.normal(0, 0.4, (HIDDEN, EMB)).astype(np.float32), rng.normal(0, 0.1, EMB).astype(np.float32)),
}

path = os.path.join(OUT, "keras_teacher.h5")
with h5py.File(path, "w") as f:
    f.attrs["keras_version"] = b"2.4.0"
    f.attrs["backend"] = b"tensorflow"
    f.attrs["model_config"] = json.dumps(config).encode("utf-8")
    g = f.create_group("model_weights")
    g.attrs["keras_version"] = b"2.4.0"
    g.attrs["backend"] = b"tensorflow"
    g.attrs["layer_names"] = np.array([b"hidden", b"embedding"])
    for name, (kernel, bias) in weights.items():
        lg = g.create_group(name)
        lg.attrs["weight_names"] = np.array([f"{name}/kernel:0".encode(), f"{name}/bias:0".encode()])
        inner = lg.create_group(name)
        inner.create_dataset("kernel:0", data=kernel)
        inner.create_dataset("bias:0", data=bias)

x = rng.normal(0, 1, (5, N_IN)).astype(np.float32)
hidden = np.maximum(x @ weights["hidden"][0] + weights["hidden"][1], 0)
emb = np.tanh(hidden @ weights["embedding"][0] + weights["embedding"][1])
np.savez(os.path.join(OUT, "keras_teacher.npz"), x=x, hidden=hidden.astype(np.float32), embedding=emb.astype(np.float32))
print("wrote", os.path.abspath(path))
