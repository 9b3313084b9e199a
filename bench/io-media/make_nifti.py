"""Writes the benchmark input: a 96 x 96 x 68 x 410 int16 BOLD series like ds003720's runs
(513 MB as .nii), smooth-ish values so gzip compresses it about as much as real EPI."""
import sys

import nibabel as nib
import numpy as np

out = sys.argv[1]
shape = (96, 96, 68, 410)
rng = np.random.RandomState(0)
base = (rng.rand(96, 96, 68) * 800 + 200).astype(np.float32)
data = np.empty(shape, dtype=np.int16)
for t in range(shape[3]):
    data[..., t] = (base + rng.standard_normal((96, 96, 68)).astype(np.float32) * 20).astype(np.int16)
img = nib.Nifti1Image(data, np.diag([3.0, 3.0, 3.0, 1.0]), dtype=np.int16)
img.header.set_xyzt_units('mm', 'sec')
img.header['pixdim'][4] = 1.5
nib.save(img, out + '.nii')
nib.save(img, out + '.nii.gz')
