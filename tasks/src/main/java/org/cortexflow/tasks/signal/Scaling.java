package org.cortexflow.tasks.signal;

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
        // only a few order statistics are needed: select them in ascending order in linear time,
        // each search confined to the part right of the previous one, instead of sorting
        int[] ranks = new int[6];
        int n = 0;
        int lowIdx = (int) Math.floor((len - 1) * (qLow / 100.0));
        int highIdx = (int) Math.floor((len - 1) * (qHigh / 100.0));
        for (int k : new int[] {lowIdx, lowIdx + 1, (len - 1) / 2, len / 2, highIdx, highIdx + 1}) {
            if (k < len) {
                ranks[n++] = k;
            }
        }
        java.util.Arrays.sort(ranks, 0, n);
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || ranks[i] != ranks[i - 1]) {
                orderStatistic(work, from, len, ranks[i]);
                from = ranks[i] + 1;
            }
        }
        // work[k] now holds the k-th smallest for every selected rank
        double c = 0.0;
        if (center) {
            c = len % 2 == 1 ? work[len / 2] : (work[len / 2 - 1] + work[len / 2]) / 2.0;
        }
        double s = 1.0;
        if (scale) {
            s = lerp(work, len, qHigh) - lerp(work, len, qLow);
            if (s < 10 * EPS) {
                s = 1.0;
            }
        }
        for (int i = 0; i < len; i++) {
            x[i] = (x[i] - c) / s;
        }
    }

    /** numpy's linear percentile from an array whose ranks around the quantile are in place. */
    private static double lerp(double[] a, int len, double q) {
        double index = (len - 1) * (q / 100.0);
        int lo = (int) Math.floor(index);
        double t = index - lo;
        double va = a[lo];
        double vb = lo + 1 < len ? a[lo + 1] : va;
        double diff = vb - va;
        return t >= 0.5 ? vb - diff * (1 - t) : va + diff * t;
    }

    /** {@link #percentile} of {@code a[0..len)} without sorting it (the array is reordered). */
    static double quantile(double[] a, int len, double q) {
        int lo = (int) Math.floor((len - 1) * (q / 100.0));
        orderStatistic(a, 0, len, lo);
        if (lo + 1 < len) {
            orderStatistic(a, lo + 1, len, lo + 1);
        }
        return lerp(a, len, q);
    }

    /**
     * Puts the k-th smallest of {@code a[0..len)} at {@code a[k]} by quickselect within
     * {@code [from, to)}, which must already hold every value ranked {@code from} and above (the
     * state a previous selection of rank {@code from - 1} leaves): smaller values end before k,
     * larger after.
     */
    static double orderStatistic(double[] a, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        while (hi > lo) {
            if (k == lo) { // the minimum of the range: one pass
                int m = lo;
                for (int i = lo + 1; i <= hi; i++) {
                    if (a[i] < a[m]) {
                        m = i;
                    }
                }
                swap(a, lo, m);
                return a[lo];
            }
            int mid = (lo + hi) >>> 1;
            // median of three as the pivot, moved to a[lo]
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            swap(a, lo, mid);
            double pivot = a[lo];
            int i = lo;
            int j = hi + 1;
            while (true) {
                do {
                    i++;
                } while (i <= hi && a[i] < pivot);
                do {
                    j--;
                } while (a[j] > pivot);
                if (i >= j) {
                    break;
                }
                swap(a, i, j);
            }
            swap(a, lo, j);
            if (j == k) {
                return a[k];
            } else if (j < k) {
                lo = j + 1;
            } else {
                hi = j - 1;
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
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
