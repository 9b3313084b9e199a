"""Goldens for the NIfTI reader (fmri.read), made once with nibabel (Debian's /usr/bin/python3).

For each real file under ../shared/data/real/nifti and each small synthetic image written here with
nibabel (datatypes, byte orders, NIfTI-2, scaling, .hdr/.img pairs, affines, a mask), it records what
nibabel says: shape, dtype, zooms, xyzt units, the affine (img.affine = get_best_affine), the scaling,
and the SHA-256 of get_fdata() cast to float32 in Fortran (NIfTI) order: the exact bytes fmri.read
must write after bold.npy's header. Run from the repository root:

    /usr/bin/python3 tasks/src/test/goldens/make_nifti.py
"""
import gzip
import hashlib
import json
import os
import shutil

import nibabel as nib
import numpy as np

REAL = os.path.join('..', 'shared', 'data', 'real', 'nifti', 'nibabel')
SYN = os.path.join('tasks', 'src', 'test', 'resources', 'nifti')
OUT = os.path.join('tasks', 'src', 'test', 'resources', 'golden', 'nifti')


def describe(path):
    img = nib.load(path)
    data = img.get_fdata()
    with np.errstate(over='ignore'):  # float64 extremes become inf in float32, in Java as in numpy
        f32 = np.asarray(data, dtype='<f4')
    h = img.header
    units = h.get_xyzt_units()
    slope, inter = img.dataobj.slope, img.dataobj.inter
    rng = np.random.RandomState(0)
    flat = f32.ravel(order='F')
    idx = np.unique(np.concatenate([[0, flat.size - 1], rng.randint(0, flat.size, size=min(200, flat.size))]))
    return {
        'file': os.path.basename(path),
        'nifti_version': 2 if isinstance(img, nib.Nifti2Image) else 1,
        'shape': list(img.shape),
        'dtype': str(h.get_data_dtype().newbyteorder('=').name),
        'byte_order': 'big' if h.endianness == '>' else 'little',
        'zooms': [float(z) for z in h.get_zooms()],
        'space_unit': {'mm': 'mm', 'meter': 'm', 'micron': 'um'}.get(units[0], 'unknown'),
        'time_unit': {'sec': 's', 'msec': 'ms', 'usec': 'us'}.get(units[1], 'unknown'),
        'affine': img.affine.tolist(),
        'scl_slope': float(slope),  # nibabel gives 1.0 / 0.0 for unscaled data (slope 0 included)
        'scl_inter': float(inter),
        'sha256_f32_fortran': hashlib.sha256(f32.tobytes(order='F')).hexdigest(),
        'sample_index': idx.tolist(),
        'sample_value': [float(v) for v in flat[idx]],
    }


