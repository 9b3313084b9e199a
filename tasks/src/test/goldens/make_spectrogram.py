"""Goldens for audio.spectrogram: torchaudio 0.13 transforms run in float64 (default dtype float64) on deterministic signals.

Run once with Debian's Python: /usr/bin/python3 tasks/src/test/goldens/make_spectrogram.py
Writes tasks/src/test/resources/golden/spectrogram/{signals.npy, CASE.npy, cases.json}.
"""
import json
import os

import numpy as np
import torch
import torchaudio

# float64 throughout: torchaudio builds its windows and mel filters with the default dtype
torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "golden", "spectrogram")
os.makedirs(OUT, exist_ok=True)

rng = np.random.default_rng(20240604)
n = 7919  # odd (prime) length
t = np.arange(n) / 16000.0
signals = {
    "noise": 0.3 * rng.standard_normal(n),
    "sines": 0.5 * np.sin(2 * np.pi * 440.0 * t) + 0.05 * np.sin(2 * np.pi * 3150.0 * t + 0.3),
    # linear chirp 50 Hz -> 7 kHz over the signal, for a 16 kHz rate
    "chirp": 0.8 * np.sin(2 * np.pi * (50.0 * t + 0.5 * (7000.0 - 50.0) / t[-1] * t * t)),
}
names = list(signals)
stack = np.stack([signals[k] for k in names]).astype(np.float32)
np.save(os.path.join(OUT, "signals.npy"), stack)

cases = []


def run(name, module, post=None):
    module = module.double()
    outs = []
    for i in range(len(names)):
        x = torch.from_numpy(stack[i].astype(np.float64))
        y = module(x)
        if post is not None:
            y = post(y)
        outs.append(y.numpy())
    arr = np.stack(outs)
    np.save(os.path.join(OUT, name + ".npy"), arr)
    return list(arr.shape)


T = torchaudio.transforms

c = dict(sample_rate=22050, n_fft=512, hop_length=256, win_length=512, n_mels=64, f_min=0.0, f_max=11025.0,
         norm="slaney", mel_scale="slaney", power=2.0)
cases.append(dict(name="mel_slaney_power", kind="mel", **c,
                  shape=run("mel_slaney_power", T.MelSpectrogram(**c))))

c = dict(sample_rate=16000, n_fft=512, hop_length=160, win_length=400, n_mels=40, f_min=20.0, f_max=7600.0,
         norm=None, mel_scale="htk", power=1.0)
cases.append(dict(name="mel_htk_magnitude_win400", kind="mel", **c,
                  shape=run("mel_htk_magnitude_win400", T.MelSpectrogram(**c))))

c = dict(sample_rate=16000, n_fft=255, hop_length=400, win_length=255, power=2.0)
cases.append(dict(name="stft_odd_nfft_power", kind="linear", **c,
                  shape=run("stft_odd_nfft_power", T.Spectrogram(n_fft=255, hop_length=400, win_length=255, power=2.0))))

c = dict(sample_rate=22050, n_fft=1024, hop_length=256, win_length=1024, n_mels=80, f_min=30.0, f_max=8000.0,
         norm="slaney", mel_scale="slaney", power=2.0, top_db=80.0)
db = T.AmplitudeToDB(stype="power", top_db=80.0)
cases.append(dict(name="mel_db_top80", kind="mel_db", **c,
                  shape=run("mel_db_top80", T.MelSpectrogram(**{k: v for k, v in c.items() if k != "top_db"}), post=db)))

c = dict(sample_rate=16000, n_fft=400, hop_length=160, win_length=400, n_mels=40, f_min=0.0, f_max=8000.0,
         norm=None, mel_scale="htk", power=1.0, top_db=None)
cases.append(dict(name="mag_db_no_top", kind="mel_db", **c,
                  shape=run("mag_db_no_top", T.MelSpectrogram(**{k: v for k, v in c.items() if k != "top_db"}),
                            post=T.AmplitudeToDB(stype="magnitude", top_db=None))))

melkw = dict(n_fft=512, hop_length=160, win_length=512, n_mels=40, f_min=0.0, f_max=8000.0, norm="slaney",
             mel_scale="slaney")
cases.append(dict(name="mfcc13_ortho", kind="mfcc", sample_rate=16000, n_mfcc=13, dct_norm="ortho", top_db=80.0,
                  power=2.0, **melkw,
                  shape=run("mfcc13_ortho", T.MFCC(sample_rate=16000, n_mfcc=13, norm="ortho", melkwargs=melkw))))

fb = torchaudio.functional.melscale_fbanks(129, 100.0, 6000.0, 24, 16000, norm="slaney", mel_scale="slaney")
np.save(os.path.join(OUT, "fbank_129x24_slaney.npy"), fb.numpy().astype(np.float64))

with open(os.path.join(OUT, "cases.json"), "w") as f:
    json.dump(dict(signals=names, torchaudio=torchaudio.__version__, torch=torch.__version__, cases=cases), f, indent=1)
print("wrote", [c["name"] for c in cases])
