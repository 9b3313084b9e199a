package org.cortexflow.tasks.io.nifti;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Streams a single-file NIfTI-1 image ({@code .nii}, or {@code .nii.gz} when the name says so)
 * volume by volume: the 348-byte header and a 4-byte empty extension, then voxels with x fastest.
 * The header carries the voxel size, the repetition time ({@code pixdim[4]}, {@code xyzt_units} =
 * mm and s) and the same affine as both qform (pure scaling and shift, no rotation) and sform,
 * with code 1 (scanner anatomical).
 */
public final class NiftiWriter implements Closeable {

    /** Voxel types this writer stores (NIfTI-1 datatype codes). */
    public enum Type {
        UINT8(2, 8), INT16(4, 16), FLOAT32(16, 32);

        final short code;
        final short bitpix;

        Type(int code, int bitpix) {
            this.code = (short) code;
            this.bitpix = (short) bitpix;
        }
    }

    private static final int HEADER = 348;
    private static final int VOX_OFFSET = 352;

    private final Path file;
    private final OutputStream out;
    private final Type type;
    private final int voxelsPerVolume;
    private final int volumes;
    private final ByteBuffer buf;
    private int written;

    private NiftiWriter(Path file, OutputStream out, Type type, int voxelsPerVolume, int volumes) {
        this.file = file;
        this.out = out;
        this.type = type;
        this.voxelsPerVolume = voxelsPerVolume;
        this.volumes = volumes;
        this.buf = ByteBuffer.allocate(voxelsPerVolume * type.bitpix / 8).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates the file and writes the header.
     *
     * @param dims nx, ny, nz and, for a 4-D image, nt
     * @param voxelMm voxel size in millimetres (x, y, z)
     * @param tr repetition time in seconds (ignored for 3-D images)
     * @param origin world coordinates (mm) of voxel (0, 0, 0)
     */
    public static NiftiWriter create(Path file, Type type, int[] dims, double[] voxelMm, double tr, double[] origin,
                                     String description) throws IOException {
        if (dims.length < 3 || dims.length > 4) {
            throw new IllegalArgumentException("a 3-D or 4-D image, got " + dims.length + " dimensions");
        }
        long perVolume = (long) dims[0] * dims[1] * dims[2];
        if (perVolume * type.bitpix / 8 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a volume of " + perVolume + " voxels is too large to stream");
        }
        int volumes = dims.length == 4 ? dims[3] : 1;
        ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, HEADER);
        h.put(38, (byte) 'r');
        h.putShort(40, (short) dims.length);
        for (int i = 0; i < dims.length; i++) {
            h.putShort(42 + 2 * i, (short) dims[i]);
        }
        for (int i = dims.length; i < 7; i++) {
            h.putShort(42 + 2 * i, (short) 1);
        }
        h.putShort(70, type.code);
        h.putShort(72, type.bitpix);
        h.putFloat(76, 1f); // pixdim[0] = qfac
        for (int i = 0; i < 3; i++) {
            h.putFloat(80 + 4 * i, (float) voxelMm[i]);
        }
        h.putFloat(92, dims.length == 4 ? (float) tr : 0f);
        h.putFloat(108, VOX_OFFSET);
        h.putFloat(112, 1f); // scl_slope
        h.putFloat(116, 0f); // scl_inter
        h.put(123, (byte) (2 | 8)); // xyzt_units: NIFTI_UNITS_MM | NIFTI_UNITS_SEC
        byte[] d = description.getBytes(StandardCharsets.US_ASCII);
        if (d.length > 79) {
            throw new IllegalArgumentException("description longer than 79 characters");
        }
        h.put(148, d);
        h.putShort(252, (short) 1); // qform_code: scanner anatomical
        h.putShort(254, (short) 1); // sform_code
        // quatern_b, c, d = 0: no rotation
        h.putFloat(268, (float) origin[0]);
        h.putFloat(272, (float) origin[1]);
        h.putFloat(276, (float) origin[2]);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                h.putFloat(280 + 16 * r + 4 * c, r == c ? (float) voxelMm[r] : 0f);
            }
            h.putFloat(280 + 16 * r + 12, (float) origin[r]);
        }
        h.put(344, (byte) 'n');
        h.put(345, (byte) '+');
        h.put(346, (byte) '1');
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        OutputStream out = file.getFileName().toString().endsWith(".gz") ? new FastGzip(raw) : raw;
        out.write(h.array());
        return new NiftiWriter(file, out, type, (int) perVolume, volumes);
    }

    /** Writes the next volume of an INT16 image. */
    public void writeVolume(short[] voxels) throws IOException {
        check(Type.INT16, voxels.length);
        buf.clear();
        buf.asShortBuffer().put(voxels);
        flushVolume();
    }

    /** Writes the next volume of a FLOAT32 image. */
    public void writeVolume(float[] voxels) throws IOException {
        check(Type.FLOAT32, voxels.length);
        buf.clear();
        buf.asFloatBuffer().put(voxels);
        flushVolume();
    }

    /** Writes the next volume of a UINT8 image. */
    public void writeVolume(byte[] voxels) throws IOException {
        check(Type.UINT8, voxels.length);
        buf.clear();
        buf.put(voxels);
        flushVolume();
    }

    private void check(Type t, int n) throws IOException {
        if (t != type) {
            throw new IllegalArgumentException(file + " holds " + type + " voxels, not " + t);
        }
        if (n != voxelsPerVolume) {
            throw new IllegalArgumentException("a volume has " + voxelsPerVolume + " voxels, got " + n);
        }
        if (written == volumes) {
            throw new IOException(file + ": all " + volumes + " volumes are already written");
        }
    }

    private void flushVolume() throws IOException {
        out.write(buf.array(), 0, buf.capacity());
        written++;
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (written != volumes) {
            throw new IOException(file + ": wrote " + written + " of " + volumes + " volumes");
        }
    }

    /** gzip at the fastest level: noise-like images barely compress, and level 6 costs 3x the time. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
