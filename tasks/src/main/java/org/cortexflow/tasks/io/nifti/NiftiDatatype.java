package org.cortexflow.tasks.io.nifti;

import java.nio.ByteBuffer;
import java.util.Optional;

/** The NIfTI datatypes cortexflow reads (codes of nifti1.h), with how to decode one voxel. */
public enum NiftiDatatype {
    UINT8(2, 1, "uint8"),
    INT16(4, 2, "int16"),
    INT32(8, 4, "int32"),
    FLOAT32(16, 4, "float32"),
    FLOAT64(64, 8, "float64"),
    INT8(256, 1, "int8"),
    UINT16(512, 2, "uint16"),
    UINT32(768, 4, "uint32"),
    INT64(1024, 8, "int64"),
    UINT64(1280, 8, "uint64");

    private final int code;
    private final int bytes;
    private final String label;

    NiftiDatatype(int code, int bytes, String label) {
        this.code = code;
        this.bytes = bytes;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** Bytes per voxel. */
    public int bytes() {
        return bytes;
    }

    /** The numpy name of the type. */
    public String label() {
        return label;
    }

    public static Optional<NiftiDatatype> of(int code) {
        for (NiftiDatatype t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** A name for the codes nifti1.h defines that we do not read (complex, RGB, float128, binary). */
    public static String describeUnsupported(int code) {
        return switch (code) {
            case 1 -> "binary (1 bit)";
            case 32 -> "complex64";
            case 128 -> "RGB24";
            case 1536 -> "float128";
            case 1792 -> "complex128";
            case 2048 -> "complex256";
            case 2304 -> "RGBA32";
            default -> "unknown datatype code";
        };
    }

    /** The voxel at byte {@code at} of {@code b} (in {@code b}'s byte order) as a double. */
    public double get(ByteBuffer b, int at) {
        return switch (this) {
            case UINT8 -> b.get(at) & 0xFF;
            case INT8 -> b.get(at);
            case INT16 -> b.getShort(at);
            case UINT16 -> b.getShort(at) & 0xFFFF;
            case INT32 -> b.getInt(at);
            case UINT32 -> b.getInt(at) & 0xFFFFFFFFL;
            case INT64 -> b.getLong(at);
            case UINT64 -> unsigned(b.getLong(at));
            case FLOAT32 -> b.getFloat(at);
            case FLOAT64 -> b.getDouble(at);
        };
    }

    private static double unsigned(long v) {
        // numpy's uint64 -> float64 rounds to nearest; so does this split
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }
}
