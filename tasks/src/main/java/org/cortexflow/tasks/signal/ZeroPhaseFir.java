package org.cortexflow.tasks.signal;

import java.io.IOException;

/**
 * Zero-phase filtering with an odd-length symmetric FIR filter by FFT block convolution, streamed
 * over time with a memory footprint of a few FFT blocks; matches MNE 1.3's
 * {@code _overlap_add_filter} with {@code phase='zero'} and {@code pad='reflect_limited'}: the
 * signal is extended at each end by {@code min(len(h), n) - 1} samples of odd reflection
 * ({@code 2 x[0] - x[k]}), convolved, and the delay of {@code (len(h) - 1) / 2} removed.
 * (Overlap-save instead of MNE's overlap-add: the same linear convolution, computed in blocks.)
 */
public final class ZeroPhaseFir {

    private final double[] h;
    private final long n;
    private final int edge;
    private final int fftLen;
    private final double[] spectrum;

    /**
     * @param h the filter, odd length
     * @param n the length of the signals it will filter
     */
    public ZeroPhaseFir(double[] h, long n) {
        this(h, n, chooseFftLength(h.length, n));
    }

    /** With a given FFT block length (a power of two of at least 2 * len(h) - 1). */
    ZeroPhaseFir(double[] h, long n, int fftLen) {
        if (h.length % 2 == 0) {
            throw new IllegalArgumentException("a zero-phase FIR filter needs an odd length, got " + h.length);
        }
        if (n < 1) {
            throw new IllegalArgumentException("nothing to filter: the signal is empty");
        }
        this.h = h.clone();
        this.n = n;
        this.edge = (int) Math.max(Math.min(h.length, n) - 1, 0);
        if (Integer.bitCount(fftLen) != 1 || fftLen < h.length) {
            throw new IllegalArgumentException("FFT length " + fftLen + " for " + h.length + " taps");
        }
        this.fftLen = fftLen;
        this.spectrum = new double[fftLen];
        System.arraycopy(h, 0, spectrum, 0, h.length);
        RealFft.of(fftLen).forwardPacked(spectrum);
        for (int i = 0; i < fftLen; i++) {
            spectrum[i] *= 2.0 / fftLen; // JTransforms' unscaled real inverse returns n/2 times the signal
        }
    }

    /** The FFT block length: a power of two chosen by MNE's cost rule (multiplications plus a size penalty). */
    static int chooseFftLength(int taps, long n) {
        int min = Integer.highestOneBit(Math.max(2 * taps - 2, 1)) << 1; // next power of two >= 2 * taps - 1
        long single = n + taps - 1;
        int best = min;
        double bestCost = Double.POSITIVE_INFINITY;
        for (long size = min; ; size <<= 1) {
            if (size > (1 << 27)) {
                break;
            }
            long block = size - taps + 1;
            double cost = Math.ceil((double) n / block) * size * (Math.log(size) / Math.log(2) + 1) + 4e-5 * size * n;
            if (cost < bestCost) {
                bestCost = cost;
                best = (int) size;
            }
            if (size >= single) {
                break;
            }
        }
        return best;
    }

    public int fftLength() {
        return fftLen;
    }

    /** Samples of odd reflection added at each end (MNE's n_edge). */
    public int edge() {
        return edge;
    }

    /** Filters a whole array (for tests and short signals). */
    public double[] apply(double[] x) throws IOException {
        if (x.length != n) {
            throw new IllegalArgumentException("this filter was set up for " + n + " samples, got " + x.length);
        }
        double[] y = new double[x.length];
        apply(SampleSource.of(x), SampleSink.of(y));
        return y;
    }

    /**
     * Filters one signal of the configured length: reads it from {@code src} in blocks (each
     * sample once, plus the ends once more for the padding) and writes the output in order.
     */
    public void apply(SampleSource src, SampleSink dst) throws IOException {
        int taps = h.length;
        int half = (taps - 1) / 2;
        if (taps == 1) {
            double[] buf = new double[(int) Math.min(n, 1 << 16)];
            for (long s = 0; s < n; s += buf.length) {
                int len = (int) Math.min(buf.length, n - s);
                src.read(s, buf, 0, len);
                for (int i = 0; i < len; i++) {
                    buf[i] *= h[0];
                }
                dst.write(s, buf, 0, len);
            }
            return;
        }
        Extended ext = new Extended(src, n, edge);
        RealFft fft = RealFft.of(fftLen);
        int block = fftLen - taps + 1;
        double[] work = new double[fftLen];
        double[] overlap = new double[taps - 1];
        // the block covers extended samples [pos, pos + fftLen); outputs j - shift come from its tail
        long shift = half + edge;
        long pos = shift - taps + 1;
        ext.fill(pos, overlap, 0, taps - 1);
        for (long out = 0; out < n; out += block) {
            System.arraycopy(overlap, 0, work, 0, taps - 1);
            ext.fill(pos + taps - 1, work, taps - 1, block);
            System.arraycopy(work, block, overlap, 0, taps - 1); // the next block's first taps - 1 samples
            fft.forwardPacked(work);
            multiply(work, spectrum);
            fft.inversePacked(work, false);
            int len = (int) Math.min(block, n - out);
            dst.write(out, work, taps - 1, len);
            pos += block;
        }
    }

    /** Packed spectra product, {@code a *= b}. */
    static void multiply(double[] a, double[] b) {
        int len = a.length;
        a[0] *= b[0];
        if (len % 2 == 0) {
            a[1] *= b[1];
            for (int k = 2; k < len; k += 2) {
                double re = a[k] * b[k] - a[k + 1] * b[k + 1];
                double im = a[k] * b[k + 1] + a[k + 1] * b[k];
                a[k] = re;
                a[k + 1] = im;
            }
        } else {
            throw new IllegalStateException("odd FFT length " + len);
        }
    }

    /** The signal with MNE's reflect_limited padding, zero outside, read on demand. */
    private static final class Extended {
        private final SampleSource src;
        private final long n;
        private final int edge;
        private final double[] head;
        private final double[] tail;

        Extended(SampleSource src, long n, int edge) throws IOException {
            this.src = src;
            this.n = n;
            this.edge = edge;
            int k = (int) Math.min(n, edge + 1L);
            head = new double[k];
            tail = new double[k];
            src.read(0, head, 0, k);
            src.read(n - k, tail, 0, k);
        }

        /** Extended samples {@code [p, p + len)} into {@code dst[off..]}. */
        void fill(long p, double[] dst, int off, int len) throws IOException {
            long total = n + 2L * edge;
            int i = 0;
            while (i < len) {
                long q = p + i;
                if (q < 0 || q >= total) {
                    long stop = q < 0 ? Math.min(p + len, 0) : p + len;
                    int cnt = (int) (stop - q);
                    java.util.Arrays.fill(dst, off + i, off + i + cnt, 0.0);
                    i += cnt;
                } else if (q < edge) {
                    double x0 = head[0];
                    for (; i < len && p + i < edge; i++) {
                        dst[off + i] = 2 * x0 - head[(int) (edge - (p + i))];
                    }
                } else if (q < edge + n) {
                    int cnt = (int) Math.min(len - i, edge + n - q);
                    src.read(q - edge, dst, off + i, cnt);
                    i += cnt;
                } else {
                    double xl = tail[tail.length - 1];
                    for (; i < len && p + i < total; i++) {
                        long r = p + i - edge - n; // 0 .. edge-1: mirror of x[n-2-r]
                        dst[off + i] = 2 * xl - tail[(int) (tail.length - 2 - r)];
                    }
                }
            }
        }
    }
}
