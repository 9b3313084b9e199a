package org.cortexflow.tasks.io.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts a RIFF/WAVE file of 16-bit PCM whose length is known up front (canonical 44-byte header:
 * {@code RIFF}, {@code fmt } with format 1, {@code data}); the frames follow through the returned
 * {@link Pcm16Writer}, little-endian.
 */
public final class WavWriter {

    private WavWriter() {
    }

    /** Creates the file and writes the header for {@code frames} frames of {@code channels} channels. */
    public static Pcm16Writer create(Path file, int sampleRate, int channels, long frames) throws IOException {
        long dataBytes = frames * channels * 2L;
        if (dataBytes > 0xFFFFFFFFL - 36) {
            throw new IOException(file + ": " + dataBytes + " bytes of audio exceed the 4 GiB a WAVE file can hold");
        }
        byte[] h = new byte[44];
        ascii(h, 0, "RIFF");
        le32(h, 4, 36 + dataBytes);
        ascii(h, 8, "WAVE");
        ascii(h, 12, "fmt ");
        le32(h, 16, 16);
        le16(h, 20, 1);
        le16(h, 22, channels);
        le32(h, 24, sampleRate);
        le32(h, 28, (long) sampleRate * channels * 2);
        le16(h, 32, channels * 2);
        le16(h, 34, 16);
        ascii(h, 36, "data");
        le32(h, 40, dataBytes);
        return Pcm16Writer.create(file, h, channels, frames, false);
    }

    static void ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            b[at + i] = (byte) s.charAt(i);
        }
    }

    private static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    private static void le32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >> (8 * i));
        }
    }
}
