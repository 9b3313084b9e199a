#!/usr/bin/python3
"""One PredANN training step in PyTorch 1.13 (CPU): the same SampleCNN2D as cortexflow's student,
CE + 0.05 * the official InfoNCE, Adam 3e-3, on random data. Prints one JSON line.
Usage: torch_step.py ARCH BATCH HEIGHT WIDTH ITERS WARMUP THREADS
"""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

arch, batch, h, w, iters, warm, threads = sys.argv[1], *map(int, sys.argv[2:8])
torch.set_num_threads(threads)
torch.manual_seed(42)
stride = (1, 1) if arch == "paper" else (2, 4)   # Architecture.COMPACT: 2 across channels, 4 along time


class SampleCNN2D(nn.Module):
    def __init__(self, classes=10, rep=100):
        super().__init__()
        layers, cin = [], 1
        for c in (32, 64, 128):
            layers += [nn.Conv2d(cin, c, 3, stride=stride, padding=1), nn.BatchNorm2d(c), nn.ReLU()]
            cin = c
        self.sequential = nn.Sequential(*layers)
        self.dropout = nn.Dropout(0.5)
        self.projector1 = nn.Sequential(nn.Linear(128, 100, bias=False), nn.BatchNorm1d(100), nn.ReLU(),
                                        nn.Linear(100, classes, bias=False))
        self.projector2 = nn.Sequential(nn.Linear(128, 100, bias=False), nn.BatchNorm1d(100), nn.ReLU(),
                                        nn.Linear(100, rep, bias=False))

    def forward(self, x):
        out = self.dropout(self.sequential(x.unsqueeze(1)))
        out = F.adaptive_avg_pool2d(out, (1, 1)).flatten(1)
        return self.projector1(out), self.projector2(out)


def infonce(z_i, z_j, t=0.5):
    b = z_i.shape[0]
    sim = F.cosine_similarity(z_i.unsqueeze(1), z_j.detach().unsqueeze(0), dim=2) / t
    labels = torch.arange(b)
    return (F.cross_entropy(sim, labels, reduction="sum") + F.cross_entropy(sim.t(), labels, reduction="sum")) / (2 * b)


m = SampleCNN2D()
opt = torch.optim.Adam(m.parameters(), lr=3e-3)
x = torch.randn(batch, h, w)
y = torch.arange(batch) % 10
zt = torch.randn(batch, 100)
walls, cpus = [], []
for it in range(warm + iters):
    t0, c0 = time.perf_counter(), time.process_time()
    opt.zero_grad()
    logits, z = m(x)
    loss = F.cross_entropy(logits, y) + 0.05 * infonce(z, zt)
    loss.backward()
    opt.step()
    if it >= warm:
        walls.append((time.perf_counter() - t0) * 1e3)
        cpus.append((time.process_time() - c0) * 1e3)
print(json.dumps({"peer": "pytorch", "arch": arch, "params": sum(p.numel() for p in m.parameters()),
                  "median_ms": round(statistics.median(walls), 1), "min_ms": round(min(walls), 1),
                  "cpu_ms": round(statistics.mean(cpus), 1), "torch": torch.__version__,
                  "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "")}))
