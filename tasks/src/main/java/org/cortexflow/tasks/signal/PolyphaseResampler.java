package org.cortexflow.tasks.signal;

import java.io.IOException;
import java.math.BigInteger;

/**
 * Rational-ratio resampling by a polyphase FIR filter; matches {@code scipy.signal.resample_poly(x,
 * up, down)} of scipy 1.10 with its default design: a Kaiser-windowed ({@code beta = 5.0}) sinc
 * low-pass of {@code 2 * 10 * max(up, down) + 1} taps with cutoff {@code 1 / max(up, down)} of
 * Nyquist ({@code firwin}), gain {@code up}, zero padding ({@code padtype='constant'}) and output
 * length {@code ceil(n * up / down)}, aligned so that output sample k sits at input time k * down / up.
 *
 * <p>Reusable on its own: plain {@code float[]} and {@code double[]} methods for whole signals and
 * a streamed form for long ones. Instances are immutable and may be shared between threads.
 */
public final class PolyphaseResampler {

    /** scipy's default Kaiser beta for resample_poly. */
    public static final double DEFAULT_BETA = 5.0;
    /** The largest up or down factor accepted (the filter has 20 taps per unit of it). */
    public static final int MAX_FACTOR = 100_000;

    private static final int BLOCK = 1 << 15;

    private final int up;
    private final int down;
    private final int halfLen;
    /** taps[phase][j]: filter taps of one output phase, reversed so they run along the input. */
    private final double[][] taps;
    private final double[] filter;

    /** Resampler by {@code up / down} (reduced by their gcd) with scipy's default Kaiser(5.0) filter. */
    public PolyphaseResampler(int up, int down) {
        this(up, down, DEFAULT_BETA);
    }

    public PolyphaseResampler(int up, int down, double kaiserBeta) {
        if (up < 1 || down < 1) {
            throw new IllegalArgumentException("up and down must be >= 1, got " + up + " and " + down);
        }
        int g = BigInteger.valueOf(up).gcd(BigInteger.valueOf(down)).intValue();
        up /= g;
        down /= g;
        if (Math.max(up, down) > MAX_FACTOR) {
            throw new IllegalArgumentException("resampling by " + up + "/" + down + " needs a filter of "
                    + (20L * Math.max(up, down) + 1) + " taps; the factors may be at most " + MAX_FACTOR);
        }
        this.up = up;
        this.down = down;
        int maxRate = Math.max(up, down);
        this.halfLen = 10 * maxRate;
        int len = 2 * halfLen + 1;
        double[] h = FirDesign.firwinLowpass(len, 1.0 / maxRate, Windows.kaiser(len, kaiserBeta));
        for (int i = 0; i < len; i++) {
            h[i] *= up;
        }
        this.filter = h;
        // output k uses h[k*down + halfLen - i*up] * x[i]; group the taps by phase (k*down + halfLen) % up
        this.taps = new double[up][];
        for (int ph = 0; ph < up; ph++) {
            int count = ph < len ? (len - 1 - ph) / up + 1 : 0;
            double[] t = new double[count];
            for (int j = 0; j < count; j++) {
                t[count - 1 - j] = h[ph + j * up]; // reversed: t[0] multiplies the earliest input sample
            }
            taps[ph] = t;
        }
    }

    /**
     * A resampler from {@code fromHz} to {@code toHz}: the ratio as a reduced fraction (exact for
     * integer rates, else a continued-fraction convergent with factors up to {@link #MAX_FACTOR}
     * within 1e-12 relative, i.e. the ratio of two rates given in decimal).
     *
     * @throws IllegalArgumentException when no such fraction exists
     */
    public static PolyphaseResampler between(double fromHz, double toHz) {
        long[] f = ratio(fromHz, toHz);
        return new PolyphaseResampler((int) f[0], (int) f[1]);
    }

