#!/usr/bin/python3
"""Open what `cortexflow synth` writes in the reference tools and check it against the study's own tables.

  MNE      reads the BDF (channels, rate, Status events) and the EDF+ (channels, rate, annotations)
  nibabel  reads the NIfTI-1 runs and ground-truth maps (shape, affine, TR, units)
  h5py     reads the NMED-T-style MAT v7.3 files (X, fs, DIN_1 cell of references); scipy recognises
           them as v7.3 (its own loader stops there and points to HDF5 readers, as it does for MATLAB's)
  scipy    reads the WAV stimuli; the standard library reads the AU stimuli

Usage: /usr/bin/python3 bench/synth/check_reference_tools.py ROOT
where ROOT holds the studies made by bench/synth/check.sh: nmedt-bdf/ (with --mat), nmedt-edf/,
fmri/ and deap/ (all --size tiny). Exits non-zero on the first mismatch.
"""
import csv
import json
import os
import struct
import sys
import warnings

import h5py
import mne
import nibabel as nib
import numpy as np
import scipy.io
import scipy.io.wavfile

mne.set_log_level("ERROR")
warnings.simplefilter("ignore")
FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def tsv(path):
    with open(path, newline="") as f:
        text = f.read().replace("\r\n", "\n")
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def check_bdf(study):
    truth = json.load(open(os.path.join(study, "ground_truth.json")))
    for subject in truth["eeg"]["subjects"]:
        sid = subject["id"]
        base = os.path.join(study, sid, "eeg", sid + "_task-listen")
        raw = mne.io.read_raw_bdf(base + "_eeg.bdf", preload=True)
        channels = tsv(base + "_channels.tsv")
        check(raw.ch_names == [c["name"] for c in channels], f"{sid} BDF: MNE channel names = channels.tsv")
        check(raw.info["sfreq"] == truth["eeg"]["sfreq"], f"{sid} BDF: MNE sampling rate {raw.info['sfreq']}")
        check(raw.n_times == subject["samples"], f"{sid} BDF: {raw.n_times} samples")
        events = mne.find_events(raw, stim_channel="Status", shortest_event=1)
        expected = [(int(e["sample"]), int(e["value"])) for e in tsv(base + "_events.tsv")]
        check([(int(s), int(v)) for s, _, v in events] == expected, f"{sid} BDF: MNE find_events = events.tsv {expected}")
        eeg = raw.get_data(picks="eeg")
        rms = np.sqrt((eeg ** 2).mean()) * 1e6
        check(5 < rms < 200, f"{sid} BDF: EEG RMS {rms:.1f} uV (volts in MNE, microvolts in the file)")


def check_edf(study):
    truth = json.load(open(os.path.join(study, "ground_truth.json")))
    for subject in truth["eeg"]["subjects"]:
        sid = subject["id"]
        base = os.path.join(study, sid, "eeg", sid + "_task-listen")
        raw = mne.io.read_raw_edf(base + "_eeg.edf", preload=True)
        channels = tsv(base + "_channels.tsv")
        check(raw.ch_names == [c["name"] for c in channels], f"{sid} EDF+: MNE channel names = channels.tsv")
        check(raw.info["sfreq"] == truth["eeg"]["sfreq"], f"{sid} EDF+: MNE sampling rate")
        got = [(round(float(a["onset"]), 3), round(float(a["duration"]), 3), a["description"]) for a in raw.annotations]
        expected = [(round(float(e["onset"]), 3), round(float(e["duration"]), 3), e["value"]) for e in tsv(base + "_events.tsv")]
        check(got == expected, f"{sid} EDF+: MNE annotations = events.tsv {expected}")


def check_mat(study):
    truth = json.load(open(os.path.join(study, "ground_truth.json")))
    channels = len(truth["eeg"]["channels"])
    for subject in truth["eeg"]["subjects"]:
        sid = subject["id"]
        codes, samples = [], []
        bdf = mne.io.read_raw_bdf(os.path.join(study, subject["data_file"]), preload=True).get_data(picks="eeg") * 1e6
        for mat in subject["nmedt_mat"]:
            path = os.path.join(study, mat["file"])
            check(scipy.io.matlab.matfile_version(path) == (2, 0), f"{mat['file']}: scipy sees a MAT v7.3 file")
            try:
                scipy.io.loadmat(path)
                check(False, f"{mat['file']}: scipy.io.loadmat should refuse v7.3")
            except NotImplementedError as e:
                check("v7.3" in str(e), f"{mat['file']}: scipy.io.loadmat points to HDF5 readers")
            with h5py.File(path, "r") as h:
                check(h.userblock_size == 512, f"{mat['file']}: 512-byte MATLAB header")
                x = h["X"][()].T
                check(x.shape == (channels + 1, mat["samples"]), f"{mat['file']}: X is {x.shape} (channels + zero reference)")
                check(h["X"].attrs["MATLAB_class"] == b"single", f"{mat['file']}: X is single")
                check(not x[-1].any(), f"{mat['file']}: row {channels + 1} of X is all zeros")
                check(float(h["fs"][()].squeeze()) == truth["eeg"]["sfreq"], f"{mat['file']}: fs")
                first = mat["first_sample"]
                err = np.abs(x[:-1] - bdf[:, first:first + x.shape[1]]).max()
                check(err < 0.04, f"{mat['file']}: X equals the BDF's samples (max diff {err:.4f} uV)")
                din = h["DIN_1"]
                check(din.attrs["MATLAB_class"] == b"cell" and din.dtype == h5py.ref_dtype and din.shape[1] == 4,
                      f"{mat['file']}: DIN_1 is a 4 x N cell of references")
                for j in range(din.shape[0]):
                    codes.append("".join(chr(c) for c in h[din[j, 0]][()].ravel()))
                    samples.append(int(h[din[j, 1]][()].squeeze()) + first)
        for played in subject["stimuli"]:
            i = codes.index("DI" + played["stimulus"])
            check(codes[i + 1] == "D128" and samples[i + 1] - 1000 == played["onset_sample"],
                  f"{sid}: DIN_1 128 after song {played['stimulus']} minus 1 s = the true onset")


