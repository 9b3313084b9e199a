package org.cortexflow.tasks.signal;

import java.util.Arrays;

/**
 * Per-row scaling of a signal, as scikit-learn fits a scaler to one feature: robust (median and
 * inter-quantile range, sklearn.preprocessing.RobustScaler with numpy's linear-interpolation
 * percentiles) or standard (mean and population standard deviation, sklearn StandardScaler), with
 * sklearn's rule that a (near-)zero scale becomes 1.
 */
final class Scaling {

    private static final double EPS = Math.ulp(1.0);

    private Scaling() {
    }

    /** numpy.percentile(sorted, q, method='linear') on an ascending array, q in [0, 100]. */
    static double percentile(double[] sorted, double q) {
        int n = sorted.length;
        double index = (n - 1) * (q / 100.0);
        int lo = (int) Math.floor(index);
        int hi = Math.min(lo + 1, n - 1);
        double t = index - lo;
        double a = sorted[lo];
        double b = sorted[hi];
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t; // numpy's _lerp, symmetric for monotonicity
    }

    /** numpy.median of an ascending array. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /**
     * RobustScaler.fit_transform on one feature: {@code (x - median) / (q_hi - q_lo)}, in place;
     * a scale below 10 machine epsilons becomes 1 (sklearn's _handle_zeros_in_scale).
     *
     * @param work scratch of at least {@code len} values
     */
    static void robust(double[] x, int len, double qLow, double qHigh, boolean center, boolean scale, double[] work) {
        System.arraycopy(x, 0, work, 0, len);
        double[] sorted = len == work.length ? work : Arrays.copyOf(work, len);
        Arrays.sort(sorted, 0, len);
        double c = center ? median(sorted) : 0.0;
        double s = 1.0;
        if (scale) {
            s = percentile(sorted, qHigh) - percentile(sorted, qLow);
            if (s < 10 * EPS) {
                s = 1.0;
            }
        }
        for (int i = 0; i < len; i++) {
            x[i] = (x[i] - c) / s;
        }
    }

    /**
     * StandardScaler.fit_transform on one feature: {@code (x - mean) / std} (population std), in
     * place; a variance within rounding of zero leaves the scale 1 (sklearn's _is_constant_feature).
     */
    static void standard(double[] x, int len, boolean center, boolean scale) {
        double mean = 0;
        for (int i = 0; i < len; i++) {
            mean += x[i];
        }
        mean /= len;
        double var = 0;
        for (int i = 0; i < len; i++) {
            double d = x[i] - mean;
            var += d * d;
        }
        var /= len;
        double s = 1.0;
        if (scale) {
            double bound = len * EPS * var + Math.pow(len * mean * EPS, 2);
            s = var <= bound ? 1.0 : Math.sqrt(var);
        }
        double c = center ? mean : 0.0;
        for (int i = 0; i < len; i++) {
            x[i] = (x[i] - c) / s;
        }
    }
}
