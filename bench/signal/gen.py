#!/usr/bin/python3
"""Writes the benchmark input: an eeg artifact of 128 channels x 600 s at 1000 Hz (float32 data.npy,
293 MB; 586 MB as float64), EEG-like: pink-ish noise, alpha, 50 Hz line noise and slow drift.

    /usr/bin/python3 bench/signal/gen.py OUT_DIR [--channels 128] [--seconds 600] [--sfreq 1000]
"""
import argparse
import json
import os

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument('out')
ap.add_argument('--channels', type=int, default=128)
ap.add_argument('--seconds', type=float, default=600)
ap.add_argument('--sfreq', type=float, default=1000.0)
args = ap.parse_args()
n_ch, sfreq = args.channels, args.sfreq
n = int(round(args.seconds * sfreq))
os.makedirs(args.out, exist_ok=True)
rng = np.random.default_rng(2026)
t = np.arange(n) / sfreq
data = np.lib.format.open_memmap(os.path.join(args.out, 'data.npy'), mode='w+', dtype='<f4', shape=(n_ch, n))
for c in range(n_ch):
    white = rng.standard_normal(n)
    pink = np.cumsum(white) * 0.02
    pink -= np.linspace(pink[0], pink[-1], n)  # keep the random walk bounded
    x = (white + pink + 3 * np.sin(2 * np.pi * (9 + c % 4) * t + c) + 2 * np.sin(2 * np.pi * 50 * t)
         + 5 * np.sin(2 * np.pi * 0.05 * t + c))
    data[c] = (x * 1e-6).astype(np.float32)
data.flush()
del data
names = ['E%d' % (c + 1) for c in range(n_ch)]
with open(os.path.join(args.out, 'channels.tsv'), 'w') as f:
    f.write('name\ttype\tunit\n')
    for nm in names:
        f.write('%s\tEEG\tV\n' % nm)
with open(os.path.join(args.out, 'events.tsv'), 'w') as f:
    f.write('onset_sample\tduration_samples\tvalue\tdescription\n')
    for k in range(1, 10):
        f.write('%d\t0\t%d\tstimulus\n' % (k * 60 * int(sfreq), 20 + k))
meta = {'channel_names': names, 'duration_s': n / sfreq, 'kind': 'eeg', 'n_channels': n_ch, 'n_samples': n,
        'sfreq': sfreq, 'source': 'bench/signal/gen.py', 'unit': 'V'}
with open(os.path.join(args.out, 'meta.json'), 'w') as f:
    json.dump(meta, f, indent=2, sort_keys=True)
print('wrote %s: %d channels x %d samples (%.0f MiB float32, %.0f MiB as float64)'
      % (args.out, n_ch, n, n_ch * n * 4 / 2**20, n_ch * n * 8 / 2**20))
