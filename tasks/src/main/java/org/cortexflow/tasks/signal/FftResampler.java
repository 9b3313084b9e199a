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

    private FftResampler() {
    }

    /** {@code scipy.signal.resample(x, num)} for real x. */
    public static double[] resample(double[] x, int num) {
        if (num < 1) {
            throw new IllegalArgumentException("resampled length must be at least 1, got " + num);
        }
        int nx = x.length;
        if (nx == 0) {
            throw new IllegalArgumentException("nothing to resample: the signal is empty");
        }
        RealFft fwd = new RealFft(nx);
        double[] a = x.clone();
        fwd.forwardPacked(a);
        int bins = nx / 2 + 1;
        double[] re = new double[bins];
        double[] im = new double[bins];
        fwd.unpack(a, re, im);
        int outBins = num / 2 + 1;
        double[] yr = new double[outBins];
        double[] yi = new double[outBins];
        int small = Math.min(num, nx);
        int keep = small / 2 + 1;
        System.arraycopy(re, 0, yr, 0, keep);
        System.arraycopy(im, 0, yi, 0, keep);
        if (small % 2 == 0) {
            if (num < nx) {
                yr[small / 2] *= 2;
                yi[small / 2] *= 2;
            } else if (nx < num) {
                yr[small / 2] *= 0.5;
                yi[small / 2] *= 0.5;
            }
        }
        RealFft inv = new RealFft(num);
        double[] y = new double[num];
        inv.pack(yr, yi, y);
        inv.inversePacked(y, true);
        double scale = (double) num / (double) nx;
        for (int i = 0; i < num; i++) {
            y[i] *= scale;
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
        double[] padded = reflectLimited(x, plan.padLeft(), plan.padRight());
        int oldLen = padded.length;
        int newLen = plan.newLength();
        boolean shorter = newLen < oldLen;
        int useLen = shorter ? newLen : oldLen;
        RealFft fwd = new RealFft(oldLen);
        fwd.forwardPacked(padded);
        int bins = oldLen / 2 + 1;
        double[] re = new double[bins];
        double[] im = new double[bins];
        fwd.unpack(padded, re, im);
        if (useLen % 2 == 0) {
            int nyq = useLen / 2;
            if (nyq < bins) {
                double f = shorter ? 2 : 0.5;
                re[nyq] *= f;
                im[nyq] *= f;
            }
        }
        double w = (double) newLen / (double) oldLen;
        int outBins = newLen / 2 + 1;
        double[] yr = new double[outBins];
        double[] yi = new double[outBins];
        int keep = Math.min(outBins, bins);
        for (int k = 0; k < keep; k++) {
            yr[k] = re[k] * w;
            yi[k] = im[k] * w;
        }
        RealFft inv = new RealFft(newLen);
        double[] y = new double[newLen];
        inv.pack(yr, yi, y);
        inv.inversePacked(y, true);
        int out = plan.outLength();
        int from = plan.trimLeft();
        if (from == 0 && out == newLen) {
            return y;
        }
        double[] r = new double[out];
        System.arraycopy(y, from, r, 0, Math.min(out, newLen - from));
        return r;
    }

    /**
     * MNE's {@code _smart_pad(x, (left, right), 'reflect_limited')}: odd reflection about the end
     * samples, and zeros beyond where the signal is too short to reflect.
     */
    static double[] reflectLimited(double[] x, int left, int right) {
        int n = x.length;
        double[] out = new double[n + left + right];
        if (left == 0 && right == 0) {
            System.arraycopy(x, 0, out, 0, n);
            return out;
        }
        int lz = Math.max(left - n + 1, 0);
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
        return out;
    }
}
