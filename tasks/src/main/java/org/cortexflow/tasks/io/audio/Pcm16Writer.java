package org.cortexflow.tasks.io.audio;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams interleaved 16-bit PCM frames after a header, for a file whose length is stated up front
 * ({@link WavWriter} little-endian, {@link AuWriter} big-endian). Closing checks that exactly the
 * declared number of frames was written.
 */
public final class Pcm16Writer implements Closeable {

    private final Path file;
    private final OutputStream out;
    private final int channels;
    private final long frames;
    private final boolean bigEndian;
    private final byte[] buf = new byte[1 << 16];
    private int fill;
    private long written;

    private Pcm16Writer(Path file, OutputStream out, int channels, long frames, boolean bigEndian) {
        this.file = file;
        this.out = out;
        this.channels = channels;
        this.frames = frames;
        this.bigEndian = bigEndian;
    }

    /** Creates {@code file} and writes {@code header}; {@code frames} frames of {@code channels} follow. */
    static Pcm16Writer create(Path file, byte[] header, int channels, long frames, boolean bigEndian) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        out.write(header);
        return new Pcm16Writer(file, out, channels, frames, bigEndian);
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
            buf[fill++] = (byte) (bigEndian ? s >> 8 : s);
            buf[fill++] = (byte) (bigEndian ? s : s >> 8);
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
}
