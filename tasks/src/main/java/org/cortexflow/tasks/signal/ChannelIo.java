package org.cortexflow.tasks.signal;

import java.io.IOException;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.EegWriter;

/** One channel of a recording as a {@link SampleSource} and one channel of an output as a {@link SampleSink}. */
final class ChannelIo {

    /** Samples moved per read or write when copying. */
    static final int BLOCK = 1 << 16;

    private ChannelIo() {
    }

    static SampleSource source(EegRecording rec, int channel) {
        return (start, dst, off, len) -> {
            float[] f = new float[len];
            rec.readChannel(channel, start, f, 0, len);
            for (int i = 0; i < len; i++) {
                dst[off + i] = f[i];
            }
        };
    }

    static SampleSink sink(EegWriter w, int channel) {
        return (start, src, off, len) -> {
            float[] f = new float[len];
            for (int i = 0; i < len; i++) {
                f[i] = (float) src[off + i];
            }
            w.writeChannel(channel, start, f, 0, len);
        };
    }

    /** A whole channel as doubles (for filters that need the whole signal: IIR, FFT resampling). */
    static double[] readAll(EegRecording rec, int channel) throws IOException {
        if (rec.samples() > Integer.MAX_VALUE - 16) {
            throw new IOException("channel of " + rec.samples() + " samples is too long to hold in memory");
        }
        double[] x = new double[(int) rec.samples()];
        source(rec, channel).read(0, x, 0, x.length);
        return x;
    }

    static void writeAll(EegWriter w, int channel, double[] y) throws IOException {
        SampleSink s = sink(w, channel);
        for (int off = 0; off < y.length; off += BLOCK) {
            s.write(off, y, off, Math.min(BLOCK, y.length - off));
        }
    }

    /** Copies a channel unchanged (same length in and out). */
    static void copy(EegRecording rec, EegWriter w, int channel) throws IOException {
        float[] buf = new float[(int) Math.min(BLOCK, Math.max(rec.samples(), 1))];
        for (long s = 0; s < rec.samples(); s += buf.length) {
            int len = (int) Math.min(buf.length, rec.samples() - s);
            rec.readChannel(channel, s, buf, 0, len);
            w.writeChannel(channel, s, buf, 0, len);
        }
    }

    /** Indices of the channels whose type is one of {@code types} (case-insensitive). */
    static java.util.List<Integer> ofTypes(EegRecording rec, java.util.List<String> types) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        types.forEach(t -> wanted.add(t.toUpperCase(java.util.Locale.ROOT)));
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int c = 0; c < rec.channels().size(); c++) {
            if (wanted.contains(rec.channels().get(c).type().toUpperCase(java.util.Locale.ROOT))) {
                out.add(c);
            }
        }
        return out;
    }

    /** 0, 1, ..., n - 1. */
    static java.util.List<Integer> all(int n) {
        java.util.List<Integer> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
