#!/usr/bin/python3
"""Goldens for the model code (org.cortexflow.tasks.models): PyTorch 1.13 (Debian python3-torch).

Run once with Debian's Python: /usr/bin/python3 tasks/src/test/goldens/make_models.py
Writes tasks/src/test/resources/golden/models/{losses,net_compact,net_paper}.npz.

- losses.npz: cross-entropy, PredANN's cross-modal InfoNCE (written as in
  JURIUENO11/PredANN codes_3s/predann/modules/predann_loss.py: concatenated rows, masked
  similarity matrix, CE summed over 2B rows / 2B), cosine (1 - cos) and MSE; values and
  gradients with respect to the EEG representation (the teacher side is detached).
- net_*.npz: the SampleCNN2D of the official code (sample_cnn2d_eeg.py) with small widths, its
  initial weights (under the Java names), one input batch, the train-mode outputs, the gradients
  of CE + lambda * InfoNCE, parameters and running statistics after two Adam steps, and the
  eval-mode outputs after them. Dropout is 0 here (its masks cannot match across frameworks).
"""
import os
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "models")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(7)
torch.set_default_dtype(torch.float64)


def predann_infonce(z_i, z_j, temperature):
    """The official loss, batch B, world size 1."""
    b = z_i.shape[0]
    n = 2 * b
    mask = torch.ones((n, n), dtype=bool)
    for i in range(b):
        mask[i, 0:b] = 0
        mask[i, b + i] = 0
        mask[b + i, i] = 0
        mask[b + i, b:n] = 0
    z = torch.cat((z_i, z_j.detach()), dim=0)
    sim = F.cosine_similarity(z.unsqueeze(1), z.unsqueeze(0), dim=2) / temperature
    pos = torch.cat((torch.diag(sim, b), torch.diag(sim, -b)), dim=0).reshape(n, 1)
    neg = sim[mask].reshape(n, -1)
    logits = torch.cat((pos, neg), dim=1)
    labels = torch.zeros(n).long()
    return F.cross_entropy(logits, labels, reduction="sum") / n


def cosine_loss(z, t):
    return (1 - F.cosine_similarity(z, t.detach(), dim=1)).mean()


def mse_loss(z, t):
    return F.mse_loss(z, t.detach())


def losses():
    b, d, k = 6, 5, 4
    z = torch.randn(b, d, requires_grad=True)
    t = torch.randn(b, d)
    logits = torch.randn(b, k, requires_grad=True)
    labels = torch.tensor([0, 1, 2, 3, 1, 2])
    out = {"z": z.detach(), "t": t, "logits": logits.detach(), "labels": labels.double()}
    ce = F.cross_entropy(logits, labels)
    ce.backward()
    out["ce"] = ce.detach().reshape(1)
    out["ce_grad"] = logits.grad.clone()
    for name, fn in [("infonce", lambda: predann_infonce(z, t, 0.5)), ("cosine", lambda: cosine_loss(z, t)),
                     ("mse", lambda: mse_loss(z, t))]:
        z.grad = None
        v = fn()
        v.backward()
        out[name] = v.detach().reshape(1)
        out[name + "_grad"] = z.grad.clone()
    np.savez(os.path.join(OUT, "losses.npz"), **{k: v.numpy().astype(np.float64) for k, v in out.items()})


class SampleCNN2D(nn.Module):
    """sample_cnn2d_eeg.py with configurable widths and stride (height, width)."""

    def __init__(self, widths, stride, hidden, classes, rep, dropout):
        super().__init__()
        layers = []
        cin = 1
        for c in widths:
            layers += [nn.Conv2d(cin, c, 3, stride=stride, padding=1), nn.BatchNorm2d(c), nn.ReLU()]
            cin = c
        self.sequential = nn.Sequential(*layers)
        self.dropout = nn.Dropout(dropout)
        self.projector1 = nn.Sequential(nn.Linear(cin, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(),
                                        nn.Linear(hidden, classes, bias=False))
        self.projector2 = nn.Sequential(nn.Linear(cin, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(),
                                        nn.Linear(hidden, rep, bias=False))

    def forward(self, x):
        out = self.sequential(x.unsqueeze(1))
        out = self.dropout(out)
        out = F.adaptive_avg_pool2d(out, (1, 1)).flatten(1)
        return self.projector1(out), self.projector2(out)


def java_names(m):
    """torch state-dict names -> the Java network's names."""
    names = {}
    for i in range(3):
        names[f"sequential.{3 * i}.weight"] = f"conv{i}.weight"
        names[f"sequential.{3 * i}.bias"] = f"conv{i}.bias"
        names[f"sequential.{3 * i + 1}.weight"] = f"bn{i}.weight"
        names[f"sequential.{3 * i + 1}.bias"] = f"bn{i}.bias"
        names[f"sequential.{3 * i + 1}.running_mean"] = f"bn{i}.running_mean"
        names[f"sequential.{3 * i + 1}.running_var"] = f"bn{i}.running_var"
    for p, j in [("projector1", "cls"), ("projector2", "rep")]:
        names[f"{p}.0.weight"] = f"{j}.fc.weight"
        names[f"{p}.1.weight"] = f"{j}.bn.weight"
        names[f"{p}.1.bias"] = f"{j}.bn.bias"
        names[f"{p}.1.running_mean"] = f"{j}.bn.running_mean"
        names[f"{p}.1.running_var"] = f"{j}.bn.running_var"
        names[f"{p}.3.weight"] = f"{j}.out.weight"
    return names


def network(name, stride, h, w):
    widths, hidden, classes, rep, n = (4, 6, 8), 7, 3, 5, 4
    torch.manual_seed(11 + stride[0])
    m = SampleCNN2D(widths, stride, hidden, classes, rep, 0.0)
    names = java_names(m)
    out = {}
    for k, v in m.state_dict().items():
        if k in names:
            out["init." + names[k]] = v.clone()
    x = torch.randn(n, h, w)
    labels = torch.tensor([0, 1, 2, 1])
    targets = torch.randn(n, rep)
    lam, temperature = 0.7, 0.5
    out.update({"x": x, "labels": labels.double(), "targets": targets,
                "lambda": torch.tensor([lam]), "temperature": torch.tensor([temperature]),
                "spec": torch.tensor([stride[0], h, w, classes, rep, hidden, *widths]).double()})
    opt = torch.optim.Adam(m.parameters(), lr=3e-3)
    m.train()
    for step in range(2):
        opt.zero_grad()
        logits, z = m(x)
        loss = F.cross_entropy(logits, labels) + lam * predann_infonce(z, targets, temperature)
        loss.backward()
        if step == 0:
            out["train.logits"] = logits.detach().clone()
            out["train.z"] = z.detach().clone()
            out["train.loss"] = loss.detach().reshape(1)
            for k, p in m.named_parameters():
                out["grad." + names[k]] = p.grad.clone()
        opt.step()
    for k, v in m.state_dict().items():
        if k in names:
            out["after." + names[k]] = v.clone()
    m.eval()
    with torch.no_grad():
        logits, z = m(x)
    out["eval.logits"] = logits
    out["eval.z"] = z
    np.savez(os.path.join(OUT, f"net_{name}.npz"), **{k: v.numpy().astype(np.float64) for k, v in out.items()})


losses()
network("compact", (2, 4), 6, 23)   # Architecture.COMPACT: stride 2 across channels, 4 along time
network("paper", (1, 1), 5, 9)
print("torch", torch.__version__, "->", os.path.abspath(OUT))
