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
     * {@code scipy.signal.lfilter_zi}: the state at the steady state of a unit step, from
     * {@code (I - companion(a).T) zi = b[1:] - a[1:] b[0]} solved by LU with partial pivoting.
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
        int m = n - 1;
        double[][] mat = new double[m][m];
        double[] rhs = new double[m];
        for (int i = 0; i < m; i++) {
            mat[i][i] = 1;
            mat[i][0] -= -a[i + 1] / a[0];
            if (i + 1 < m) {
                mat[i][i + 1] -= 1;
            }
            rhs[i] = b[i + 1] - a[i + 1] * b[0];
        }
        return solve(mat, rhs);
    }

    /** Gaussian elimination with partial pivoting (as LAPACK's dgesv). */
    static double[] solve(double[][] m, double[] rhs) {
        int n = rhs.length;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            double tv = rhs[c];
            rhs[c] = rhs[piv];
            rhs[piv] = tv;
            if (m[c][c] == 0) {
                throw new IllegalArgumentException("singular system: the filter has a pole at z = 1");
            }
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                if (f != 0) {
                    for (int k = c; k < n; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                    rhs[r] -= f * rhs[c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = rhs[r];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        return x;
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
