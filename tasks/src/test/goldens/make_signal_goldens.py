#!/usr/bin/python3
"""Goldens for the signal tasks (eeg.filter, eeg.notch, eeg.resample, eeg.reference, eeg.bandpower).

Run ONCE with Debian's Python (scipy 1.10, MNE 1.3):

    /usr/bin/python3 tasks/src/test/goldens/make_signal_goldens.py

Writes deterministic inputs and the reference outputs to tasks/src/test/resources/golden/signal/
(.npy, float64) and a manifest cases.json that the Java tests read. The tests never call Python.
"""
import json
import os
import sys

import numpy as np
import scipy
import scipy.signal as ss
import mne

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'golden', 'signal')
os.makedirs(OUT, exist_ok=True)
mne.set_log_level('ERROR')
cases = []


def save(name, arr):
    np.save(os.path.join(OUT, name + '.npy'), np.ascontiguousarray(arr, dtype=np.float64))
    return name + '.npy'


def signal(n_ch, n, sfreq, seed):
    """Noise plus sines plus a linear chirp, different on each channel, around 10 uV."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / sfreq
    x = np.empty((n_ch, n))
    for c in range(n_ch):
        nyq = sfreq / 2
        x[c] = (rng.standard_normal(n)
                + 2.0 * np.sin(2 * np.pi * (0.1 * nyq * (c + 1) / n_ch) * t + c)
                + 1.5 * np.sin(2 * np.pi * min(50.0, 0.8 * nyq) * t)
                + ss.chirp(t, f0=0.5, t1=t[-1] if n > 1 else 1.0, f1=0.9 * nyq)
                + 0.3 * c) * 1e-5
    return x


INPUTS = {
    'noise_3x2501_250': (signal(3, 2501, 250.0, 1), 250.0),
    'eeg_3x3000_500': (signal(3, 3000, 500.0, 2), 500.0),
    'short_2x300_250': (signal(2, 300, 250.0, 3), 250.0),
    'odd_2x1001_1000': (signal(2, 1001, 1000.0, 4), 1000.0),
    'tiny_1x17_250': (signal(1, 17, 250.0, 5), 250.0),
    'deap_2x2560_128': (signal(2, 2560, 128.0, 6), 128.0),
}
inputs = {}
for name, (x, sfreq) in INPUTS.items():
    inputs[name] = {'file': save('in_' + name, x), 'sfreq': sfreq}


def case(name, kind, inp, params, y, **extra):
    d = {'name': name, 'kind': kind, 'input': inp, 'params': params, 'output': save('out_' + name, y)}
    d.update(extra)
    cases.append(d)


# ---- FIR filters: mne.filter.filter_data (firwin, hamming, auto, zero phase, reflect_limited)
fir = [
    ('fir_bandpass_1_40', 'noise_3x2501_250', dict(l_freq=1.0, h_freq=40.0)),
    ('fir_lowpass_30', 'eeg_3x3000_500', dict(l_freq=None, h_freq=30.0)),
    ('fir_highpass_0p5_longer_than_signal', 'eeg_3x3000_500', dict(l_freq=0.5, h_freq=None)),
    ('fir_highpass_1_short', 'short_2x300_250', dict(l_freq=1.0, h_freq=None)),
    ('fir_bandpass_0p5_40_6601_taps', 'odd_2x1001_1000', dict(l_freq=0.5, h_freq=40.0)),
    ('fir_lowpass_110_clamped_to_nyquist', 'noise_3x2501_250', dict(l_freq=None, h_freq=110.0)),
    ('fir_bandstop_40_60', 'eeg_3x3000_500', dict(l_freq=60.0, h_freq=40.0, l_trans_bandwidth=2.0,
                                                h_trans_bandwidth=2.0)),
    ('fir_bandpass_hann_2s', 'eeg_3x3000_500', dict(l_freq=8.0, h_freq=12.0, l_trans_bandwidth=2.0,
                                                  h_trans_bandwidth=2.0, filter_length='2s', fir_window='hann')),
    ('fir_highpass_blackman_1500', 'eeg_3x3000_500', dict(l_freq=5.0, h_freq=None, filter_length=1500,
                                                       fir_window='blackman')),
    ('fir_lowpass_tiny', 'tiny_1x17_250', dict(l_freq=None, h_freq=40.0)),
]
for name, inp, p in fir:
    x, sfreq = INPUTS[inp]
    y = mne.filter.filter_data(x, sfreq, **p)
    h = mne.filter.create_filter(x, sfreq, **p)
    case(name, 'fir', inp, p, y, taps=int(len(h)), taps_file=save('taps_' + name, h))

# what MNE refuses: a transition band past Nyquist
try:
    mne.filter.create_filter(None, 250.0, None, 110.0, h_trans_bandwidth=20.0)
    raise SystemExit('expected MNE to refuse a transition band past Nyquist')
except ValueError as e:
    refused_nyquist = str(e)

# ---- FIR notch: mne.filter.notch_filter (method='fir', default widths freqs/200, trans_bandwidth 1)
for name, inp, p in [
    ('notch_fir_50', 'eeg_3x3000_500', dict(freqs=[50.0])),
    ('notch_fir_50_harmonics', 'eeg_3x3000_500', dict(freqs=[50.0, 100.0, 150.0, 200.0])),
    ('notch_fir_50_wide', 'noise_3x2501_250', dict(freqs=[50.0], notch_widths=2.0, trans_bandwidth=2.0)),
]:
    x, sfreq = INPUTS[inp]
    y = mne.filter.notch_filter(x, sfreq, **p)
    case(name, 'notch_fir', inp, p, y)

# ---- IIR Butterworth: scipy.signal.butter(output='sos') + sosfiltfilt (defaults)
for name, inp, p in [
    ('iir_bandpass_4_1_40', 'noise_3x2501_250', dict(order=4, edges=[1.0, 40.0], btype='bandpass')),
    ('iir_lowpass_5_30', 'eeg_3x3000_500', dict(order=5, edges=[30.0], btype='lowpass')),
    ('iir_highpass_2_0p5', 'eeg_3x3000_500', dict(order=2, edges=[0.5], btype='highpass')),
    ('iir_bandstop_3_45_55', 'eeg_3x3000_500', dict(order=3, edges=[45.0, 55.0], btype='bandstop')),
    ('iir_highpass_4_1_short', 'short_2x300_250', dict(order=4, edges=[1.0], btype='highpass')),
    ('iir_bandpass_5_deap_theta', 'deap_2x2560_128', dict(order=5, edges=[2.0, 4.0], btype='bandpass')),
]:
    x, sfreq = INPUTS[inp]
    wn = p['edges'][0] if len(p['edges']) == 1 else p['edges']
    sos = ss.butter(p['order'], wn, btype=p['btype'], fs=sfreq, output='sos')
    y = ss.sosfiltfilt(sos, x)
    b, a = ss.butter(p['order'], wn, btype=p['btype'], fs=sfreq, output='ba')
    case(name, 'iir', inp, p, y, sos=sos.tolist(), b=b.tolist(), a=a.tolist(),
         padlen=int(3 * (2 * len(sos) + 1 - min((sos[:, 2] == 0).sum(), (sos[:, 5] == 0).sum()))))
try:
    ss.sosfiltfilt(ss.butter(4, [1.0, 40.0], btype='bandpass', fs=250.0, output='sos'), INPUTS['tiny_1x17_250'][0])
    raise SystemExit('expected scipy to refuse a signal shorter than padlen')
except ValueError as e:
    refused_short = str(e)

# transfer-function filtfilt (the DEAP pipeline uses b, a)
x, sfreq = INPUTS['deap_2x2560_128']
b, a = ss.butter(5, [7.0, 15.0], btype='bandpass', fs=sfreq)
case('filtfilt_ba_5_7_15', 'filtfilt_ba', 'deap_2x2560_128', dict(order=5, edges=[7.0, 15.0], btype='bandpass'),
     ss.filtfilt(b, a, x), b=b.tolist(), a=a.tolist())

# ---- IIR notch: scipy.signal.iirnotch + filtfilt (defaults), one pass per frequency
for name, inp, p in [
    ('notch_iir_50', 'eeg_3x3000_500', dict(freqs=[50.0], quality=30.0)),
    ('notch_iir_50_harmonics', 'eeg_3x3000_500', dict(freqs=[50.0, 100.0, 150.0], quality=20.0)),
]:
    x, sfreq = INPUTS[inp]
    y = x.copy()
    coefs = []
    for f in p['freqs']:
        b, a = ss.iirnotch(f, p['quality'], fs=sfreq)
        coefs.append([b.tolist(), a.tolist()])
        y = ss.filtfilt(b, a, y)
    case(name, 'notch_iir', inp, p, y, coefficients=coefs)

# ---- FFT resampling: scipy.signal.resample and mne.filter.resample(npad='auto')
for name, inp, new in [
    ('resample_500_to_125', 'eeg_3x3000_500', 125.0),
    ('resample_250_to_100_non_integer', 'noise_3x2501_250', 100.0),
    ('resample_1000_to_1500_up', 'odd_2x1001_1000', 1500.0),
    ('resample_250_to_376_up_even', 'short_2x300_250', 376.0),
    ('resample_tiny_250_to_100', 'tiny_1x17_250', 100.0),
]:
    x, sfreq = INPUTS[inp]
    ratio = new / sfreq
    num = max(int(round(ratio * x.shape[1])), 1)
    case('scipy_' + name, 'resample_scipy', inp, dict(sfreq=new, num=num), ss.resample(x, num, axis=-1))
    case('mne_' + name, 'resample_mne', inp, dict(sfreq=new, npad='auto'),
         mne.filter.resample(x, up=new, down=sfreq, npad='auto'))
x, sfreq = INPUTS['eeg_3x3000_500']
case('mne_resample_500_to_125_npad100', 'resample_mne', 'eeg_3x3000_500', dict(sfreq=125.0, npad=100),
     mne.filter.resample(x, up=125.0, down=500.0, npad=100))

# ---- polyphase: scipy.signal.resample_poly (Kaiser 5.0, constant padding)
for name, inp, up, down in [
    ('poly_1_4', 'eeg_3x3000_500', 1, 4),
    ('poly_2_5', 'noise_3x2501_250', 2, 5),
    ('poly_160_147', 'short_2x300_250', 160, 147),
    ('poly_3_1_tiny', 'tiny_1x17_250', 3, 1),
    ('poly_4_6_reduced', 'odd_2x1001_1000', 4, 6),
]:
    x, sfreq = INPUTS[inp]
    case(name, 'resample_poly', inp, dict(up=up, down=down), ss.resample_poly(x, up, down, axis=-1))

# ---- reference: mne set_eeg_reference (projection=False)
x, sfreq = INPUTS['eeg_3x3000_500']
info = mne.create_info(['Fz', 'Cz', 'Pz'], sfreq, 'eeg')
raw = mne.io.RawArray(x.copy(), info)
raw_avg, _ = mne.set_eeg_reference(raw.copy(), 'average', projection=False)
case('reference_average', 'reference', 'eeg_3x3000_500', dict(ref='average'), raw_avg.get_data())
raw_cz, _ = mne.set_eeg_reference(raw.copy(), ['Cz'], projection=False)
case('reference_cz', 'reference', 'eeg_3x3000_500', dict(ref='channel', channel='Cz'), raw_cz.get_data())

def filtfilt_exact_state(b, a, x):
    """scipy.signal.filtfilt(b, a, x) with lfilter_zi's state solved exactly (rational arithmetic on the
    double coefficients) instead of by LAPACK, whose answer is off by ~1e-4 for narrow low bands."""
    from fractions import Fraction
    bf = [Fraction(v) for v in b]
    af = [Fraction(v) for v in a]
    yss = sum(bf) / sum(af)
    zi = np.array([float(sum(bf[k] - af[k] * yss for k in range(i + 1, len(b)))) for i in range(len(b) - 1)])
    edge = 3 * max(len(a), len(b))
    ext = np.concatenate((2 * x[0] - x[edge:0:-1], x, 2 * x[-1] - x[-2:-(edge + 2):-1]))
    y, _ = ss.lfilter(b, a, ext, zi=zi * ext[0])
    y, _ = ss.lfilter(b, a, y[::-1], zi=zi * y[-1])
    return y[::-1][edge:-edge]


# ---- band power / differential entropy: the DEAP pipeline of klean2050/EEG_CrossModal (re-stated, not copied):
# 5th-order Butterworth band-pass (b, a) with filtfilt; scipy.signal.stft with a 1-s Hann window, no overlap;
# per second DE = -0.5 * log(mean over bins of |X|^2), the frame at t = 0 dropped; 3-s segments at 1-s hop.
x, sfreq = INPUTS['deap_2x2560_128']
bands = [('theta', 2, 4), ('alpha', 4, 7), ('beta', 7, 15), ('gamma', 15, 23)]
seconds = x.shape[1] // int(sfreq)
seg, hop = 3, 1
n_seg = (seconds - seg) // hop + 1
de = np.zeros((n_seg, x.shape[0], len(bands) * seg))
de_exact = np.zeros_like(de)
de_gauss = np.zeros_like(de)
power = np.zeros_like(de)
for c in range(x.shape[0]):
    for bi, (_, lo, hi) in enumerate(bands):
        b, a = ss.butter(5, [lo, hi], btype='bandpass', fs=sfreq)
        band = ss.filtfilt(b, a, x[c])
        _, _, z = ss.stft(band, fs=sfreq, window='hann', nperseg=int(sfreq), noverlap=0)
        per_sec = -0.5 * np.log(np.mean(np.abs(z[:, 1:]) ** 2, axis=0))
        _, _, z2 = ss.stft(filtfilt_exact_state(b, a, x[c]), fs=sfreq, window='hann', nperseg=int(sfreq), noverlap=0)
        per_sec_exact = -0.5 * np.log(np.mean(np.abs(z2[:, 1:]) ** 2, axis=0))
        wins = band[:seconds * int(sfreq)].reshape(seconds, int(sfreq))
        var_sec = wins.var(axis=1)
        pow_sec = np.mean(wins ** 2, axis=1)
        for s in range(n_seg):
            sl = slice(s * hop, s * hop + seg)
            de[s, c, bi * seg:(bi + 1) * seg] = per_sec[sl]
            de_exact[s, c, bi * seg:(bi + 1) * seg] = per_sec_exact[sl]
            de_gauss[s, c, bi * seg:(bi + 1) * seg] = 0.5 * np.log(2 * np.pi * np.e * var_sec[sl])
            power[s, c, bi * seg:(bi + 1) * seg] = pow_sec[sl]
bp = dict(bands=['%s:%g-%g' % b for b in bands], order=5, segment_s=3, hop_s=1)
case('bandpower_de_stft', 'bandpower', 'deap_2x2560_128', dict(bp, measure='de-stft'), de)
case('bandpower_de_stft_exact_state', 'bandpower', 'deap_2x2560_128', dict(bp, measure='de-stft'), de_exact)
case('bandpower_de_gaussian', 'bandpower', 'deap_2x2560_128', dict(bp, measure='de-gaussian'), de_gauss)
case('bandpower_power', 'bandpower', 'deap_2x2560_128', dict(bp, measure='power'), power)

manifest = {
    'generator': 'tasks/src/test/goldens/make_signal_goldens.py',
    'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'scipy': scipy.__version__,
                 'mne': mne.__version__},
    'inputs': inputs,
    'refused': {'transition_past_nyquist': refused_nyquist, 'shorter_than_padlen': refused_short},
    'cases': cases,
}
with open(os.path.join(OUT, 'cases.json'), 'w') as f:
    json.dump(manifest, f, indent=1, sort_keys=True)
total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
print('%d cases, %d files, %.2f MB in %s' % (len(cases), len(os.listdir(OUT)), total / 1e6, OUT))
