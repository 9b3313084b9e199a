package org.cortexflow.tasks.io.audio;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams 16-bit PCM audio to a RIFF/WAVE file whose length is known up front (canonical 44-byte
 * header: {@code RIFF}, {@code fmt } with format 1, {@code data}). Samples arrive as floats in
 * [-1, 1], interleaved per frame, and are rounded to 16 bits with clipping.
 */
public final class WavWriter implements Closeable {

    private final Path file;
    private final OutputStream out;
    private final int channels;
    private final long frames;
    private final byte[] buf = new byte[1 << 16];
    private int fill;
    private long written;

    private WavWriter(Path file, OutputStream out, int channels, long frames) {
        this.file = file;
        this.out = out;
        this.channels = channels;
        this.frames = frames;
    }

    /** Creates the file and writes the header for {@code frames} frames of {@code channels} channels. */
    public static WavWriter create(Path file, int sampleRate, int channels, long frames) throws IOException {
        long dataBytes = frames * channels * 2L;
        if (dataBytes > 0xFFFFFFFFL - 36) {
            throw new IOException(file + ": " + dataBytes + " bytes of audio exceed the 4 GiB a WAVE file can hold");
        }
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
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
        out.write(h);
        return new WavWriter(file, out, channels, frames);
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
            buf[fill++] = (byte) s;
            buf[fill++] = (byte) (s >> 8);
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

    /** Rounds a float sample in [-1, 1] to 16 bits, clipping. */
    public static short pcm16(float x) {
        float s = Math.max(-1f, Math.min(1f, x)) * 32767f;
        return (short) Math.round(s);
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
