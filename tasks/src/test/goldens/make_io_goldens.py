"""Goldens for the EEG/MAT readers (issue 3), made once with MNE 1.3, scipy and h5py.

Run with Debian's Python:  /usr/bin/python3 tasks/src/test/goldens/make_io_goldens.py
Reads ../shared/data/real (relative to the repository root) and writes small .json/.npy files to
tasks/src/test/resources/golden/io/. Tests read those files; they never run Python.

Values are stated in the units eeg.read writes: volts for voltage channels, the file's own unit
for other channels (MNE converts BrainVision µS to S; we keep µS), the integer code for trigger
channels (BDF Status masked to 16 bits; an EDF trigger channel's physical value).
"""
import json
import os
import struct

import h5py
import mne
import numpy as np
import scipy.io
import scipy.signal

mne.set_log_level("ERROR")
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
REAL = os.path.abspath(os.path.join(REPO, "..", "shared", "data", "real"))
OUT = os.path.join(REPO, "tasks", "src", "test", "resources", "golden", "io")
SLICE = 32  # samples per slice: the first, middle and last SLICE samples of every channel


def events_from_codes(codes, sfreq):
    """MNE find_events (consecutive='increasing') on an integer code vector."""
    info = mne.create_info(["STI"], sfreq, ["stim"])
    raw = mne.io.RawArray(codes[np.newaxis, :].astype(float), info, verbose=False)
    ev = mne.find_events(raw, stim_channel="STI", consecutive="increasing", verbose=False)
    return [[int(s), str(int(v))] for s, _, v in ev]


def write(name, data, sfreq, names, events, extra=None):
    n = data.shape[1]
    mid = max(0, n // 2 - SLICE // 2)
    starts = [0, mid, max(0, n - SLICE)]
    slices = np.concatenate([data[:, s:s + SLICE] for s in starts], axis=1)
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(slices, dtype=np.float64))
    doc = {
        "sfreq": float(sfreq),
        "n_samples": int(n),
        "channel_names": list(names),
        "slice_starts": starts,
        "slice_length": SLICE,
        "mean": data.mean(axis=1).tolist(),
        "std": data.std(axis=1).tolist(),
        "min": data.min(axis=1).tolist(),
        "max": data.max(axis=1).tolist(),
        "events": events,
    }
    doc.update(extra or {})
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, indent=1)


def edf_physionet():
    raw = mne.io.read_raw_edf(os.path.join(REAL, "eeg/physionet-eegmmidb/S001R04.edf"), preload=True)
    sf = raw.info["sfreq"]
    ev = [[int(round(a["onset"] * sf)), a["description"], int(round(a["duration"] * sf))] for a in raw.annotations]
    write("S001R04", raw.get_data(), sf, raw.ch_names, ev)


def edf_stim():
    path = os.path.join(REAL, "eeg/mne-python/test_edf_stim_channel.edf")
    raw = mne.io.read_raw_edf(path, preload=True, stim_channel=None)
    data = raw.get_data().copy()
    i = raw.ch_names.index("DIG DTRIG")
    data[i] = np.round(data[i] / 1e-6)  # the physical value in the file's unit (uV)
    write("test_edf_stim_channel", data, raw.info["sfreq"], raw.ch_names,
          events_from_codes(data[i].astype(np.int64), raw.info["sfreq"]), {"trigger": "DIG DTRIG"})


def bdf(rel, name):
    raw = mne.io.read_raw_bdf(os.path.join(REAL, rel), preload=True)
    data = raw.get_data().copy()
    i = raw.ch_names.index("Status")
    data[i] = np.bitwise_and(data[i].astype(np.int64), 0xFFFF)
    write(name, data, raw.info["sfreq"], raw.ch_names,
          events_from_codes(data[i].astype(np.int64), raw.info["sfreq"]), {"trigger": "Status"})


def brainvision():
    path = os.path.join(REAL, "eeg/mne-python/brainvision/test.vhdr")
    raw = mne.io.read_raw_brainvision(path, preload=True)
    data = raw.get_data().copy()
    units = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("Ch") and "=" in line:
            fields = line.split("=", 1)[1].rstrip("\n").split(",")
            units[fields[0]] = fields[3].strip() if len(fields) > 3 and fields[3].strip() else "µV"
    factors = mne.io.brainvision.brainvision._unit_dict
    for k, ch in enumerate(raw.ch_names):
        u = units[ch]
        if u not in ("V", "mV", "µV", "uV", "nV"):
            data[k] /= factors.get(u, 1.0)  # back to the unit the file states
    sf = raw.info["sfreq"]
    ev = [[int(round(a["onset"] * sf)), a["description"]] for a in raw.annotations]
    write("brainvision_test", data, sf, raw.ch_names, ev, {"units": [units[c] for c in raw.ch_names]})


