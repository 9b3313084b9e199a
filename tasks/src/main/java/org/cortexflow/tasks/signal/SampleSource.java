package org.cortexflow.tasks.signal;

import java.io.IOException;

/** Samples of one signal, read in blocks (a channel of a recording on disk, or an array). */
@FunctionalInterface
public interface SampleSource {

    /** Reads samples {@code [start, start + len)} into {@code dst[off..]}. */
    void read(long start, double[] dst, int off, int len) throws IOException;

    /** An array as a source. */
    static SampleSource of(double[] x) {
        return (start, dst, off, len) -> System.arraycopy(x, Math.toIntExact(start), dst, off, len);
    }
}
