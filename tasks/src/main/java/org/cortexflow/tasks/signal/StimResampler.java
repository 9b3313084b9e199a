package org.cortexflow.tasks.signal;

/**
 * Trigger channels resampled without smearing their codes, as MNE 1.3's
 * {@code _resample_stim_channels}: output sample i takes the first non-zero value among the input
 * samples from {@code floor(i / ratio)} up to the next output's start (or the first sample's value
 * when all are zero).
 */
final class StimResampler {

    private StimResampler() {
    }

    static double[] resample(double[] x, double ratio, int outLength) {
        int n = x.length;
        double[] y = new double[outLength];
        for (int i = 0; i < outLength; i++) {
            int from = pick(i, ratio, n);
            int to = i + 1 < outLength ? pick(i + 1, ratio, n) : n;
            double v = x[from];
            for (int k = from; k < to; k++) {
                if (x[k] != 0) {
                    v = x[k];
                    break;
                }
            }
            y[i] = v;
        }
        return y;
    }

    private static int pick(int i, double ratio, int n) {
        return (int) Math.min((long) (i / ratio), n - 1L);
    }
}