def eeglab():
    raw = mne.io.read_raw_eeglab(os.path.join(REAL, "eeg/eeglab/eeglab_data.set"), preload=True)
    sf = raw.info["sfreq"]
    ev = [[int(round(a["onset"] * sf)), a["description"]] for a in raw.annotations]
    write("eeglab_data", raw.get_data(), sf, raw.ch_names, ev)


def mat_eeg():
    m = scipy.io.loadmat(os.path.join(REAL, "mat/mne-python/test_bdf_eeglab.mat"))
    data = m["data"].astype(np.float64) * 1e-6
    write("test_bdf_eeglab_mat", data, 2048.0, ["ch%d" % (i + 1) for i in range(data.shape[0])], [])


def hypnogram():
    ann = mne.read_annotations(os.path.join(REAL, "eeg/physionet-sleep-edfx/SC4001EC-Hypnogram.edf"))
    doc = {"annotations": [[float(a["onset"]), float(a["duration"]), a["description"]] for a in ann]}
    with open(os.path.join(OUT, "SC4001EC-Hypnogram.json"), "w") as f:
        json.dump(doc, f, indent=1)


def mat_files():
    doc = {}
    t = scipy.io.loadmat(os.path.join(REAL, "mat/nmed-t/tempoHz.mat"))["tempoHz"]
    doc["tempoHz"] = {"dims": list(t.shape), "values": t.flatten(order="F").tolist()}
    p = scipy.io.loadmat(os.path.join(REAL, "mat/nmed-t/participantInfo.mat"))["participantInfo"]
    rows = []
    for k in range(p.shape[1]):
        e = p[0, k]
        rows.append({"id": str(e["id"][0]), "age": float(e["age"].flatten()[0]),
                     "nYearsTraining": float(e["nYearsTraining"].flatten()[0]),
                     "weeklyListening": float(e["weeklyListening"].flatten()[0])})
    doc["participantInfo"] = {"dims": list(p.shape), "elements": rows}
    with h5py.File(os.path.join(REAL, "mat/nmed-t/behavioralRatings.mat"), "r") as h:
        b = h["behavioralRatings"][()]  # h5py shape (2, 10, 20) = MATLAB 20 x 10 x 2 reversed
        doc["behavioralRatings"] = {"dims": list(b.shape[::-1]), "values": b.flatten(order="C").tolist()}
    with h5py.File(os.path.join(REAL, "mat/nmed-t/TapIt.mat"), "r") as h:
        o = h["allSongOrders"][()]
        doc["allSongOrders"] = {"dims": list(o.shape[::-1]), "values": o.flatten(order="C").tolist()}
        refs = h["allTappedResponse"][()]
        cells = []
        for r in refs.flatten(order="C"):
            v = np.asarray(h[r][()]).flatten()
            cells.append({"n": int(v.size), "first": float(v[0]) if v.size else None,
                          "last": float(v[-1]) if v.size else None, "sum": float(v.sum())})
        doc["allTappedResponse"] = {"dims": list(refs.shape[::-1]), "cells": cells}
    with open(os.path.join(OUT, "mat_files.json"), "w") as f:
        json.dump(doc, f, indent=1)


def edf_bytes(labels, spr, pmin, pmax, dmin, dmax, units, records, duration, reserved, data_per_record):
    """A minimal EDF file: header fields space-padded ASCII, samples int16 little-endian."""
    ns = len(labels)

    def f(v, w):
        s = str(v)
        assert len(s) <= w, (s, w)
        return s.ljust(w).encode("ascii")

    head = f("0", 8) + f("X X X X", 80) + f("Startdate 01-JAN-2020 X X X", 80) + f("01.01.20", 8) + f("10.00.00", 8)
    head += f(256 * (ns + 1), 8) + f(reserved, 44) + f(records, 8) + f(duration, 8) + f(ns, 4)
    for field, w in ((labels, 16), ([""] * ns, 80), (units, 8), (pmin, 8), (pmax, 8), (dmin, 8), (dmax, 8),
                     ([""] * ns, 80), (spr, 8), ([""] * ns, 32)):
        head += b"".join(f(v, w) for v in field)
    body = b"".join(b"".join(struct.pack("<%dh" % len(sig), *sig) for sig in rec) for rec in data_per_record)
    return head + body


