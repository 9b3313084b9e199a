package org.cortexflow.tasks.io.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * A NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header, checked field by field. Offsets and
 * semantics follow nifti1.h and nifti2.h; the affine follows nibabel's {@code get_best_affine}.
 *
 * @param version 1 or 2
 * @param order the byte order of the file (found from {@code sizeof_hdr})
 * @param singleFile true for {@code n+1}/{@code n+2} (data in the same file), false for a .hdr/.img pair
 * @param shape the image dimensions {@code dim[1..dim[0]]}, at least 3 (missing spatial axes are 1)
 * @param pixdim {@code pixdim[0..7]}: qfac, voxel sizes, then the time step
 * @param voxOffset byte offset of the first voxel in the data file
 * @param slope {@code scl_slope}, or NaN when the data is not scaled (slope 0 or not finite)
 * @param xyztUnits the {@code xyzt_units} code: space unit in bits 0-2, time unit in bits 3-5
 */
public record NiftiHeader(int version, ByteOrder order, boolean singleFile, long[] shape, double[] pixdim,
                          NiftiDatatype datatype, long voxOffset, double slope, double inter, int xyztUnits,
                          int qformCode, int sformCode, double[] quatern, double[] qoffset, double[][] srow,
                          String descrip) {

    public static final int NIFTI1_SIZE = 348;
    public static final int NIFTI2_SIZE = 540;

    public NiftiHeader {
        shape = shape.clone();
        pixdim = pixdim.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public double[] pixdim() {
        return pixdim.clone();
    }

    /** Number of voxels in one 3-D volume. */
    public long voxelsPerVolume() {
        return shape[0] * shape[1] * shape[2];
    }

    /** Number of volumes (1 for a 3-D image). */
    public long volumes() {
        return shape.length > 3 ? shape[3] : 1;
    }

    /** Number of voxels in the whole image. */
    public long voxels() {
        return voxelsPerVolume() * volumes();
    }

    /** Bytes of voxel data the image declares. */
    public long dataBytes() {
        return voxels() * datatype.bytes();
    }

    public boolean scaled() {
        return !Double.isNaN(slope);
    }

    /** Voxel size along x, y, z (absolute {@code pixdim[1..3]}). */
    public double[] voxelSize() {
        return new double[] {Math.abs(pixdim[1]), Math.abs(pixdim[2]), Math.abs(pixdim[3])};
    }

    /** The spatial unit: m, mm, um or unknown. */
    public String spaceUnit() {
        return switch (xyztUnits & 0x07) {
            case 1 -> "m";
            case 2 -> "mm";
            case 3 -> "um";
            default -> "unknown";
        };
    }

    /** The time unit: s, ms, us or unknown (Hz, ppm and rad/s are not time steps). */
    public String timeUnit() {
        return switch (xyztUnits & 0x38) {
            case 0x08 -> "s";
            case 0x10 -> "ms";
            case 0x18 -> "us";
            default -> "unknown";
        };
    }

    /**
     * The voxel-to-world affine as nibabel's {@code get_best_affine}: sform when {@code sform_code > 0},
     * else qform when {@code qform_code > 0}, else a centred scaling with x flipped.
     */
    public double[][] affine() {
        double[][] a = new double[4][4];
        a[3][3] = 1;
        if (sformCode > 0) {
            for (int r = 0; r < 3; r++) {
                a[r] = srow[r].clone();
            }
            return a;
        }
        double[] zoom = voxelSize();
        if (qformCode > 0) {
            double b = quatern[0];
            double c = quatern[1];
            double d = quatern[2];
            double w = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
            double[][] r = rotation(w, b, c, d);
            double qfac = pixdim[0] == -1 ? -1 : 1;
            double[] s = {zoom[0], zoom[1], zoom[2] * qfac};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    a[i][j] = r[i][j] * s[j];
                }
                a[i][3] = qoffset[i];
            }
            return a;
        }
        double[] z = {-zoom[0], zoom[1], zoom[2]};
        for (int i = 0; i < 3; i++) {
            a[i][i] = z[i];
            a[i][3] = -(shape[i] - 1) / 2.0 * z[i];
        }
        return a;
    }

    /** Rotation matrix of a quaternion (w, x, y, z), normalized as nibabel's quat2mat. */
    private static double[][] rotation(double w, double x, double y, double z) {
        double n = w * w + x * x + y * y + z * z;
        if (n < 1e-300) {
            return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        }
        double s = 2.0 / n;
        double wx = s * w * x;
        double wy = s * w * y;
        double wz = s * w * z;
        double xx = s * x * x;
        double xy = s * x * y;
        double xz = s * x * z;
        double yy = s * y * y;
        double yz = s * y * z;
        double zz = s * z * z;
        return new double[][] {
            {1 - (yy + zz), xy - wz, xz + wy},
            {xy + wz, 1 - (xx + zz), yz - wx},
            {xz - wy, yz + wx, 1 - (xx + yy)}};
    }

    /**
     * Parses a header from the first bytes of a file.
     *
     * @param head at least the header's bytes (fewer means the file is truncated)
     * @param length how many bytes of {@code head} are valid
     */
    public static NiftiHeader parse(Path file, byte[] head, int length) throws FileFormatError {
        if (length < 4) {
            throw new FileFormatError(file, 0, "sizeof_hdr", "file too short for a NIfTI header (" + length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(head, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        int le = b.getInt(0);
        int be = Integer.reverseBytes(le);
        ByteOrder order;
        int size;
        if (le == NIFTI1_SIZE || le == NIFTI2_SIZE) {
            order = ByteOrder.LITTLE_ENDIAN;
            size = le;
        } else if (be == NIFTI1_SIZE || be == NIFTI2_SIZE) {
            order = ByteOrder.BIG_ENDIAN;
            size = be;
        } else {
            throw new FileFormatError(file, 0, "sizeof_hdr", "expected 348 (NIfTI-1) or 540 (NIfTI-2) in either byte order, found "
                    + le, "this is not a NIfTI file");
        }
        if (length < size) {
            throw new FileFormatError(file, length, "header", "the " + size + "-byte NIfTI header is cut off after " + length
                    + " bytes", "the file is truncated");
        }
        b.order(order);
        return size == NIFTI1_SIZE ? parse1(file, b) : parse2(file, b);
    }

    private static NiftiHeader parse1(Path file, ByteBuffer b) throws FileFormatError {
        String magic = ascii(b, 344, 4);
        boolean single;
        if (magic.equals("n+1")) {
            single = true;
        } else if (magic.equals("ni1")) {
            single = false;
        } else {
            throw new FileFormatError(file, 344, "magic", "expected \"n+1\" or \"ni1\", found " + quoted(b, 344, 4),
                    "a 348-byte header without the NIfTI magic is an Analyze 7.5 file, which is not supported");
        }
        int ndim = b.getShort(40);
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getShort(40 + 2 * i);
        }
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = b.getFloat(280 + 16 * r + 4 * c);
            }
        }
        double vox = b.getFloat(108);
        if (!(vox >= 0) || vox != Math.rint(vox) || vox > Integer.MAX_VALUE) {
            throw new FileFormatError(file, 108, "vox_offset", "expected a whole number of bytes, found " + vox);
        }
        return build(file, 1, b.order(), single, ndim, 40, dim, pixdim, b.getShort(70), 70, b.getShort(72), 72,
                (long) vox, 108, b.getFloat(112), b.getFloat(116), 116, b.get(123) & 0xFF,
                b.getShort(252), b.getShort(254),
                new double[] {b.getFloat(256), b.getFloat(260), b.getFloat(264)},
                new double[] {b.getFloat(268), b.getFloat(272), b.getFloat(276)}, srow, text(b, 148, 80));
    }

    private static NiftiHeader parse2(Path file, ByteBuffer b) throws FileFormatError {
        byte[] m = new byte[8];
        b.get(4, m);
        boolean single;
        byte[] tail = {0, '\r', '\n', 0x1A, '\n'};
        if (m[0] == 'n' && m[1] == '+' && m[2] == '2' && Arrays.equals(Arrays.copyOfRange(m, 3, 8), tail)) {
            single = true;
        } else if (m[0] == 'n' && m[1] == 'i' && m[2] == '2' && Arrays.equals(Arrays.copyOfRange(m, 3, 8), tail)) {
            single = false;
        } else {
            throw new FileFormatError(file, 4, "magic", "expected \"n+2\\0\\r\\n\\x1a\\n\", found " + quoted(b, 4, 8),
                    "a 540-byte header must carry the NIfTI-2 magic");
        }
        long ndim = b.getLong(16);
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getLong(16 + 8 * i);
        }
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getDouble(104 + 8 * i);
        }
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = b.getDouble(400 + 32 * r + 8 * c);
            }
        }
        long vox = b.getLong(168);
        if (vox < 0) {
            throw new FileFormatError(file, 168, "vox_offset", "negative offset " + vox);
        }
        return build(file, 2, b.order(), single, ndim, 16, dim, pixdim, b.getShort(12), 12, b.getShort(14), 14,
                vox, 168, b.getDouble(176), b.getDouble(184), 184, b.getInt(500),
                b.getInt(344), b.getInt(348),
                new double[] {b.getDouble(352), b.getDouble(360), b.getDouble(368)},
                new double[] {b.getDouble(376), b.getDouble(384), b.getDouble(392)}, srow, text(b, 240, 80));
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static NiftiHeader build(Path file, int version, ByteOrder order, boolean single, long ndim, int dimAt,
                                     long[] dim, double[] pixdim, int dtCode, int dtAt, int bitpix, int bitpixAt,
                                     long vox, int voxAt, double slope, double inter, int interAt, int units,
                                     int qform, int sform, double[] quatern, double[] qoffset, double[][] srow,
                                     String descrip) throws FileFormatError {
        int width = version == 1 ? 2 : 8;
        if (ndim < 1 || ndim > 7) {
            throw new FileFormatError(file, dimAt, "dim[0]", "number of dimensions must be 1 to 7, found " + ndim);
        }
        for (int i = 1; i <= ndim; i++) {
            if (dim[i] < 1) {
                throw new FileFormatError(file, dimAt + (long) width * i, "dim[" + i + "]", "dimension " + i + " has size "
                        + dim[i] + "; sizes must be at least 1");
            }
        }
        for (int i = 5; i <= ndim; i++) {
            if (dim[i] != 1) {
                throw new FileFormatError(file, dimAt + (long) width * i, "dim[" + i + "]", "a " + ndim
                        + "-D image with dim[" + i + "] = " + dim[i] + " is not a 3-D or 4-D series",
                        "vector- or tensor-valued images (dim[5] > 1) are not supported");
            }
        }
        int rank = ndim >= 4 ? 4 : 3; // as nibabel: a 4-D header stays 4-D even with one volume
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = i < ndim ? dim[i + 1] : 1;
        }
        long n = 1;
        try {
            for (long s : shape) {
                n = Math.multiplyExact(n, s);
            }
        } catch (ArithmeticException e) {
            throw new FileFormatError(file, dimAt, "dim", "dimensions " + Arrays.toString(shape) + " overflow a voxel count");
        }
        NiftiDatatype type = NiftiDatatype.of(dtCode).orElseThrow(() -> new FileFormatError(file, dtAt, "datatype",
                "datatype " + dtCode + " (" + NiftiDatatype.describeUnsupported(dtCode) + ") is not supported",
                "supported: uint8, int8, int16, uint16, int32, uint32, int64, uint64, float32, float64"));
        if (bitpix != type.bytes() * 8) {
            throw new FileFormatError(file, bitpixAt, "bitpix", "bitpix " + bitpix + " contradicts datatype "
                    + type.label() + " (" + type.bytes() * 8 + " bits)");
        }
        try {
            Math.multiplyExact(n, type.bytes());
        } catch (ArithmeticException e) {
            throw new FileFormatError(file, dimAt, "dim", "dimensions " + Arrays.toString(shape) + " overflow a byte count");
        }
        int headerSize = version == 1 ? NIFTI1_SIZE : NIFTI2_SIZE;
        if (single && vox < headerSize) {
            throw new FileFormatError(file, voxAt, "vox_offset", "data offset " + vox + " lies inside the " + headerSize
                    + "-byte header of a single-file image");
        }
        for (int i = 0; i < 8; i++) {
            if (!Double.isFinite(pixdim[i])) {
                throw new FileFormatError(file, (version == 1 ? 76 : 104) + (long) (version == 1 ? 4 : 8) * i,
                        "pixdim[" + i + "]", "not a finite number: " + pixdim[i]);
            }
        }
        double s = slope;
        double c = inter;
        if (s == 0 || !Double.isFinite(s)) {
            s = Double.NaN; // nibabel: slope 0 or non-finite means "no scaling"
            c = 0;
        } else if (!Double.isFinite(c)) {
            throw new FileFormatError(file, interAt, "scl_inter", "scl_slope is " + slope + " but scl_inter is " + inter,
                    "a scaled image needs a finite intercept");
        }
        return new NiftiHeader(version, order, single, shape, pixdim, type, vox, s, c, units, qform, sform,
                quatern, qoffset, srow, descrip);
    }

    private static String ascii(ByteBuffer b, int at, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            byte c = b.get(at + i);
            if (c == 0) {
                break;
            }
            sb.append((char) (c & 0xFF));
        }
        return sb.toString();
    }

    private static String text(ByteBuffer b, int at, int len) {
        int end = 0;
        while (end < len && b.get(at + end) != 0) {
            end++;
        }
        byte[] raw = new byte[end];
        b.get(at, raw);
        return new String(raw, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", " ").strip();
    }

    private static String quoted(ByteBuffer b, int at, int len) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < len; i++) {
            int c = b.get(at + i) & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }
}
