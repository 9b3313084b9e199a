"""Goldens for eeg.epoch and eeg.normalize.

Run once with Debian's Python: /usr/bin/python3 tasks/src/test/goldens/make_epochs.py
- mne_*: mne.Epochs (MNE 1.3) with baseline (None, 0), peak-to-peak reject and flat, on a float32 raw
- split_*: sklearn.model_selection.train_test_split(stratify=..., random_state=...) test masks
- predann_*: an independent restatement of the official PredANN segmentation arithmetic
  (JURIUENO11/PredANN codes_3s/.../preprocessing_eegmusic_dataset_3s.py, codes_7s evaluation crops)
- robust_*: sklearn.preprocessing.RobustScaler / StandardScaler per epoch and channel, then clamp
"""
import json
import os

import mne
import numpy as np
import sklearn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import RobustScaler, StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "epochs")
os.makedirs(OUT, exist_ok=True)
info = {"mne": mne.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__}

# ---- MNE event-locked epochs ---------------------------------------------------------------
rng = np.random.default_rng(7)
sfreq = 250.0
n = 3001
t = np.arange(n) / sfreq
raw = 10e-6 * rng.standard_normal((4, n)) + 20e-6 * np.sin(2 * np.pi * 10 * t)[None, :] + 5e-6
raw[1] += 30e-6  # an offset for the baseline to remove
raw[2, 1500:1510] += 300e-6  # an artifact on EEG channel 3: the epoch around sample 1550 is rejected
raw[3, 2000:2050] += 900e-6  # a blink on the EOG channel: ignored by reject={'eeg': ...}
raw[0, 2400:2600] = raw[0, 2400]  # a flat stretch on channel 1: the epoch around 2450 is flat
raw = raw.astype(np.float32)
np.save(os.path.join(OUT, "mne_raw.npy"), raw)
ch_names = ["Fz", "Cz", "Pz", "EOG1"]
mraw = mne.io.RawArray(raw.astype(np.float64), mne.create_info(ch_names, sfreq, ["eeg", "eeg", "eeg", "eog"]), verbose=False)
# onset samples and values: 20 (too early for tmin), 2990 (too late), 99 = not selected
events = np.array([[20, 0, 21], [300, 0, 21], [555, 0, 22], [800, 0, 99], [1100, 0, 22], [1550, 0, 21],
                   [1900, 0, 22], [2030, 0, 21], [2450, 0, 22], [2700, 0, 21], [2990, 0, 22]])
np.save(os.path.join(OUT, "mne_events.npy"), events.astype(np.int64))
ep = mne.Epochs(mraw, events, event_id={"21": 21, "22": 22}, tmin=-0.2, tmax=0.5, baseline=(None, 0),
                reject={"eeg": 150e-6}, flat={"eeg": 1e-6}, preload=True, verbose=False)
np.save(os.path.join(OUT, "mne_epochs.npy"), ep.get_data())
mne_case = {
    "tmin": -0.2, "tmax": 0.5, "baseline": [None, 0], "reject": {"eeg": 150e-6}, "flat": {"eeg": 1e-6},
    "selection": ep.selection.tolist(), "kept_onsets": ep.events[:, 0].tolist(),
    "drop_log": [list(r) for r in ep.drop_log], "ch_names": ch_names, "ch_types": ["eeg", "eeg", "eeg", "eog"],
}
# the same without baseline, to pin the window arithmetic alone
ep2 = mne.Epochs(mraw, events, event_id={"21": 21, "22": 22}, tmin=-0.1, tmax=0.3, baseline=None, preload=True,
                 verbose=False)
np.save(os.path.join(OUT, "mne_epochs_nobaseline.npy"), ep2.get_data())
mne_case["nobaseline"] = {"tmin": -0.1, "tmax": 0.3, "kept_onsets": ep2.events[:, 0].tolist(),
                          "drop_log": [list(r) for r in ep2.drop_log]}

# ---- stratified split ----------------------------------------------------------------------
splits = []
for name, labels, seed, test_size in [
        ("predann_1600", np.repeat(np.tile(np.arange(10), 20), 8), 42, 0.25),
        ("uneven", np.array([0] * 7 + [1] * 5 + [2] * 3 + [3] * 9 + [1] * 4), 0, 0.25),
        ("uneven_seed7", np.array([2, 0, 1, 1, 0, 2, 2, 1, 0, 0, 1, 2, 2, 2, 0, 1, 1]), 7, 0.3),
        ("ties", np.array([0] * 5 + [1] * 5 + [2] * 5 + [3] * 5 + [4] * 5), 42, 0.25)]:
    idx = np.arange(len(labels))
    _, test = train_test_split(idx, test_size=test_size, random_state=seed, stratify=labels)
    mask = np.zeros(len(labels), dtype=np.int64)
    mask[test] = 1
    splits.append({"name": name, "labels": labels.tolist(), "seed": seed, "test_size": test_size,
                   "test": mask.tolist()})

