#!/usr/bin/env python3
"""Writes the spectrogram benchmark input: an audio set of N clips x 30 s at 22.05 kHz, mono float32
(tones, a chirp and noise, seeded), laid out as audio.read writes a set (clips.tsv + one
directory per clip with audio.npy and meta.json). Usage: gen.py OUTDIR [N] [SECONDS]"""
import json
import os
import sys

import numpy as np

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
sr = 22050
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(4)
t = np.arange(int(seconds * sr)) / sr
rows = ["id\tstimulus\tsource"]
for i in range(n):
    f0 = 110.0 * 2 ** (i % 24 / 12)
    x = 0.3 * np.sin(2 * np.pi * f0 * t) + 0.1 * np.sin(2 * np.pi * (200 + 3000 * t / seconds) * t)
    x += 0.05 * rng.standard_normal(t.size)
    cid = f"clip{i:03d}"
    d = os.path.join(out, cid)
    os.makedirs(d, exist_ok=True)
    np.save(os.path.join(d, "audio.npy"), x.astype(np.float32)[None, :])
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump({"kind": "audio", "sample_rate": sr, "n_channels": 1, "n_samples": int(t.size),
                   "duration_s": t.size / sr, "source": "bench/spectrogram/gen.py"}, f, indent=2, sort_keys=True)
    rows.append(f"{cid}\t{cid}\tgen.py")
with open(os.path.join(out, "clips.tsv"), "w") as f:
    f.write("\n".join(rows) + "\n")
print(f"wrote {n} clips x {seconds} s at {sr} Hz to {out}")
