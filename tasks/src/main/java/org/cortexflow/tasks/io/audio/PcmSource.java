package org.cortexflow.tasks.io.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cortexflow.tasks.artifact.FileFormatError;

/** Interleaved uncompressed samples at a known place in a file (the data of a WAV, AU or AIFF). */
final class PcmSource implements AudioSource {

    /** Channel counts above this are taken as a damaged header. */
    static final int MAX_CHANNELS = 1024;
    private static final int BLOCK = 1 << 16;

    private final Path file;
    private final FileChannel ch;
    private final String format;
    private final PcmEncoding enc;
    private final boolean bigEndian;
    private final int channels;
    private final double rate;
    private final long frames;
    private final long dataOffset;
    private final int frameBytes;
    private final Map<String, Object> details;
    private final ByteBuffer buf;
    private long pos;

    PcmSource(Path file, String container, PcmEncoding enc, boolean bigEndian, int channels, double rate, long dataOffset,
              long frames, Map<String, Object> details) throws IOException {
        this.file = file;
        this.format = container + " " + enc.label();
        this.enc = enc;
        this.bigEndian = bigEndian;
        this.channels = channels;
        this.rate = rate;
        this.dataOffset = dataOffset;
        this.frames = frames;
        this.frameBytes = enc.bytes() * channels;
        this.details = new LinkedHashMap<>(details);
        this.details.put("encoding", enc.label());
        this.details.put("byte_order", enc.bytes() == 1 ? "n/a" : bigEndian ? "big" : "little");
        this.ch = FileChannel.open(file, StandardOpenOption.READ);
        this.buf = ByteBuffer.allocate(Math.max(frameBytes, BLOCK / frameBytes * frameBytes))
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public double sampleRate() {
        return rate;
    }

    @Override
    public long declaredFrames() {
        return frames;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public int read(float[][] dst, int max) throws IOException, FileFormatError {
        int n = (int) Math.min(Math.min(max, frames - pos), buf.capacity() / frameBytes);
        if (n <= 0) {
            return 0;
        }
        buf.clear().limit(n * frameBytes);
        long at = dataOffset + pos * frameBytes;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, at + buf.position());
            if (r < 0) {
                throw new FileFormatError(file, at + buf.position(), "data", "the file ends inside the sample data",
                        "the file is truncated");
            }
        }
        int item = enc.bytes();
        for (int i = 0; i < n; i++) {
            int base = i * frameBytes;
            for (int c = 0; c < channels; c++) {
                dst[c][i] = enc.get(buf, base + c * item, bigEndian);
            }
        }
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
