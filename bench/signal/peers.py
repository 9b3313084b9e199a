#!/usr/bin/python3
"""The peers of the signal benchmark, on the eeg artifact written by gen.py (data.npy float32).

    /usr/bin/python3 bench/signal/peers.py mne|scipy IN_DIR OUT_NPY

mne:   mne.filter.filter_data(0.5-40 Hz, FIR defaults) -> notch_filter(50 Hz, FIR defaults) ->
       mne.filter.resample(up=125, down=1000, npad='auto'), as a user calls them (defaults, n_jobs=1),
       then 3-s epochs with 50 % overlap (mne.make_fixed_length_epochs(duration=3, overlap=1.5)).
scipy: butter(4, [0.5, 40], 'bandpass', output='sos') + sosfiltfilt -> iirnotch(50, Q=30) + filtfilt ->
       resample_poly(x, 1, 8), then the same epochs cut with numpy (375 samples every 188).
OUT_NPY gets the resampled data (for comparison); the epochs go to OUT_NPY with -epochs.npy.
Prints one line of JSON: per-step seconds, the compute total, and the load + save seconds.
"""
import json
import sys
import time

import numpy as np

which, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
x = np.load(src + '/data.npy').astype(np.float64)  # MNE filters float64 only
sfreq = 1000.0
steps = {}
t_load = time.perf_counter() - t0
if which == 'mne':
    import mne
    mne.set_log_level('WARNING')
    t = time.perf_counter()
    x = mne.filter.filter_data(x, sfreq, 0.5, 40.0)
    steps['filter'] = time.perf_counter() - t
    t = time.perf_counter()
    x = mne.filter.notch_filter(x, sfreq, 50.0)
    steps['notch'] = time.perf_counter() - t
    t = time.perf_counter()
    y = mne.filter.resample(x, up=125.0, down=sfreq, npad='auto')
    steps['resample'] = time.perf_counter() - t
    t = time.perf_counter()
    raw = mne.io.RawArray(y, mne.create_info(y.shape[0], 125.0, 'eeg'))
    epochs = mne.make_fixed_length_epochs(raw, duration=3.0, overlap=1.5, preload=True).get_data()
    steps['epochs'] = time.perf_counter() - t
elif which == 'scipy':
    import scipy.signal as ss
    t = time.perf_counter()
    x = ss.sosfiltfilt(ss.butter(4, [0.5, 40.0], btype='bandpass', fs=sfreq, output='sos'), x, axis=-1)
    steps['filter'] = time.perf_counter() - t
    t = time.perf_counter()
    b, a = ss.iirnotch(50.0, 30.0, fs=sfreq)
    x = ss.filtfilt(b, a, x, axis=-1)
    steps['notch'] = time.perf_counter() - t
    t = time.perf_counter()
    y = ss.resample_poly(x, 1, 8, axis=-1)
    steps['resample'] = time.perf_counter() - t
    t = time.perf_counter()
    starts = range(0, y.shape[1] - 375 + 1, 188)
    epochs = np.stack([y[:, s:s + 375] for s in starts])
    steps['epochs'] = time.perf_counter() - t
else:
    raise SystemExit('peers.py: mne or scipy')
t = time.perf_counter()
np.save(dst, y.astype(np.float32))
np.save(dst[:-4] + '-epochs.npy', epochs.astype(np.float32))
t_save = time.perf_counter() - t
print(json.dumps({'steps': steps, 'compute_s': sum(steps.values()), 'load_s': t_load, 'save_s': t_save}))
