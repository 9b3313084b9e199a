package org.cortexflow.tasks.signal;

/**
 * Transfer-function ({@code b, a}) IIR filtering: {@code scipy.signal.lfilter} (transposed direct
 * form II), {@code lfilter_zi} and zero-phase {@code filtfilt} with odd padding and the default
 * pad length {@code 3 * max(len(a), len(b))} (scipy 1.10).
 */
public final class TransferFilter {

    private TransferFilter() {
    }

    /** scipy's default filtfilt pad length. */
    public static int defaultPadlen(double[] b, double[] a) {
        return 3 * Math.max(a.length, b.length);
    }

    /** Filters {@code x} in place from state {@code z} (length max(len(a), len(b)) - 1), updating it. */
    public static void filter(double[] b0, double[] a0, double[] x, double[] z) {
        int n = Math.max(a0.length, b0.length);
        double[] b = pad(b0, n);
        double[] a = pad(a0, n);
        double norm = a[0];
        for (int i = 0; i < n; i++) {
            b[i] /= norm;
            a[i] /= norm;
        }
        if (n == 1) {
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] * b[0];
            }
            return;
        }
        if (n == 3) { // a biquad (iirnotch): coefficients and state in registers, same operations
            double c0 = b[0];
            double c1 = b[1];
            double c2 = b[2];
            double d1 = a[1];
            double d2 = a[2];
            double z0 = z[0];
            double z1 = z[1];
            for (int i = 0; i < x.length; i++) {
                double xn = x[i];
                double yn = z0 + c0 * xn;
                z0 = z1 + xn * c1 - yn * d1;
                z1 = xn * c2 - yn * d2;
                x[i] = yn;
            }
            z[0] = z0;
            z[1] = z1;
            return;
        }
        for (int i = 0; i < x.length; i++) {
            double xn = x[i];
            double yn = z[0] + b[0] * xn;
            for (int k = 0; k < n - 2; k++) {
                z[k] = z[k + 1] + xn * b[k + 1] - yn * a[k + 1];
            }
            z[n - 2] = xn * b[n - 1] - yn * a[n - 1];
            x[i] = yn;
        }
    }

    /**
     * {@code scipy.signal.lfilter_zi}: the state at the steady state of a unit step. scipy solves
     * {@code (I - companion(a).T) zi = b[1:] - a[1:] b[0]} with LAPACK; that system is badly
     * conditioned for narrow low bands (a 5th-order 2-4 Hz band-pass at 128 Hz: LAPACK's answer is
     * 1.7e-4 away from the exact one). Its exact solution has a closed form, used here, evaluated
     * in exact decimal arithmetic on the double coefficients and rounded once:
     * {@code y = sum(b) / sum(a)}, {@code zi[i] = sum over k > i of (b[k] - a[k] y)}.
     */
    public static double[] zi(double[] b0, double[] a0) {
        int start = 0;
        while (a0.length - start > 1 && a0[start] == 0.0) {
            start++;
        }
        double[] a = java.util.Arrays.copyOfRange(a0, start, a0.length);
        double[] b = b0.clone();
        if (a[0] != 1.0) {
            double a0v = a[0];
            for (int i = 0; i < b.length; i++) {
                b[i] = b[i] / a0v;
            }
            for (int i = 0; i < a.length; i++) {
                a[i] = a[i] / a0v;
            }
        }
        int n = Math.max(a.length, b.length);
        a = pad(a, n);
        b = pad(b, n);
        java.math.MathContext mc = new java.math.MathContext(60);
        java.math.BigDecimal sumB = java.math.BigDecimal.ZERO;
        java.math.BigDecimal sumA = java.math.BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            sumB = sumB.add(new java.math.BigDecimal(b[i]));
            sumA = sumA.add(new java.math.BigDecimal(a[i]));
        }
        if (sumA.signum() == 0) {
            throw new IllegalArgumentException("the filter has a pole at z = 1: no steady state");
        }
        // exact unless the division itself is inexact: rounding sums to a precision would round ties twice
        java.math.BigDecimal y = sumB.signum() == 0 ? java.math.BigDecimal.ZERO : sumB.divide(sumA, mc);
        double[] zi = new double[n - 1];
        java.math.BigDecimal acc = java.math.BigDecimal.ZERO;
        for (int k = n - 1; k >= 1; k--) {
            acc = acc.add(new java.math.BigDecimal(b[k])).subtract(new java.math.BigDecimal(a[k]).multiply(y));
            zi[k - 1] = acc.doubleValue();
        }
        return zi;
    }

    /**
     * {@code scipy.signal.filtfilt(b, a, x)}: forward-backward filtering with odd extension and
     * steady-state initial conditions.
     *
     * @param padlen the pad length; {@code -1} for scipy's default
     * @throws IllegalArgumentException when the signal is not longer than the pad length (as scipy)
     */
    public static double[] filtfilt(double[] b, double[] a, double[] x, int padlen) {
        int edge = padlen < 0 ? defaultPadlen(b, a) : padlen;
        double[] ext = oddExtend(x, edge);
        double[] zi = zi(b, a);
        double[] z = scaled(zi, ext[0]);
        filter(b, a, ext, z);
        reverse(ext);
        z = scaled(zi, ext[0]);
        filter(b, a, ext, z);
        reverse(ext);
        return edge == 0 ? ext : java.util.Arrays.copyOfRange(ext, edge, edge + x.length);
    }

    /** scipy's odd extension: {@code 2 x[0] - x[edge..1]}, x, {@code 2 x[-1] - x[-2..-edge-1]}. */
    static double[] oddExtend(double[] x, int edge) {
        int n = x.length;
        if (n <= edge) {
            throw new IllegalArgumentException("The length of the input vector x must be greater than padlen, which is "
                    + edge + " (scipy.signal.filtfilt refuses it too)");
        }
        double[] ext = new double[n + 2 * edge];
        for (int i = 0; i < edge; i++) {
            ext[i] = 2 * x[0] - x[edge - i];
            ext[edge + n + i] = 2 * x[n - 1] - x[n - 2 - i];
        }
        System.arraycopy(x, 0, ext, edge, n);
        return ext;
    }

    static void reverse(double[] x) {
        for (int i = 0, j = x.length - 1; i < j; i++, j--) {
            double t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
    }

    private static double[] scaled(double[] zi, double v) {
        double[] s = new double[zi.length];
        for (int i = 0; i < zi.length; i++) {
            s[i] = zi[i] * v;
        }
        return s;
    }

    private static double[] pad(double[] c, int n) {
        return c.length == n ? c.clone() : java.util.Arrays.copyOf(c, n);
    }
}
