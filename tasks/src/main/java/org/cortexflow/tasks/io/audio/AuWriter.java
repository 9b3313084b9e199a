package org.cortexflow.tasks.io.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Starts a Sun/NeXT {@code .au} file of 16-bit linear PCM (the format GTZAN ships): a big-endian
 * header ({@code .snd}, data offset, data size, encoding 3, sample rate, channels), an annotation
 * padded to 8 bytes; the big-endian interleaved frames follow through the returned {@link Pcm16Writer}.
 */
public final class AuWriter {

    private static final int ENCODING_LINEAR_16 = 3;

    private AuWriter() {
    }

    /** Creates the file and writes the header; {@code annotation} is at most 7 ASCII characters. */
    public static Pcm16Writer create(Path file, int sampleRate, int channels, long frames, String annotation) throws IOException {
        long dataBytes = frames * channels * 2L;
        if (dataBytes > 0xFFFFFFFEL) {
            throw new IOException(file + ": " + dataBytes + " bytes of audio exceed what an .au header can state");
        }
        byte[] note = annotation.getBytes(StandardCharsets.US_ASCII);
        if (note.length > 7) {
            throw new IllegalArgumentException("annotation '" + annotation + "' longer than 7 characters");
        }
        byte[] h = new byte[32];
        WavWriter.ascii(h, 0, ".snd");
        be32(h, 4, 32);
        be32(h, 8, dataBytes);
        be32(h, 12, ENCODING_LINEAR_16);
        be32(h, 16, sampleRate);
        be32(h, 20, channels);
        System.arraycopy(note, 0, h, 24, note.length);
        return Pcm16Writer.create(file, h, channels, frames, true);
    }

    private static void be32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >> (8 * (3 - i)));
        }
    }
}
