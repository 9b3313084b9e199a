package org.cortexflow.tasks.signal;

/**
 * Second-order-section IIR filtering: {@code scipy.signal.sosfilt} (transposed direct form II per
 * section), {@code sosfilt_zi}, and zero-phase {@code sosfiltfilt} with odd padding and scipy's
 * default pad length (scipy 1.10).
 */
public final class SosFilter {

    private SosFilter() {
    }

    /** scipy's default pad length: 3 * (2 * sections + 1 - trailing zero coefficients). */
    public static int defaultPadlen(double[][] sos) {
        int zb = 0;
        int za = 0;
        for (double[] s : sos) {
            zb += s[2] == 0 ? 1 : 0;
            za += s[5] == 0 ? 1 : 0;
        }
        return 3 * (2 * sos.length + 1 - Math.min(zb, za));
    }

    /**
     * Filters {@code x[from..to)} in place, forward, carrying the state {@code zi[section][2]}.
     * Section by section over the whole range: each sample goes through the same operations as in
     * scipy's sample-by-sample cascade, so the result is the same to the bit, and the loop keeps
     * its five coefficients and two states in registers.
     */
    public static void filter(double[][] sos, double[] x, int from, int to, double[][] zi) {
        for (int s = 0; s < sos.length; s++) {
            double[] c = sos[s];
            double b0 = c[0];
            double b1 = c[1];
            double b2 = c[2];
            double a1 = c[4];
            double a2 = c[5];
            double z0 = zi[s][0];
            double z1 = zi[s][1];
            for (int n = from; n < to; n++) {
                double xn = x[n];
                double y = b0 * xn + z0;
                z0 = b1 * xn - a1 * y + z1;
                z1 = b2 * xn - a2 * y;
                x[n] = y;
            }
            zi[s][0] = z0;
            zi[s][1] = z1;
        }
    }

    /** {@code scipy.signal.sosfilt_zi}: the state of each section at the steady state of a unit step. */
    public static double[][] zi(double[][] sos) {
        double[][] zi = new double[sos.length][];
        double scale = 1.0;
        for (int s = 0; s < sos.length; s++) {
            double[] b = {sos[s][0], sos[s][1], sos[s][2]};
            double[] a = {sos[s][3], sos[s][4], sos[s][5]};
            double[] z = TransferFilter.zi(b, a);
            for (int i = 0; i < z.length; i++) {
                z[i] *= scale;
            }
            zi[s] = z;
            scale *= (b[0] + b[1] + b[2]) / (a[0] + a[1] + a[2]);
        }
        return zi;
    }

    /**
     * {@code scipy.signal.sosfiltfilt(sos, x)}: forward-backward filtering with odd extension of
     * {@code padlen} samples at each end and steady-state initial conditions.
     *
     * @param padlen the pad length; {@code -1} for scipy's default
     * @throws IllegalArgumentException when the signal is not longer than the pad length (as scipy)
     */
    public static double[] filtfilt(double[][] sos, double[] x, int padlen) {
        int edge = padlen < 0 ? defaultPadlen(sos) : padlen;
        double[] ext = TransferFilter.oddExtend(x, edge);
        double[][] zi = zi(sos);
        runBothWays(sos, ext, zi);
        return edge == 0 ? ext : java.util.Arrays.copyOfRange(ext, edge, edge + x.length);
    }

    private static void runBothWays(double[][] sos, double[] ext, double[][] zi) {
        double[][] state = scaled(zi, ext[0]);
        filter(sos, ext, 0, ext.length, state);
        TransferFilter.reverse(ext);
        state = scaled(zi, ext[0]);
        filter(sos, ext, 0, ext.length, state);
        TransferFilter.reverse(ext);
    }

    private static double[][] scaled(double[][] zi, double v) {
        double[][] s = new double[zi.length][2];
        for (int i = 0; i < zi.length; i++) {
            s[i][0] = zi[i][0] * v;
            s[i][1] = zi[i][1] * v;
        }
        return s;
    }

    /** |H(e^{jw})| of the cascade. */
    public static double magnitude(double[][] sos, double w) {
        double g = 1;
        Complex e1 = new Complex(Math.cos(-w), Math.sin(-w));
        Complex e2 = e1.times(e1);
        for (double[] s : sos) {
            Complex num = Complex.real(s[0]).plus(e1.times(s[1])).plus(e2.times(s[2]));
            Complex den = Complex.real(s[3]).plus(e1.times(s[4])).plus(e2.times(s[5]));
            g *= num.abs() / den.abs();
        }
        return g;
    }
}
