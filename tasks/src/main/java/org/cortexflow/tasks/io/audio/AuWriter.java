package org.cortexflow.tasks.io.audio;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams 16-bit linear PCM to a Sun/NeXT {@code .au} file (the format GTZAN ships): a big-endian
 * header ({@code .snd}, data offset, data size, encoding 3, sample rate, channels), an annotation
 * padded to 8 bytes, then big-endian interleaved samples.
 */
public final class AuWriter implements Closeable {

    private static final int ENCODING_LINEAR_16 = 3;

    private final Path file;
    private final OutputStream out;
    private final int channels;
    private final long frames;
    private final byte[] buf = new byte[1 << 16];
    private int fill;
    private long written;

    private AuWriter(Path file, OutputStream out, int channels, long frames) {
        this.file = file;
        this.out = out;
        this.channels = channels;
        this.frames = frames;
    }

    /** Creates the file and writes the header; {@code annotation} is at most 7 ASCII characters. */
    public static AuWriter create(Path file, int sampleRate, int channels, long frames, String annotation) throws IOException {
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
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        out.write(h);
        return new AuWriter(file, out, channels, frames);
    }

    /** Writes {@code n} frames from {@code interleaved[0 .. n * channels)}. */
    public void write(short[] interleaved, int n) throws IOException {
        if (written + n > frames) {
            throw new IOException(file + ": more than the declared " + frames + " frames");
        }
        int count = n * channels;
        for (int i = 0; i < count; i++) {
            if (fill == buf.length) {
                out.write(buf, 0, fill);
                fill = 0;
            }
            short s = interleaved[i];
            buf[fill++] = (byte) (s >> 8);
            buf[fill++] = (byte) s;
        }
        written += n;
    }

    @Override
    public void close() throws IOException {
        out.write(buf, 0, fill);
        out.close();
        if (written != frames) {
            throw new IOException(file + ": wrote " + written + " of the " + frames + " frames the header declares");
        }
    }

    private static void be32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >> (8 * (3 - i)));
        }
    }
}
