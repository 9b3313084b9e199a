#!/usr/bin/env python3
"""One timed run of a peer on the benchmark's audio set: loads every clip's audio.npy, computes the
mel spectrogram (n_fft 2048, hop 512, 128 mels, Slaney scale and norm, power 2, centred reflect
padding, periodic Hann) and saves [n, 128, frames] float32 to OUT/spec.npy, as audio.spectrogram does.
Usage: peers.py numpy|torchaudio CLIPS_DIR OUT_DIR THREADS; prints one JSON line with the timing.
Imports, building the filterbank and one warm-up clip are not timed (the JVM side likewise runs
a warm-up before its timed run)."""
import json
import os
import sys
import time

import numpy as np

which, clips, out, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
SR, N_FFT, HOP, N_MELS = 22050, 2048, 512, 128
ids = [line.split("\t")[0] for line in open(os.path.join(clips, "clips.tsv")).read().splitlines()[1:]]


def load(cid):
    return np.load(os.path.join(clips, cid, "audio.npy"))[0]


if which == "numpy":
    import scipy.fft
    import scipy.signal

    def hz_to_mel(f):
        f = np.asarray(f, dtype=np.float64)
        lin = f / (200.0 / 3)
        return np.where(f >= 1000.0, 15.0 + np.log(np.maximum(f, 1e-12) / 1000.0) / (np.log(6.4) / 27.0), lin)

    def mel_to_hz(m):
        return np.where(m >= 15.0, 1000.0 * np.exp(np.log(6.4) / 27.0 * (m - 15.0)), m * 200.0 / 3)

    freqs = np.linspace(0, SR // 2, N_FFT // 2 + 1)
    pts = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SR / 2), N_MELS + 2))
    down = (freqs[None, :] - pts[:-2, None]) / (pts[1:-1] - pts[:-2])[:, None]
    up = (pts[2:, None] - freqs[None, :]) / (pts[2:] - pts[1:-1])[:, None]
    fb = (np.maximum(0, np.minimum(down, up)) * (2.0 / (pts[2:] - pts[:-2]))[:, None]).astype(np.float32)
    window = scipy.signal.get_window("hann", N_FFT, fftbins=True).astype(np.float32)

    def mel(x):
        xp = np.pad(x, N_FFT // 2, mode="reflect")
        frames = np.lib.stride_tricks.sliding_window_view(xp, N_FFT)[::HOP] * window
        spec = scipy.fft.rfft(frames, axis=1, workers=threads)
        power = spec.real ** 2 + spec.imag ** 2
        return fb @ power.T
else:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import torch
    import torchaudio

    torch.set_num_threads(threads)
    module = torchaudio.transforms.MelSpectrogram(sample_rate=SR, n_fft=N_FFT, hop_length=HOP, n_mels=N_MELS,
                                                  norm="slaney", mel_scale="slaney", power=2.0)

    def mel(x):
        with torch.no_grad():
            return module(torch.from_numpy(x)).numpy()

first = mel(load(ids[0]))
os.makedirs(out, exist_ok=True)
t0 = time.perf_counter()
result = np.empty((len(ids),) + first.shape, dtype=np.float32)
for i, cid in enumerate(ids):
    result[i] = mel(load(cid))
np.save(os.path.join(out, "spec.npy"), result)
wall = time.perf_counter() - t0
print(json.dumps({"peer": which, "clips": len(ids), "seconds": wall, "clips_per_s": len(ids) / wall}))
