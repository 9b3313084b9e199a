#!/usr/bin/python3
"""Two small ONNX networks and their activations, for teacher.embed's ONNX import (SameDiff).

onnx_teacher.onnx takes mel-band statistics of 64 bands (64 means, then 64 SDs) as a [n, 1, 2, 64]
image (dynamic batch): Conv2d 1->4 over (1, 5) bands, ReLU, Flatten, Linear 512->16, ReLU,
Linear 16->8, tanh (graph output 'embedding'), Linear 8->4 (graph output 'logits').
onnx_teacher_flat.onnx takes the 128 values as a flat [1, 128] vector with a fixed batch of 1:
Linear 128->8, ReLU, Linear 8->4.

Both are exported with torch.onnx.export (PyTorch 1.13, opset 13), which names intermediate
values after the module scope ('/conv/Conv_output_0', '/Relu_1_output_0', '/1/Relu_output_0');
Linear layers become Gemm nodes with a bias input. The reference activations are PyTorch's own,
for five random inputs, flattened per input in row-major order.

Run once: /usr/bin/python3 tasks/src/test/goldens/make_onnx_teacher.py
Writes tasks/src/test/resources/golden/models/onnx_teacher.onnx, onnx_teacher_flat.onnx and
onnx_teacher.npz (x, conv, hidden, embedding, logits, flat_hidden, flat_out).
"""
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "models")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(5)


class Teacher(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, (1, 5), padding=(0, 2))
        self.hidden = torch.nn.Linear(4 * 2 * 64, 16)
        self.emb = torch.nn.Linear(16, 8)
        self.out = torch.nn.Linear(8, 4)

    def forward(self, x):
        h = torch.relu(self.hidden(torch.relu(self.conv(x)).flatten(1)))
        e = torch.tanh(self.emb(h))
        return self.out(e), e


class Flat(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(128, 8)
        self.out = torch.nn.Linear(8, 4)

    def forward(self, x):
        h = torch.relu(self.hidden(x))
        return self.out(h), h


teacher = Teacher().eval()
flat = Flat().eval()
seen = {}
teacher.conv.register_forward_hook(lambda m, i, o: seen.__setitem__("conv", o))
teacher.hidden.register_forward_hook(lambda m, i, o: seen.__setitem__("hidden", torch.relu(o)))
x = torch.randn(5, 128)
with torch.no_grad():
    logits, emb = teacher(x.reshape(5, 1, 2, 64))
    conv, hidden = seen["conv"], seen["hidden"]
    flat_out, flat_hidden = flat(x)
    torch.onnx.export(teacher, x[:2].reshape(2, 1, 2, 64), os.path.join(OUT, "onnx_teacher.onnx"),
                      input_names=["features"], output_names=["logits", "embedding"], opset_version=13,
                      dynamic_axes={"features": {0: "n"}, "logits": {0: "n"}, "embedding": {0: "n"}})
    torch.onnx.export(torch.nn.Sequential(flat.hidden, torch.nn.ReLU(), flat.out), x[:1],
                      os.path.join(OUT, "onnx_teacher_flat.onnx"), input_names=["features"], output_names=["out"],
                      opset_version=13)


def rows(t):
    return t.reshape(t.shape[0], -1).numpy().astype(np.float32)


np.savez(os.path.join(OUT, "onnx_teacher.npz"), x=x.numpy().astype(np.float32), conv=rows(conv), hidden=rows(hidden),
         embedding=rows(emb), logits=rows(logits), flat_hidden=rows(flat_hidden), flat_out=rows(flat_out))
for f in ("onnx_teacher.onnx", "onnx_teacher_flat.onnx", "onnx_teacher.npz"):
    print(f, os.path.getsize(os.path.join(OUT, f)))
