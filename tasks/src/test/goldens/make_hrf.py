#!/usr/bin/python3
"""Golden for org.cortexflow.tasks.synth.Hrf: SPM's canonical HRF (spm_hrf defaults [6 16 1 1 6 0 32]).

spm_hrf samples gamma densities at u*dt and divides by the sum, so the result is the difference of
gamma pdfs (shape 6 and 16, scale 1, ratio 1/6) on the grid 0, dt, ..., 32 s, normalised to unit sum.
Run with Debian's Python: /usr/bin/python3 tasks/src/test/goldens/make_hrf.py
"""
import os
import numpy as np
from scipy.stats import gamma

out = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "synth")
os.makedirs(out, exist_ok=True)
for dt, name in [(0.1, "hrf_dt0.1.npy"), (1.5 / 16, "hrf_dt0.09375.npy")]:
    t = np.arange(0, int(np.floor(32 / dt)) + 1) * dt
    h = gamma.pdf(t, 6) - gamma.pdf(t, 16) / 6
    h = h / h.sum()
    np.save(os.path.join(out, name), h.astype(np.float64))
    print(name, len(h), "peak at", t[np.argmax(h)], "s")
