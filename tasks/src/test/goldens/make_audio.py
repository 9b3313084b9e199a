"""Goldens for audio.read, made once with Debian's /usr/bin/python3. Run from the repository root:

    /usr/bin/python3 tasks/src/test/goldens/make_audio.py

Synthetic files (tasks/src/test/resources/audio): small WAV/AU/AIFF files in every supported
encoding, written with Python's wave/sunau/aifc modules, scipy.io.wavfile, or by hand where no
writer exists (WAVE_FORMAT_EXTENSIBLE, AIFF-C sowt/fl32, AU float); the expected samples are what
an independent reader decodes: scipy.io.wavfile (WAV) and torchaudio/libsox (AU, AIFF), as float
with integers divided by 2^(bits-1).

Real files (../shared/data/real/audio): reference decodes by libsox/libFLAC (WAV, FLAC: exact),
libvorbisfile ov_read_float (Vorbis) and libmpg123 float output with its default gapless handling
(MP3), called through ctypes. Stored: four 512-frame windows, the frame count and per-channel sum,
sum of squares and peak of the whole decode (after clipping to [-1, 1], as audio.read does).
"""
import aifc
import ctypes
import json
import os
import struct
import sunau
import wave

import numpy as np
import scipy.io.wavfile
import torchaudio

REAL = os.path.join('..', 'shared', 'data', 'real', 'audio')
SYN = os.path.join('tasks', 'src', 'test', 'resources', 'audio')
OUT = os.path.join('tasks', 'src', 'test', 'resources', 'golden', 'audio')
RATE = 8000
FRAMES = 200


def signal(ch, rng):
    t = np.arange(FRAMES) / RATE
    x = np.stack([0.8 * np.sin(2 * np.pi * (220 + 110 * c) * t) + 0.05 * rng.standard_normal(FRAMES) for c in range(ch)])
    x[:, 0] = 1.0
    x[:, 1] = -1.0
    return np.clip(x, -1, 1)


def ints(x, bits):
    m = 2 ** (bits - 1)
    return np.clip(np.round(x * m), -m, m - 1).astype(np.int64)