    /** {@code {up, down}} with up / down = toHz / fromHz, reduced. */
    public static long[] ratio(double fromHz, double toHz) {
        if (!(fromHz > 0) || !(toHz > 0) || Double.isInfinite(fromHz) || Double.isInfinite(toHz)) {
            throw new IllegalArgumentException("sampling rates must be positive, got " + fromHz + " and " + toHz);
        }
        if (fromHz == Math.rint(fromHz) && toHz == Math.rint(toHz) && fromHz < 1e15 && toHz < 1e15) {
            BigInteger a = BigInteger.valueOf((long) toHz);
            BigInteger b = BigInteger.valueOf((long) fromHz);
            BigInteger g = a.gcd(b);
            long up = a.divide(g).longValue();
            long down = b.divide(g).longValue();
            if (Math.max(up, down) <= MAX_FACTOR) {
                return new long[] {up, down};
            }
        }
        // continued fraction of toHz / fromHz
        double target = toHz / fromHz;
        long p0 = 0;
        long q0 = 1;
        long p1 = 1;
        long q1 = 0;
        double r = target;
        for (int iter = 0; iter < 64; iter++) {
            long a = (long) Math.floor(r);
            long p2 = a * p1 + p0;
            long q2 = a * q1 + q0;
            if (Math.max(p2, q2) > MAX_FACTOR) {
                break;
            }
            p0 = p1;
            q0 = q1;
            p1 = p2;
            q1 = q2;
            if (Math.abs((double) p1 / q1 - target) <= 1e-12 * target) {
                return new long[] {p1, q1};
            }
            double frac = r - a;
            if (frac == 0) {
                break;
            }
            r = 1 / frac;
        }
        throw new IllegalArgumentException("the ratio " + toHz + " / " + fromHz + " Hz is not a fraction with up and down factors of at most "
                + MAX_FACTOR + "; use FFT resampling for this ratio");
    }

    public int up() {
        return up;
    }

    public int down() {
        return down;
    }

    /** The low-pass filter, {@code firwin(...) * up}, {@code 2 * 10 * max(up, down) + 1} taps. */
    public double[] filter() {
        return filter.clone();
    }

    /** {@code ceil(n * up / down)}. */
    public long outputLength(long n) {
        return Math.floorDiv(Math.multiplyExact(n, up) + down - 1, down);
    }

    /** Resamples a whole signal. */
    public double[] resample(double[] x) {
        if (up == 1 && down == 1) {
            return x.clone();
        }
        double[] y = new double[Math.toIntExact(outputLength(x.length))];
        try {
            resample(SampleSource.of(x), x.length, SampleSink.of(y));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // arrays do not fail
        }
        return y;
    }

    /** Resamples a whole signal of floats (computed in double, rounded once). */
    public float[] resample(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        double[] y = resample(d);
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (float) y[i];
        }
        return out;
    }

    /**
     * Resamples a signal of {@code n} samples read from {@code src} in blocks, writing
     * {@link #outputLength(long)} samples to {@code dst} in order; memory stays a few blocks.
     */
    public void resample(SampleSource src, long n, SampleSink dst) throws IOException {
        long total = outputLength(n);
        double[] out = new double[(int) Math.min(BLOCK, Math.max(total, 1))];
        double[] in = new double[0];
        for (long k0 = 0; k0 < total; k0 += out.length) {
            int len = (int) Math.min(out.length, total - k0);
            // input samples needed: i with 0 <= k*down + halfLen - i*up <= 2*halfLen
            long first = Math.floorDiv(k0 * down - halfLen + up - 1, up);
            long last = Math.floorDiv((k0 + len - 1) * down + halfLen, up);
            int span = (int) (last - first + 1);
            if (in.length < span) {
                in = new double[span];
            }
            readPadded(src, n, first, in, span);
            for (int j = 0; j < len; j++) {
                long k = k0 + j;
                long t = k * down + halfLen;
                int ph = (int) (t % up);
                double[] tp = taps[ph];
                // taps of this phase meet inputs i = t/up - (count-1) .. t/up
                int start = (int) (t / up - (tp.length - 1) - first);
                out[j] = dot(tp, in, start);
            }
            dst.write(k0, out, 0, len);
        }
    }

    private static double dot(double[] t, double[] x, int off) {
        int m = t.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < m; j += 4) {
            s0 += t[j] * x[off + j];
            s1 += t[j + 1] * x[off + j + 1];
            s2 += t[j + 2] * x[off + j + 2];
            s3 += t[j + 3] * x[off + j + 3];
        }
        for (; j < m; j++) {
            s0 += t[j] * x[off + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** x[first .. first + len) with zeros outside [0, n). */
    private static void readPadded(SampleSource src, long n, long first, double[] dst, int len) throws IOException {
        long lo = Math.max(first, 0);
        long hi = Math.min(first + len, n);
        java.util.Arrays.fill(dst, 0, len, 0.0);
        if (hi > lo) {
            src.read(lo, dst, (int) (lo - first), (int) (hi - lo));
        }
    }
}
