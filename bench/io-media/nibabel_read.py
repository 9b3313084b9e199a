"""The peer: nibabel's get_fdata() (float64 in memory), as a researcher would load a run."""
import sys
import time

import nibabel as nib

t = time.perf_counter()
x = nib.load(sys.argv[1]).get_fdata()
dt = time.perf_counter() - t
print(f"nibabel {sys.argv[1]} shape {x.shape} {dt:.2f} s")
