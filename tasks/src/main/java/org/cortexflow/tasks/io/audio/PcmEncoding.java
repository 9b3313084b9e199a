package org.cortexflow.tasks.io.audio;

import java.nio.ByteBuffer;

/** Uncompressed sample encodings of WAV, AU and AIFF, decoded to float by dividing by 2^(bits-1). */
public enum PcmEncoding {
    UINT8(1, "PCM 8-bit unsigned"),
    INT8(1, "PCM 8-bit"),
    INT16(2, "PCM 16-bit"),
    INT24(3, "PCM 24-bit"),
    INT32(4, "PCM 32-bit"),
    FLOAT32(4, "float 32-bit"),
    FLOAT64(8, "float 64-bit"),
    MULAW(1, "G.711 mu-law"),
    ALAW(1, "G.711 A-law");

    private final int bytes;
    private final String label;

    PcmEncoding(int bytes, String label) {
        this.bytes = bytes;
        this.label = label;
    }

    public int bytes() {
        return bytes;
    }

    public String label() {
        return label;
    }

    /** The sample at byte {@code at} of {@code b} (in {@code b}'s order) as a float, like soundfile/scipy. */
    public float get(ByteBuffer b, int at, boolean bigEndian) {
        return switch (this) {
            case UINT8 -> ((b.get(at) & 0xFF) - 128) / 128f;
            case INT8 -> b.get(at) / 128f;
            case INT16 -> b.getShort(at) / 32768f;
            case INT24 -> int24(b, at, bigEndian) / 8388608f;
            case INT32 -> (float) (b.getInt(at) / 2147483648.0);
            case FLOAT32 -> b.getFloat(at);
            case FLOAT64 -> (float) b.getDouble(at);
            case MULAW -> ulaw(b.get(at) & 0xFF) / 32768f;
            case ALAW -> alaw(b.get(at) & 0xFF) / 32768f;
        };
    }

    private static int int24(ByteBuffer b, int at, boolean bigEndian) {
        int b0 = b.get(at) & 0xFF;
        int b1 = b.get(at + 1) & 0xFF;
        int b2 = b.get(at + 2);
        return bigEndian ? (b0 << 24 >> 8) | (b1 << 8) | (b2 & 0xFF) : (b2 << 16) | (b1 << 8) | b0;
    }

    /** G.711 mu-law expansion to 16-bit linear (as ITU-T G.711 and Python's audioop.ulaw2lin). */
    static int ulaw(int u) {
        u = ~u & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    /** G.711 A-law expansion to 16-bit linear (as ITU-T G.711 and Python's audioop.alaw2lin). */
    static int alaw(int a) {
        a ^= 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        t = switch (seg) {
            case 0 -> t + 8;
            case 1 -> t + 0x108;
            default -> (t + 0x108) << (seg - 1);
        };
        return (a & 0x80) != 0 ? t : -t;
    }
}