def pcm_bytes(q, bits, big):
    out = bytearray()
    for frame in q.T:
        for v in frame:
            v = int(v)
            if bits == 8:
                out += struct.pack('b', v)
            else:
                b = (v & ((1 << bits) - 1)).to_bytes(bits // 8, 'big' if big else 'little')
                out += b
    return bytes(out)


def riff(chunks):
    body = b'WAVE' + b''.join(cid + struct.pack('<I', len(d)) + d + (b'\0' if len(d) % 2 else b'') for cid, d in chunks)
    return b'RIFF' + struct.pack('<I', len(body)) + body


def ext80(rate):
    e = 16383 + 63
    m = int(rate)
    while m < (1 << 63):
        m <<= 1
        e -= 1
    return struct.pack('>HQ', e, m)


def aifc_file(ch, frames, bits, ctype, data):
    comm = struct.pack('>hIh', ch, frames, bits) + ext80(RATE) + ctype + b'\x04none' + b'\0'
    ssnd = struct.pack('>II', 0, 0) + data
    chunks = [(b'FVER', struct.pack('>I', 0xA2805140)), (b'COMM', comm), (b'SSND', ssnd)]
    body = b'AIFC' + b''.join(c + struct.pack('>I', len(d)) + d + (b'\0' if len(d) % 2 else b'') for c, d in chunks)
    return b'FORM' + struct.pack('>I', len(body)) + body


def synthetic():
    rng = np.random.RandomState(7)
    made = []
    for bits in (8, 16, 24, 32):
        x = signal(2, rng)
        q = ints(x, bits)
        name = f'wav_pcm{bits}.wav'
        with wave.open(os.path.join(SYN, name), 'wb') as w:
            w.setnchannels(2)
            w.setsampwidth(bits // 8)
            w.setframerate(RATE)
            if bits == 8:
                w.writeframes((q.T + 128).astype('u1').tobytes())
            else:
                w.writeframes(pcm_bytes(q, bits, False))
        made.append(name)
    for dt in ('float32', 'float64'):
        name = f'wav_{dt}.wav'
        scipy.io.wavfile.write(os.path.join(SYN, name), RATE, signal(1, rng).T.astype(dt)[:, 0])
        made.append(name)
    # WAVE_FORMAT_EXTENSIBLE, 3 channels of 24-bit PCM, a LIST chunk before the data
    q = ints(signal(3, rng), 24)
    guid = struct.pack('<H', 1) + bytes.fromhex('000000001000800000aa00389b71')
    fmt = struct.pack('<HHIIHHHHI', 0xFFFE, 3, RATE, RATE * 9, 9, 24, 22, 24, 0x7) + guid
    info = b'INFO' + b'INAM' + struct.pack('<I', 6) + b'chirp\0'
    open(os.path.join(SYN, 'wav_ext24_list.wav'), 'wb').write(riff([(b'fmt ', fmt), (b'LIST', info), (b'data', pcm_bytes(q, 24, False))]))
    made.append('wav_ext24_list.wav')
    # AU: 16-bit PCM and mu-law (sunau), float32 by hand
    for name, comp, width in (('au_pcm16.au', 'NONE', 2), ('au_ulaw.au', 'ULAW', 2)):
        x = signal(2, rng)
        with sunau.open(os.path.join(SYN, name), 'wb') as w:
            w.setnchannels(2)
            w.setsampwidth(width)
            w.setframerate(RATE)
            if comp == 'ULAW':
                w.setcomptype('ULAW', '')
            w.writeframes(ints(x, 16).T.astype('<i2').tobytes())
        made.append(name)
    x = signal(1, rng).astype('>f4')
    hdr = struct.pack('>4sIIIII', b'.snd', 24, x.size * 4, 6, RATE, 1)
    open(os.path.join(SYN, 'au_float32.au'), 'wb').write(hdr + x.T.tobytes())
    made.append('au_float32.au')
    # AIFF 16-bit and 24-bit (aifc module), AIFF-C sowt and fl32 by hand
    for bits in (16, 24):
        name = f'aiff_pcm{bits}.aiff'
        q = ints(signal(2, rng), bits)
        with aifc.open(os.path.join(SYN, name), 'wb') as w:
            w.aiff()
            w.setnchannels(2)
            w.setsampwidth(bits // 8)
            w.setframerate(RATE)
            w.writeframes(pcm_bytes(q, bits, True))
        made.append(name)
    q = ints(signal(2, rng), 16)
    open(os.path.join(SYN, 'aifc_sowt.aifc'), 'wb').write(aifc_file(2, FRAMES, 16, b'sowt', pcm_bytes(q, 16, False)))
    made.append('aifc_sowt.aifc')
    x = signal(1, rng).astype('>f4')
    open(os.path.join(SYN, 'aifc_fl32.aifc'), 'wb').write(aifc_file(1, FRAMES, 32, b'fl32', x.T.tobytes()))
    made.append('aifc_fl32.aifc')
    expected = {}
    for name in made:
        path = os.path.join(SYN, name)
        if name.endswith('.wav'):
            sr, d = scipy.io.wavfile.read(path)
            d = d.reshape(len(d), -1).T
            if d.dtype == np.uint8:
                y = (d.astype(np.float64) - 128) / 128
            elif d.dtype.kind == 'i':
                bits = 24 if name.startswith('wav_ext24') or name == 'wav_pcm24.wav' else d.dtype.itemsize * 8
                y = d.astype(np.float64) / 2 ** (31 if d.dtype == np.int32 else bits - 1)
            else:
                y = d.astype(np.float64)
        elif name in ('au_float32.au', 'aifc_fl32.aifc'):
            # libsox passes float through 32-bit integers (not exact): read the big-endian floats with numpy
            raw = open(path, 'rb').read()
            sr, y = RATE, np.frombuffer(raw[len(raw) - 4 * FRAMES:], dtype='>f4').astype(np.float64)[None, :]
        else:
            w, sr = torchaudio.load(path, normalize=True)
            y = w.numpy().astype(np.float64)
        np.save(os.path.join(OUT, name + '.npy'), np.ascontiguousarray(y.astype('<f4')))
        expected[name] = {'sample_rate': int(sr), 'channels': int(y.shape[0]), 'frames': int(y.shape[1])}
    return expected


# --- reference decoders for the real files ---------------------------------------------------

vf = ctypes.CDLL('libvorbisfile.so.3')


class VorbisInfo(ctypes.Structure):
    _fields_ = [('version', ctypes.c_int), ('channels', ctypes.c_int), ('rate', ctypes.c_long),
                ('bu', ctypes.c_long), ('bn', ctypes.c_long), ('bl', ctypes.c_long), ('bw', ctypes.c_long),
                ('codec_setup', ctypes.c_void_p)]


vf.ov_fopen.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
vf.ov_info.restype = ctypes.POINTER(VorbisInfo)
vf.ov_info.argtypes = [ctypes.c_void_p, ctypes.c_int]
vf.ov_read_float.restype = ctypes.c_long
vf.ov_read_float.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.POINTER(ctypes.POINTER(ctypes.c_float))),
                             ctypes.c_int, ctypes.POINTER(ctypes.c_int)]


def vorbis(path):
    ovf = ctypes.create_string_buffer(8192)  # larger than OggVorbis_File
    assert vf.ov_fopen(path.encode(), ovf) == 0
    info = vf.ov_info(ovf, -1).contents
    pcm = ctypes.POINTER(ctypes.POINTER(ctypes.c_float))()
    bs = ctypes.c_int(0)
    out = []
    while True:
        n = vf.ov_read_float(ovf, ctypes.byref(pcm), 4096, ctypes.byref(bs))
        if n <= 0:
            break
        out.append(np.stack([np.ctypeslib.as_array(pcm[c], shape=(n,)).copy() for c in range(info.channels)]))
    rate = info.rate
    vf.ov_clear(ovf)
    return np.concatenate(out, axis=1).astype(np.float64), rate


mpg = ctypes.CDLL('libmpg123.so.0')
mpg.mpg123_new.restype = ctypes.c_void_p


def mp3(path):
    mpg.mpg123_init()
    err = ctypes.c_int(0)
    h = ctypes.c_void_p(mpg.mpg123_new(None, ctypes.byref(err)))
    assert mpg.mpg123_open(h, path.encode()) == 0
    mpg.mpg123_format_none(h)
    for r in (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000):
        mpg.mpg123_format(h, ctypes.c_long(r), ctypes.c_int(3), ctypes.c_int(0x200))  # MPG123_ENC_FLOAT_32
    rate, ch, enc = ctypes.c_long(), ctypes.c_int(), ctypes.c_int()
    buf = ctypes.create_string_buffer(1 << 16)
    done = ctypes.c_size_t()
    data = bytearray()
    while True:
        r = mpg.mpg123_read(h, buf, ctypes.c_size_t(len(buf)), ctypes.byref(done))
        data += buf.raw[:done.value]
        if r == -11:  # MPG123_NEW_FORMAT
            mpg.mpg123_getformat(h, ctypes.byref(rate), ctypes.byref(ch), ctypes.byref(enc))
            continue
        if r != 0:
            break
    mpg.mpg123_close(h)
    mpg.mpg123_delete(h)
    return np.frombuffer(bytes(data), dtype=np.float32).reshape(-1, ch.value).T.astype(np.float64), rate.value


def real():
    out = {}
    for sub in sorted(os.listdir(REAL)):
        for name in sorted(os.listdir(os.path.join(REAL, sub))):
            path = os.path.join(REAL, sub, name)
            if name.endswith('.ogg'):
                x, sr = vorbis(path)
                ref = 'libvorbisfile 1.3.7 ov_read_float'
            elif name.endswith('.mp3'):
                x, sr = mp3(path)
                ref = 'libmpg123 1.31 float, gapless'
            elif name.endswith(('.wav', '.flac')):
                w, sr = torchaudio.load(path)
                x = w.numpy().astype(np.float64)
                ref = 'libsox/libFLAC via torchaudio ' + torchaudio.__version__
            else:
                continue
            x = np.clip(x, -1, 1)
            n = x.shape[1]
            starts = [0, n // 4, n // 2, n - 512]
            win = np.stack([x[:, s:s + 512] for s in starts]).astype('<f4')  # [4, channels, 512]
            np.save(os.path.join(OUT, name + '.npy'), win)
            out[name] = {'folder': sub, 'reference': ref, 'sample_rate': int(sr), 'channels': int(x.shape[0]),
                         'frames': int(n), 'window_starts': starts, 'sum': x.sum(axis=1).tolist(),
                         'sum_sq': (x ** 2).sum(axis=1).tolist(), 'peak': np.abs(x).max(axis=1).tolist()}
    return out


def main():
    os.makedirs(SYN, exist_ok=True)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'synthetic.json'), 'w') as f:
        json.dump(synthetic(), f, indent=1, sort_keys=True)
    with open(os.path.join(OUT, 'real.json'), 'w') as f:
        json.dump(real(), f, indent=1, sort_keys=True)


if __name__ == '__main__':
    main()