def synthetic():
    os.makedirs(SYN, exist_ok=True)
    rng = np.random.RandomState(42)
    shape = (5, 4, 3, 2)
    aff = np.array([[-2.5, 0.1, 0, 30], [0.05, 2.5, -0.2, -20], [0, 0.3, 3.0, -10], [0, 0, 0, 1]])
    made = []
    for dt in ['uint8', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64']:
        info = np.iinfo(dt) if dt[0] in 'iu' else None
        if info is not None:
            lo, hi = max(info.min, -2**62), min(info.max, 2**62)
            arr = rng.randint(lo, hi, size=shape, dtype=np.int64 if dt != 'uint64' else np.uint64).astype(dt)
            if dt in ('int64', 'uint64'):  # values that float32 cannot hold exactly, and extremes
                arr.flat[0] = np.iinfo(dt).max
                arr.flat[1] = np.iinfo(dt).min if dt == 'int64' else 2**63 + 12345
        else:
            arr = (rng.standard_normal(shape) * 1000).astype(dt)
            arr.flat[0] = np.finfo(dt).max if dt == 'float64' else 3.4e38
        img = nib.Nifti1Image(arr, aff, dtype=dt)
        img.header.set_xyzt_units('mm', 'sec')
        img.header['pixdim'][4] = 1.5
        img.header.set_slope_inter(1.0, 0.0)
        made.append(save(img, f'dt_{dt}.nii'))
    # big-endian, scaled int16, 4-D, gzip
    arr = rng.randint(-3000, 3000, size=(6, 5, 4, 3)).astype('>i2')
    img = nib.Nifti1Image(arr, aff, header=nib.Nifti1Header(endianness='>'))
    img.header.set_data_dtype('>i2')
    img.header.set_slope_inter(0.0754, 3100.76)
    img.header.set_xyzt_units('mm', 'msec')
    img.header['pixdim'][4] = 2000
    made.append(save(img, 'be_scaled_ms.nii.gz'))
    # slope 0 with an intercept: no scaling at all (nibabel's rule)
    img = nib.Nifti1Image(rng.randint(0, 100, size=(3, 3, 2)).astype('int16'), aff)
    made.append(save(img, 'slope0_3d.nii', slope=0.0, inter=55.0))
    # NIfTI-2, little-endian, float32, 4-D
    img = nib.Nifti2Image(rng.standard_normal((4, 3, 2, 5)).astype('f4'), aff)
    img.header.set_xyzt_units('mm', 'sec')
    img.header['pixdim'][4] = 0.8
    made.append(save(img, 'nifti2.nii'))
    # NIfTI-2 big-endian, gzip
    h2 = nib.Nifti2Header(endianness='>')
    h2.set_data_dtype('>i4')
    img = nib.Nifti2Image(rng.randint(-99, 99, size=(3, 4, 2, 2)).astype('>i4'), aff, header=h2)
    made.append(save(img, 'nifti2_be.nii.gz'))
    # qform only (sform_code 0), qfac -1
    img = nib.Nifti1Image(rng.randint(0, 50, size=(4, 3, 2)).astype('u1'), None)
    q = np.array([[0, -3, 0, 12], [2, 0, 0, -7], [0, 0, -4, 3], [0, 0, 0, 1]], dtype=float)
    img.header.set_qform(q, code=1)
    img.header.set_sform(None, code=0)
    made.append(save(img, 'qform_only.nii'))
    # neither sform nor qform: the base affine from pixdim
    img = nib.Nifti1Image(rng.randint(0, 50, size=(4, 3, 2)).astype('u1'), None)
    img.header.set_qform(None, code=0)
    img.header.set_sform(None, code=0)
    img.header.set_zooms((2.0, 3.0, 4.0))
    made.append(save(img, 'no_xform.nii'))
    # two-file pair
    img = nib.Nifti1Pair(rng.randint(-500, 500, size=(4, 3, 2, 2)).astype('i2'), aff)
    nib.save(img, os.path.join(SYN, 'pair.hdr'))
    made.append(os.path.join(SYN, 'pair.hdr'))
    # mask for functional.nii (17 x 21 x 3): a blob
    func = nib.load(os.path.join(REAL, 'functional.nii'))
    mvol = (func.get_fdata()[..., 0] > np.percentile(func.get_fdata()[..., 0], 70)).astype('u1')
    mimg = nib.Nifti1Image(mvol, func.affine)
    made.append(save(mimg, 'functional_mask.nii.gz'))
    idx = np.flatnonzero(mvol.ravel(order='F'))
    ts = np.ascontiguousarray(func.get_fdata().reshape(-1, func.shape[3], order='F')[idx].T.astype('<f4'))
    np.save(os.path.join(OUT, 'functional_masked_timeseries.npy'), ts)
    with open(os.path.join(OUT, 'functional_masked_voxels.json'), 'w') as f:
        json.dump({'flat_index_fortran': idx.tolist()}, f)
    return made


def save(img, name, slope=None, inter=None):
    path = os.path.join(SYN, name)
    nib.save(img, path)
    if slope is not None:  # nibabel refuses to write slope 0: patch the header bytes
        raw = open(path, 'rb').read()
        endian = '>' if img.header.endianness == '>' else '<'
        patched = raw[:112] + np.array([slope, inter], dtype=endian + 'f4').tobytes() + raw[120:]
        open(path, 'wb').write(patched)
    return path


def main():
    os.makedirs(OUT, exist_ok=True)
    real = {os.path.basename(p): describe(os.path.join(REAL, p)) for p in sorted(os.listdir(REAL))}
    syn = {os.path.basename(p): describe(p) for p in synthetic()}
    with open(os.path.join(OUT, 'real.json'), 'w') as f:
        json.dump(real, f, indent=1, sort_keys=True)
    with open(os.path.join(OUT, 'synthetic.json'), 'w') as f:
        json.dump(syn, f, indent=1, sort_keys=True)
    print('nibabel', nib.__version__, 'numpy', np.__version__, ':', len(real), 'real,', len(syn), 'synthetic')


if __name__ == '__main__':
    main()
