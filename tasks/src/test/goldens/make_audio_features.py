#!/usr/bin/python3
"""Golden for org.cortexflow.tasks.synth.AudioFeatures: envelope and spectral flux, written with numpy.

Input: a deterministic 3-s mono test signal at 8 kHz (tones with a 4-Hz amplitude modulation, a noise
burst, silence), int16. Output: the features at 1000 Hz as the class defines them:
  envelope[k] = sqrt(mean(x^2 over the 10-ms window centred on round(k * sr / fr))) ** 0.6, zero padded
  flux[t]     = sum over bins of max(0, log1p(1000 |X_t| / sum(w)) - log1p(1000 |X_t-1| / sum(w))),
                X_t the rfft of the periodic-Hann-windowed frame centred on t * hop (hop 10 ms,
                window a power of two near 23 ms), flux[0] = 0, then linearly interpolated to fr.
The Java class keeps the mono samples as float32 for the STFT, so the reference does too.
Run with Debian's Python: /usr/bin/python3 tasks/src/test/goldens/make_audio_features.py
"""
import os
import numpy as np

sr, fr = 8000, 1000.0
n = 3 * sr
t = np.arange(n) / sr
rng = np.random.default_rng(7)
x = 0.3 * np.sin(2 * np.pi * 440 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))
x += 0.2 * np.sin(2 * np.pi * 1250 * t) * (t > 1.0)
x[int(1.5 * sr):int(1.8 * sr)] += 0.25 * rng.standard_normal(int(0.3 * sr))
x[int(2.4 * sr):] = 0
pcm = np.clip(np.round(x * 32767), -32768, 32767).astype("<i2")
mono = pcm.astype(np.float64) / 32768.0

frames = int(np.floor(n * fr / sr))
w_env = int(round(0.010 * sr))
env = np.zeros(frames)
for k in range(frames):
    c = int(round(k * sr / fr))
    s0, s1 = c - w_env // 2, c - w_env // 2 + w_env
    seg = mono[max(0, s0):min(s1, n)]
    env[k] = np.sqrt(np.sum(seg ** 2) / w_env) ** 0.6

p = 1 << (int(round(0.023 * sr)).bit_length() - 1)
N = p if p * 2 > 0.023 * sr * 1.5 else p * 2
hop = int(round(sr / 100.0))
w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N) / N)
m32 = mono.astype(np.float32).astype(np.float64)
T = n // hop + 1
flux = np.zeros(T)
prev = None
for i in range(T):
    start = i * hop - N // 2
    frame = np.zeros(N)
    for j in range(N):
        if 0 <= start + j < n:
            frame[j] = m32[start + j]
    log = np.log1p(1000 * np.abs(np.fft.rfft(frame * w)) / w.sum())
    flux[i] = 0 if prev is None else np.maximum(0, log - prev).sum()
    prev = log
out = np.zeros(frames)
for k in range(frames):
    pos = (k / fr) * sr / hop
    i = int(np.floor(pos))
    a = pos - i
    out[k] = flux[min(i, T - 1)] + a * (flux[min(i + 1, T - 1)] - flux[min(i, T - 1)])

d = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "synth")
os.makedirs(d, exist_ok=True)
np.save(os.path.join(d, "features_input_8k.npy"), pcm)
np.save(os.path.join(d, "features_1k.npy"), np.stack([env, out]))
print("fft size", N, "hop", hop, "frames", frames)