def check_wav_au(study):
    stim = tsv(os.path.join(study, "ground_truth", "stimuli.tsv"))
    for s in stim:
        path = os.path.join(study, s["file"])
        if path.endswith(".wav"):
            rate, data = scipy.io.wavfile.read(path)
        else:
            with open(path, "rb") as f:
                magic, offset, size, encoding, rate, nch = struct.unpack(">4sIIIII", f.read(24))
                f.seek(offset)
                data = np.frombuffer(f.read(size), dtype=">i2").reshape(-1, nch)
            check(magic == b".snd" and encoding == 3, f"{s['file']}: AU header (16-bit linear PCM)")
            wav = os.path.join(study, "stimuli", "wav", s["genre"], s["stimulus"] + ".wav")
            if os.path.exists(wav):
                wrate, wdata = scipy.io.wavfile.read(wav)
                check(wrate == rate and np.array_equal(wdata.reshape(data.shape), data),
                      f"stimuli/wav/{s['genre']}/{s['stimulus']}.wav: the same samples as the AU")
        n = data.shape[0]
        check(rate == int(s["sample_rate"]) and abs(n / rate - float(s["duration_s"])) < 1e-3,
              f"{s['file']}: {rate} Hz, {n / rate:.2f} s")


def check_fmri(study):
    truth = json.load(open(os.path.join(study, "ground_truth.json")))
    f = truth["fmri"]
    for subject in f["subjects"]:
        sid = subject["id"]
        for run, vols in f["volumes"].items():
            img = nib.load(os.path.join(study, sid, "func", f"{sid}_{run}_bold.nii.gz"))
            h = img.header
            check(img.shape == tuple(f["dims"]) + (vols,), f"{sid} {run}: nibabel shape {img.shape}")
            check(h.get_zooms() == (f["voxel_mm"],) * 3 + (f["tr_s"],), f"{sid} {run}: zooms {h.get_zooms()} (TR last)")
            check(h.get_xyzt_units() == ("mm", "sec"), f"{sid} {run}: units {h.get_xyzt_units()}")
            expected = np.diag([f["voxel_mm"]] * 3 + [1.0])
            expected[:3, 3] = [-(d - 1) / 2 * f["voxel_mm"] for d in f["dims"]]
            check(np.allclose(img.affine, expected) and int(h["sform_code"]) == 1 and int(h["qform_code"]) == 1,
                  f"{sid} {run}: affine (sform = qform, code 1)")
            check(img.get_data_dtype() == np.int16, f"{sid} {run}: int16 voxels")
            events = tsv(os.path.join(study, sid, "func", f"{sid}_{run}_events.tsv"))
            check(len(events) * 15 / f["tr_s"] == vols and list(events[0]) == ["onset", "duration", "genre", "track", "start", "end"],
                  f"{sid} {run}: events.tsv columns and length")
        roi = nib.load(os.path.join(study, subject["roi_file"]))
        labels = np.asarray(roi.dataobj)
        check(roi.shape == tuple(f["dims"]) and int((labels > 0).sum()) == sum(subject["roi_voxels"].values()),
              f"{sid}: ROI mask with {int((labels > 0).sum())} voxels")
        w = nib.load(os.path.join(study, subject["weights_file"]))
        check(w.shape == tuple(f["dims"]) + (len(f["regressors"]),), f"{sid}: weights map {w.shape}")


def check_deap(study):
    truth = json.load(open(os.path.join(study, "ground_truth.json")))
    for subject in truth["deap"]["subjects"]:
        sid = subject["id"]
        base = os.path.join(study, sid, "eeg", sid + "_task-music")
        raw = mne.io.read_raw_bdf(base + "_eeg.bdf", preload=True)
        check(raw.ch_names[:32] == truth["deap"]["channels"] and raw.info["sfreq"] == 128, f"{sid} DEAP BDF: 32 channels at 128 Hz")
        events = mne.find_events(raw, stim_channel="Status", shortest_event=1)
        expected = [(int(e["sample"]), int(e["value"])) for e in tsv(base + "_events.tsv")]
        check([(int(s), int(v)) for s, _, v in events] == expected, f"{sid} DEAP BDF: MNE find_events = events.tsv")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "bench/work/synth-check"
    print(f"mne {mne.__version__}, nibabel {nib.__version__}, h5py {h5py.__version__}, scipy {scipy.__version__}")
    check_bdf(os.path.join(root, "nmedt-bdf"))
    check_mat(os.path.join(root, "nmedt-bdf"))
    check_wav_au(os.path.join(root, "nmedt-bdf"))
    check_edf(os.path.join(root, "nmedt-edf"))
    check_fmri(os.path.join(root, "fmri"))
    check_wav_au(os.path.join(root, "fmri"))
    check_deap(os.path.join(root, "deap"))
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        sys.exit(1)
    print("all reference-tool checks passed")


if __name__ == "__main__":
    main()
