package org.cortexflow.tasks.synth;

/**
 * SPM's canonical haemodynamic response function: the difference of two gamma densities, peak
 * shape 6 and undershoot shape 16 (scale 1 s), undershoot ratio 1/6, 32 s long, sampled every
 * {@code dt} seconds from 0 and normalised to unit sum. Matches {@code spm_hrf} with its default
 * parameters [6 16 1 1 6 0 32] (reference: scipy.stats.gamma, tasks/src/test/goldens/make_hrf.py).
 */
public final class Hrf {

    private static final double GAMMA_6 = 120; // (6-1)!
    private static final double GAMMA_16 = 1_307_674_368_000.0; // (16-1)!

    private Hrf() {
    }

    /** The kernel sampled at 0, dt, 2 dt, ... up to 32 s. */
    public static double[] canonical(double dt) {
        int n = (int) Math.floor(32 / dt) + 1;
        double[] h = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double t = i * dt;
            h[i] = gammaPdf(t, 6, GAMMA_6) - gammaPdf(t, 16, GAMMA_16) / 6;
            sum += h[i];
        }
        for (int i = 0; i < n; i++) {
            h[i] /= sum;
        }
        return h;
    }

    /** Gamma density with integer shape {@code k}, scale 1: t^(k-1) e^-t / (k-1)!. */
    private static double gammaPdf(double t, int k, double factorial) {
        if (t <= 0) {
            return 0;
        }
        return StrictMath.exp((k - 1) * StrictMath.log(t) - t) / factorial;
    }

    /** Causal convolution of {@code x} (sampled every dt) with the kernel {@code h}, same length as x. */
    public static double[] convolve(double[] x, double[] h) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0) {
                continue;
            }
            int n = Math.min(h.length, x.length - i);
            for (int k = 0; k < n; k++) {
                y[i + k] += x[i] * h[k];
            }
        }
        return y;
    }
}
