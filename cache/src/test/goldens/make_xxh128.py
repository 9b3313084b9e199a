#!/usr/bin/python3
"""Goldens for ContentDigestTest: XXH3-128 of deterministic byte strings, from the reference
implementation's own tool (xxhsum 0.8.1 -H2, Debian package xxhash). Lengths cover XXH3's code
paths (0, 1-3, 4-8, 9-16, 17-128, 129-240, longer with stripes and blocks).

    /usr/bin/python3 cache/src/test/goldens/make_xxh128.py > cache/src/test/resources/golden/xxh128.tsv
"""
import subprocess


def data(n):
    return bytes((i * 31 + 7) % 251 for i in range(n))


print('length\txxh128')
for n in [0, 1, 3, 4, 8, 9, 16, 17, 128, 129, 240, 241, 1000, 1024 * 1024 + 3]:
    out = subprocess.run(['xxhsum', '-H2', '-'], input=data(n), capture_output=True, check=True).stdout.decode()
    print('%d\t%s' % (n, out.split()[0]))
