"""Writes a BioSemi-style BDF for the reading benchmark: CHANNELS EEG signals + Status at RATE Hz.

usage: /usr/bin/python3 gen_bdf.py OUT.bdf MINUTES [CHANNELS] [RATE]

1-s data records, 24-bit samples. The EEG is band-limited noise of a few tens of microvolts
(32 distinct records, reused in a shuffled cycle, so writing is disk-bound); the Status channel
carries a trigger (21..30 in turn) for 100 ms every 10 s, over BioSemi's status bits.
"""
import sys

import numpy as np


def header(channels, rate, records):
    ns = channels + 1

    def f(v, w):
        return str(v).ljust(w)[:w].encode("ascii")

    h = b"\xffBIOSEMI" + f("X X X X", 80) + f("cortexflow benchmark", 80) + f("01.01.24", 8) + f("12.00.00", 8)
    h += f(256 * (ns + 1), 8) + f("24BIT", 44) + f(records, 8) + f(1, 8) + f(ns, 4)
    labels = ["A%d" % (i + 1) for i in range(channels)] + ["Status"]
    h += b"".join(f(x, 16) for x in labels)
    h += b"".join(f("active electrode", 80) for _ in range(channels)) + f("Triggers and Status", 80)
    h += b"".join(f("uV", 8) for _ in range(channels)) + f("Boolean", 8)
    h += b"".join(f(-262144, 8) for _ in range(channels)) + f(-8388608, 8)
    h += b"".join(f(262143, 8) for _ in range(channels)) + f(8388607, 8)
    h += b"".join(f(-8388608, 8) for _ in range(ns))
    h += b"".join(f(8388607, 8) for _ in range(ns))
    h += b"".join(f("HP:DC; LP:417 Hz", 80) for _ in range(ns))
    h += b"".join(f(rate, 8) for _ in range(ns))
    h += b"".join(f("", 32) for _ in range(ns))
    assert len(h) == 256 * (ns + 1)
    return h


def to24(a):
    """int32 array -> little-endian 24-bit bytes."""
    b = a.astype("<i4").view(np.uint8).reshape(-1, 4)[:, :3]
    return b.tobytes()


def main():
    out, minutes = sys.argv[1], float(sys.argv[2])
    channels = int(sys.argv[3]) if len(sys.argv) > 3 else 128
    rate = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    records = int(round(minutes * 60))
    rng = np.random.default_rng(7)
    pool = []
    for _ in range(32):
        x = rng.normal(0, 1, (channels, rate)).cumsum(axis=1)
        x -= x.mean(axis=1, keepdims=True)
        pool.append(to24(np.round(x * 500).astype(np.int32)))  # ~ +-100 uV at 1/32 uV per step
    flags = 0x1F0000  # status bits above the 16 trigger bits (CMS in range, battery OK, ...)
    with open(out, "wb") as f:
        f.write(header(channels, rate, records))
        for r in range(records):
            f.write(pool[(r * 7) % len(pool)])
            status = np.full(rate, flags, dtype=np.int32)
            if r % 10 == 0:
                status[: rate // 10] |= 21 + (r // 10) % 10
            f.write(to24(status))


if __name__ == "__main__":
    main()