def mixed_rates():
    """A 4-record EDF with signals at 64, 16 and 16 Hz (the last a trigger), and its expected upsampled data."""
    rng = np.random.default_rng(3)
    records, spr = 4, [64, 16, 16]
    recs = []
    for r in range(records):
        a = (1000 * np.sin(2 * np.pi * 5 * (np.arange(64) + 64 * r) / 64) + rng.normal(0, 50, 64)).astype(int)
        b = (800 * np.cos(2 * np.pi * 2 * (np.arange(16) + 16 * r) / 16) + rng.normal(0, 30, 16)).astype(int)
        t = np.zeros(16, int)
        t[[2, 3, 9]] = [5, 5, 7] if r % 2 == 0 else [0, 3, 3]
        recs.append([a.tolist(), b.tolist(), t.tolist()])
    raw = edf_bytes(["EEG A", "EEG B", "TRIG"], spr, [-3276.8, -3276.8, -32768], [3276.7, 3276.7, 32767],
                    [-32768] * 3, [32767] * 3, ["uV", "uV", ""], records, 1, "", recs)
    with open(os.path.join(OUT, "mixed_rates.edf"), "wb") as f:
        f.write(raw)
    gain = (3276.7 + 3276.8) / 65535.0
    off = -3276.8 - (-32768) * gain
    a = np.concatenate([np.array(r[0]) * gain + off for r in recs]) * 1e-6
    # lower-rate signal: scipy.signal.resample on each data record (FFT, real input)
    b = np.concatenate([scipy.signal.resample(np.array(r[1]) * gain + off, 64) for r in recs]) * 1e-6
    # trigger: sample-and-hold, output j takes input floor(j * 16 / 64)
    t = np.concatenate([np.array(r[2])[np.arange(64) * 16 // 64] for r in recs]).astype(float)
    data = np.vstack([a, b, t])
    np.save(os.path.join(OUT, "mixed_rates_expected.npy"), np.ascontiguousarray(data))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    edf_physionet()
    edf_stim()
    bdf("eeg/mne-python/test_bdf_stim_channel.bdf", "test_bdf_stim_channel")
    bdf("eeg/mne-python/test.bdf", "mne_test_bdf")
    bdf("eeg/eeglab/test.bdf", "eeglab_test_bdf")
    brainvision()
    eeglab()
    mat_eeg()
    hypnogram()
    mat_files()
    mixed_rates()
    print("wrote", sorted(os.listdir(OUT)))


# ---- small fixtures in MATLAB's own layouts, for formats the real files do not cover ----

def matlab_v73(path):
    """An HDF5 file with MATLAB's 512-byte user block header, as MATLAB -v7.3 writes it."""
    h = h5py.File(path, "w", userblock_size=512)
    return h


def finish_v73(path):
    head = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 ."
    head = head.ljust(116, b" ") + b"\x00" * 8 + b"\x00\x02" + b"IM"
    with open(path, "r+b") as f:
        f.write(head.ljust(512, b"\x00"))


def v73_char(h, group, name, text):
    d = group.create_dataset(name, data=np.array([[ord(c)] for c in text], dtype=np.uint16))
    d.attrs["MATLAB_class"] = np.bytes_("char")
    return d


def v73_double(group, name, array, compress=False):
    data = np.asarray(array, dtype=np.float64).T  # MATLAB dims reversed
    if compress:  # chunked and deflated, as MATLAB writes large variables
        d = group.create_dataset(name, data=data, chunks=(64, data.shape[1]), compression="gzip", compression_opts=9,
                                 shuffle=True)
    else:
        d = group.create_dataset(name, data=data)
    d.attrs["MATLAB_class"] = np.bytes_("double")
    return d


def v73_ref(h, value_writer):
    refs = h.require_group("#refs#")
    name = "r%d" % len(refs)
    d = value_writer(refs, name)
    return d.ref


def nmedt_signal(fs, seconds, channels=129):
    t = np.arange(int(fs * seconds)) / fs
    x = np.vstack([np.round(50 * np.sin(2 * np.pi * (3 + c % 7) * t + c)) for c in range(channels)])
    x[-1] = 0  # vertex reference row
    return x


NMEDT_DIN = [("D21", 10), ("D128", 150), ("D10", 250), ("D128", 300), ("DI3", 320)]


def nmedt_v73():
    path = os.path.join(OUT, "S01_1.mat")
    x = nmedt_signal(100, 3.5)
    with matlab_v73(path) as h:
        v73_double(h, "X", x, compress=True)
        v73_double(h, "fs", [[100.0]])
        # NetStation's MATLAB 4 x n cell {code; sample; duration; label}, stored transposed
        refs = np.empty((len(NMEDT_DIN), 4), dtype=h5py.ref_dtype)
        for k, (code, onset) in enumerate(NMEDT_DIN):
            refs[k, 0] = v73_ref(h, lambda g, n, c=code: v73_char(h, g, n, c))
            refs[k, 1] = v73_ref(h, lambda g, n, o=onset: v73_double(g, n, [[float(o)]]))
            refs[k, 2] = v73_ref(h, lambda g, n: v73_double(g, n, [[1.0]]))
            refs[k, 3] = v73_ref(h, lambda g, n: v73_char(h, g, n, "DIN_1"))
        d = h.create_dataset("DIN_1", data=refs)
        d.attrs["MATLAB_class"] = np.bytes_("cell")
    finish_v73(path)
    return x


def nmedt_v5():
    x = nmedt_signal(100, 2)
    din = np.empty((2, len(NMEDT_DIN)), dtype=object)
    for k, (code, onset) in enumerate(NMEDT_DIN):
        din[0, k] = code
        din[1, k] = float(onset)
    scipy.io.savemat(os.path.join(OUT, "S02_1.mat"), {"X": x, "fs": 100.0, "DIN_1": din}, do_compression=True)


def eeglab_embedded_v5():
    """eeglab_data's first 256 points with the data inside the .set (EEGLAB's one-file save)."""
    m = scipy.io.loadmat(os.path.join(REAL, "eeg/eeglab/eeglab_data.set"))  # struct arrays stay struct arrays
    eeg = m["EEG"]
    fdt = np.fromfile(os.path.join(REAL, "eeg/eeglab/eeglab_data.fdt"), dtype="<f4").reshape(30504, 32).T
    e = eeg[0, 0]
    e["data"] = fdt[:, :256].astype(np.float32)
    e["pnts"] = np.array([[256]], dtype=np.uint16)
    e["times"] = e["times"][:, :256]
    ev = e["event"]
    keep = [k for k in range(ev.shape[1]) if float(ev[0, k]["latency"][0, 0]) <= 256]
    e["event"] = ev[:, keep]
    scipy.io.savemat(os.path.join(OUT, "eeglab_embedded.set"), {"EEG": eeg}, do_compression=True)


def eeglab_v73():
    """The same 256 points as an EEGLAB -v7.3 dataset with its fields at the top level."""
    path = os.path.join(OUT, "eeglab_v73.set")
    m = scipy.io.loadmat(os.path.join(REAL, "eeg/eeglab/eeglab_data.set"), struct_as_record=False, squeeze_me=True)
    eeg = m["EEG"]
    fdt = np.fromfile(os.path.join(REAL, "eeg/eeglab/eeglab_data.fdt"), dtype="<f4").reshape(30504, 32).T
    with matlab_v73(path) as h:
        v73_double(h, "nbchan", [[32.0]])
        v73_double(h, "pnts", [[256.0]])
        v73_double(h, "trials", [[1.0]])
        v73_double(h, "srate", [[128.0]])
        d = h.create_dataset("data", data=fdt[:, :256].T.astype(np.float32))
        d.attrs["MATLAB_class"] = np.bytes_("single")
        locs = h.create_group("chanlocs")
        locs.attrs["MATLAB_class"] = np.bytes_("struct")
        labels = np.empty((32, 1), dtype=h5py.ref_dtype)  # a 1 x 32 struct array: one reference per element
        for c, loc in enumerate(eeg.chanlocs):
            labels[c, 0] = v73_ref(h, lambda g, n, t=str(loc.labels): v73_char(h, g, n, t))
        locs.create_dataset("labels", data=labels)
        events = [e for e in eeg.event if float(e.latency) <= 256]
        evg = h.create_group("event")
        evg.attrs["MATLAB_class"] = np.bytes_("struct")
        types = np.empty((len(events), 1), dtype=h5py.ref_dtype)
        lats = np.empty((len(events), 1), dtype=h5py.ref_dtype)
        for k, e in enumerate(events):
            types[k, 0] = v73_ref(h, lambda g, n, t=str(e.type): v73_char(h, g, n, t))
            lats[k, 0] = v73_ref(h, lambda g, n, v=float(e.latency): v73_double(g, n, [[v]]))
        evg.create_dataset("type", data=types)
        evg.create_dataset("latency", data=lats)
    finish_v73(path)
    return len(events)


if __name__ == "__main__":
    nmedt_v73()
    nmedt_v5()
    eeglab_embedded_v5()
    n = eeglab_v73()
    print("fixtures written; eeglab_v73 events:", n)
