package org.cortexflow.tasks.signal;

/**
 * Resampling in the frequency domain: {@code scipy.signal.resample(x, num)} (the spectrum of the
 * whole signal truncated or zero-padded, the Nyquist bin split or folded), and MNE 1.3's
 * {@code mne.filter.resample(x, up, down, npad, window='boxcar', pad='reflect_limited')}, which
 * does the same to the signal extended by odd reflection to a power-of-two length
 * ({@code npad='auto'}) and trims the padding afterwards.
 */
public final class FftResampler {

    /**
     * How MNE pads and trims one signal.
     *
     * @param padLeft   samples added before
     * @param padRight  samples added after
     * @param newLength length after resampling the padded signal
     * @param trimLeft  samples removed from the start of the result
     * @param outLength the final length, round(ratio * n)
     */
    public record Plan(int padLeft, int padRight, int newLength, int trimLeft, int outLength) {
    }

    /** Per thread, the padded signal's buffer: large (2^20 doubles for 10 min at 1 kHz) and reused. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[1][0]);

    private FftResampler() {
    }

    private static double[] scratch(int n) {
        double[][] holder = SCRATCH.get();
        if (holder[0].length < n) {
            holder[0] = new double[n];
        }
        return holder[0];
    }

    /** {@code scipy.signal.resample(x, num)} for real x. */
    public static double[] resample(double[] x, int num) {
        if (num < 1) {
            throw new IllegalArgumentException("resampled length must be at least 1, got " + num);
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("nothing to resample: the signal is empty");
        }
        return spectral(x.clone(), num, 1.0, (double) num / (double) x.length);
    }

    /**
     * The shared core: the packed spectrum of {@code a} (transformed in place) cut or zero-padded
     * to {@code num} points, the Nyquist bin of the shorter length doubled (down) or halved (up)
     * as scipy and MNE do, scaled by {@code before} ahead of the inverse and {@code after} behind it.
     */
    private static double[] spectral(double[] a, int num, double before, double after) {
        int nx = a.length;
        RealFft fwd = RealFft.of(nx);
        fwd.forwardPacked(a);
        RealFft inv = RealFft.of(num);
        double[] y = new double[num];
        int small = Math.min(num, nx);
        int keep = Math.min(small / 2 + 1, num / 2 + 1);
        int nyq = small % 2 == 0 && num != nx ? small / 2 : -1;
        double nyqFactor = num < nx ? 2.0 : 0.5;
        for (int k = 0; k < keep; k++) {
            double re = fwd.re(a, k) * before;
            double im = fwd.im(a, k) * before;
            if (k == nyq) {
                re *= nyqFactor;
                im *= nyqFactor;
            }
            inv.set(y, k, re, im);
        }
        inv.inversePacked(y, true);
        if (after != 1.0) {
            for (int i = 0; i < num; i++) {
                y[i] *= after;
            }
        }
        return y;
    }

    /**
     * MNE's padding plan for a signal of {@code n} samples resampled by {@code ratio}.
     *
     * @param npad samples to add at each end, or -1 for MNE's "auto" (up to the next power of two
     *             with at least min(n / 8, 100) samples at each end)
     */
    public static Plan plan(int n, double ratio, int npad) {
        if (n < 1) {
            throw new IllegalArgumentException("nothing to resample: the signal is empty");
        }
        int left;
        int right;
        if (npad < 0) {
            int minAdd = Math.min(n / 8, 100) * 2;
            long target = 1L << (64 - Long.numberOfLeadingZeros(Math.max(n + minAdd - 1, 1)));
            if (n + minAdd == 1) {
                target = 1;
            }
            int total = Math.toIntExact(target - n);
            left = total / 2;
            right = total / 2 + total % 2;
        } else {
            left = npad;
            right = npad;
        }
        long origLen = (long) n + left + right;
        int newLen = (int) Math.max(Math.rint(ratio * origLen), 1);
        int outLen = (int) Math.max(Math.rint(ratio * n), 1);
        int trimLeft = (int) Math.rint(ratio * left);
        return new Plan(left, right, newLen, trimLeft, outLen);
    }

    /** MNE's resample of one signal following {@code plan} (boxcar window, reflect_limited padding). */
    public static double[] resampleMne(double[] x, Plan plan) {
        int oldLen = x.length + plan.padLeft() + plan.padRight();
        double[] padded = scratch(oldLen);
        reflectLimited(x, plan.padLeft(), plan.padRight(), padded);
        int newLen = plan.newLength();
        // MNE: the Nyquist bin of min(old, new) is doubled when shortening, halved otherwise (also
        // when the lengths are equal), and every bin scaled by new / old before the inverse FFT
        double[] y = spectralMne(padded, oldLen, newLen, (double) newLen / (double) oldLen);
        int out = plan.outLength();
        int from = plan.trimLeft();
        if (from == 0 && out == newLen) {
            return y;
        }
        double[] r = new double[out];
        System.arraycopy(y, from, r, 0, Math.max(0, Math.min(out, newLen - from)));
        return r;
    }

    private static double[] spectralMne(double[] a, int oldLen, int newLen, double w) {
        boolean shorter = newLen < oldLen;
        int useLen = shorter ? newLen : oldLen;
        RealFft fwd = RealFft.of(oldLen);
        fwd.forwardPacked(a);
        RealFft inv = RealFft.of(newLen);
        double[] y = new double[newLen];
        int keep = Math.min(oldLen / 2 + 1, newLen / 2 + 1);
        int nyq = useLen % 2 == 0 ? useLen / 2 : -1;
        double f = shorter ? 2 : 0.5;
        for (int k = 0; k < keep; k++) {
            double re = fwd.re(a, k);
            double im = fwd.im(a, k);
            if (k == nyq) {
                re *= f;
                im *= f;
            }
            inv.set(y, k, re * w, im * w);
        }
        inv.inversePacked(y, true);
        return y;
    }

    /**
     * MNE's {@code _smart_pad(x, (left, right), 'reflect_limited')}: odd reflection about the end
     * samples, and zeros beyond where the signal is too short to reflect.
     */
    static double[] reflectLimited(double[] x, int left, int right) {
        double[] out = new double[x.length + left + right];
        reflectLimited(x, left, right, out);
        return out;
    }

    /** Into {@code out[0 .. n + left + right)}. */
    static void reflectLimited(double[] x, int left, int right, double[] out) {
        int n = x.length;
        int lz = Math.max(left - n + 1, 0);
        java.util.Arrays.fill(out, 0, lz, 0.0);
        int lr = left - lz; // reflected samples on the left
        for (int i = 0; i < lr; i++) {
            out[lz + i] = 2 * x[0] - x[lr - i];
        }
        System.arraycopy(x, 0, out, left, n);
        int rz = Math.max(right - n + 1, 0);
        int rr = right - rz;
        for (int i = 0; i < rr; i++) {
            out[left + n + i] = 2 * x[n - 1] - x[n - 2 - i];
        }
        java.util.Arrays.fill(out, left + n + rr, n + left + right, 0.0);
    }
}
