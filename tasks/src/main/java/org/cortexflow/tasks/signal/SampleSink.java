package org.cortexflow.tasks.signal;

import java.io.IOException;

/** Where filtered samples go, block by block, in order. */
@FunctionalInterface
public interface SampleSink {

    /** Takes output samples {@code [start, start + len)} from {@code src[off..]}. */
    void write(long start, double[] src, int off, int len) throws IOException;

    /** An array as a sink. */
    static SampleSink of(double[] y) {
        return (start, src, off, len) -> System.arraycopy(src, off, y, Math.toIntExact(start), len);
    }
}