# ---- PredANN segmentation, restated -----------------------------------------------------------
# Two subjects, three songs; in each subject's continuous recording the songs start at these
# samples (125 Hz). The official code slices per-song pickles that begin at the song onset:
#   chunk c      eeg[:, int(c*(125*30) + 0.125*shifting_time) : int((c+1)*(125*30) + 0.125*shifting_time)]
#   window w     [int(w*stride) : int(w*stride + window_size)] inside the chunk (SW_valid)
#   crop j       3-s crops at a 1-s hop inside the window (codes_7s: (L-375)/125 + 1 crops)
#   split        train_test_split(df, test_size=0.25, random_state=42, stratify=df.song) over the
#                chunks, rows ordered by sorted '{subject}_{song}_1.pkl' names, 8 chunks each
fs, shifting_time, chunk_s, n_chunks = 125, 200, 30, 8
window_size, stride, crop, hop = 1000, 200, 375, 125
songs = [21, 22, 23]
onsets = {"01": {21: 500, 22: 31500, 23: 62900}, "02": {22: 250, 21: 30600, 23: 61000}}
rows = []
for subject in sorted(onsets):
    for song in songs:
        rows.append((f"{subject}_{song}_1", subject, songs.index(song)))
rows.sort()  # the official file list is sorted by pickle name
rows = [r for r in rows for _ in range(n_chunks)]  # 8 chunk rows per (subject, song), chunk = row % 8
chunk_of = [i % n_chunks for i in range(len(rows))]
song_of = np.array([r[2] for r in rows])
_, test_rows = train_test_split(np.arange(len(rows)), test_size=0.25, random_state=42, stratify=song_of)
test_rows = set(test_rows.tolist())
n_windows = int((chunk_s * fs - window_size) / stride + 1)
n_crops = (window_size - crop) // hop + 1
chunks = []
for i, (name, subject, song_idx) in enumerate(rows):
    song = songs[song_idx]
    onset = onsets[subject][song]
    c = chunk_of[i]
    start = onset + int(c * (fs * chunk_s) + 0.125 * shifting_time)
    stop = onset + int((c + 1) * (fs * chunk_s) + 0.125 * shifting_time)
    entry = {"subject": subject, "stimulus": str(song), "chunk": c, "start": start, "stop": stop,
             "split": "test" if i in test_rows else "train"}
    if entry["split"] == "test":
        entry["crops"] = [[start + int(w * stride) + j * hop for j in range(n_crops)] for w in range(n_windows)]
        # audio seconds for the first sample of each crop: audio chunk starts at c*30 s, no delay on audio
        entry["audio_onsets"] = [[c * chunk_s + (int(w * stride) + j * hop) / fs for j in range(n_crops)]
                                 for w in range(n_windows)]
    chunks.append(entry)
predann = {"onsets": {s: {str(k): v for k, v in d.items()} for s, d in onsets.items()}, "songs": songs,
           "chunks": chunks, "n_windows": n_windows, "n_crops": n_crops}

# ---- robust scaling and z-scores per epoch and channel ---------------------------------------------
x = (rng.standard_normal((3, 5, 375)) * 20e-6).astype(np.float32)
x[0, 1, 10] = 5e-3      # an outlier that the robust scale ignores and the clamp cuts
x[1, 2, :] = 7e-6       # a constant channel: IQR 0 -> scale 1 (sklearn), centred at the median
x[2, 3, :] = np.where(np.arange(375) % 4 == 0, 1e-6, 0).astype(np.float32)  # IQR 0 with spread: scale 1
x[2, 4, :200] += 1e-4   # skewed channel
np.save(os.path.join(OUT, "robust_in.npy"), x)
rob = np.empty(x.shape)
zsc = np.empty(x.shape)
for e in range(x.shape[0]):
    for c in range(x.shape[1]):
        v = x[e, c].astype(np.float64).reshape(-1, 1)
        rob[e, c] = RobustScaler().fit_transform(v).ravel()
        zsc[e, c] = StandardScaler().fit_transform(v).ravel()
np.save(os.path.join(OUT, "robust_out.npy"), np.clip(rob, -20, 20))
np.save(os.path.join(OUT, "robust_out_noclamp.npy"), rob)
np.save(os.path.join(OUT, "zscore_out.npy"), zsc)

with open(os.path.join(OUT, "cases.json"), "w") as f:
    json.dump({"versions": info, "mne": mne_case, "splits": splits, "predann": predann}, f)
print("mne kept", ep.events[:, 0].tolist(), "drop_log", ep.drop_log)
print("nobaseline kept", ep2.events[:, 0].tolist())
