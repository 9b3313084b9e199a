package org.cortexflow.tasks.synth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The temporal response functions planted in the EEG: for feature f, a Gaussian kernel of width
 * {@code sigma_f} and signed weight {@code w_f}, centred on the subject's latency. A drive is the
 * feature (z-scored over the stimulus set) convolved with the kernel centred at lag 0; the subject
 * adds it, scaled and projected, {@code latency} later.
 */
final class Trf {

    /** Kernel width (ms) per feature: envelope, flux, then every latent dimension. */
    static final double ENVELOPE_SIGMA_MS = 25;
    static final double FLUX_SIGMA_MS = 15;
    static final double LATENT_SIGMA_MS = 40;
    static final double ENVELOPE_WEIGHT = 1.0;
    static final double FLUX_WEIGHT = 0.5;
    static final double LATENT_WEIGHT = 0.7;

    private Trf() {
    }

    static double sigmaMs(String feature) {
        return feature.equals("envelope") ? ENVELOPE_SIGMA_MS : feature.equals("flux") ? FLUX_SIGMA_MS : LATENT_SIGMA_MS;
    }

    /** Latent dimensions alternate in sign, so that their scalp maps differ in polarity too. */
    static double weight(String feature) {
        if (feature.equals("envelope")) {
            return ENVELOPE_WEIGHT;
        }
        if (feature.equals("flux")) {
            return FLUX_WEIGHT;
        }
        int d = Integer.parseInt(feature.substring("latent".length()));
        return d % 2 == 1 ? LATENT_WEIGHT : -LATENT_WEIGHT;
    }

    /** The drive of one stimulus: {@code [feature][t]}, each feature convolved with its kernel (zero padded). */
    static float[][] drive(float[][] features, List<String> names, double sfreq) {
        float[][] out = new float[features.length][];
        for (int f = 0; f < features.length; f++) {
            double sigma = sigmaMs(names.get(f)) / 1000 * sfreq;
            int half = (int) Math.ceil(3 * sigma);
            double[] k = new double[2 * half + 1];
            double sum = 0;
            for (int i = -half; i <= half; i++) {
                k[i + half] = StrictMath.exp(-(i * i) / (2 * sigma * sigma));
                sum += k[i + half];
            }
            double w = weight(names.get(f));
            for (int i = 0; i < k.length; i++) {
                k[i] *= w / sum;
            }
            out[f] = convolve(features[f], k, half);
        }
        return out;
    }

    /**
     * {@code y[t] = sum_i k[i + half] x[t - i]} for |i| <= half, zero padded: by FFT (JTransforms,
     * double precision) for long signals, directly for short ones.
     */
    static float[] convolve(float[] x, double[] k, int half) {
        int n = x.length;
        float[] y = new float[n];
        if ((long) n * k.length < 4_000_000L) {
            for (int t = 0; t < n; t++) {
                double acc = 0;
                for (int i = Math.max(-half, t - n + 1); i <= Math.min(half, t); i++) {
                    acc += k[i + half] * x[t - i];
                }
                y[t] = (float) acc;
            }
            return y;
        }
        int size = Integer.highestOneBit(n + 2 * half) << 1;
        double[] a = new double[size];
        double[] b = new double[size];
        for (int t = 0; t < n; t++) {
            a[t] = x[t];
        }
        for (int i = -half; i <= half; i++) {
            b[Math.floorMod(i, size)] = k[i + half]; // kernel centred on index 0, negative lags wrapped
        }
        org.jtransforms.fft.DoubleFFT_1D fft = new org.jtransforms.fft.DoubleFFT_1D(size);
        fft.realForward(a);
        fft.realForward(b);
        a[0] *= b[0];
        a[1] *= b[1];
        for (int j = 1; j < size / 2; j++) {
            double re = a[2 * j] * b[2 * j] - a[2 * j + 1] * b[2 * j + 1];
            double im = a[2 * j] * b[2 * j + 1] + a[2 * j + 1] * b[2 * j];
            a[2 * j] = re;
            a[2 * j + 1] = im;
        }
        fft.realInverse(a, true);
        for (int t = 0; t < n; t++) {
            y[t] = (float) a[t];
        }
        return y;
    }

    /** Covariance of the drives over all stimuli (each stimulus weighted by its length). */
    static double[][] covariance(List<float[][]> drives) {
        int nf = drives.get(0).length;
        double[] mean = new double[nf];
        long n = 0;
        for (float[][] d : drives) {
            for (int f = 0; f < nf; f++) {
                for (float v : d[f]) {
                    mean[f] += v;
                }
            }
            n += d[0].length;
        }
        for (int f = 0; f < nf; f++) {
            mean[f] /= n;
        }
        double[][] cov = new double[nf][nf];
        for (float[][] d : drives) {
            for (int a = 0; a < nf; a++) {
                for (int b = a; b < nf; b++) {
                    double s = 0;
                    float[] x = d[a];
                    float[] y = d[b];
                    for (int t = 0; t < x.length; t++) {
                        s += (x[t] - mean[a]) * (y[t] - mean[b]);
                    }
                    cov[a][b] += s;
                }
            }
        }
        for (int a = 0; a < nf; a++) {
            for (int b = a; b < nf; b++) {
                cov[a][b] /= Math.max(1, n - 1);
                cov[b][a] = cov[a][b];
            }
        }
        return cov;
    }

    /** The planted kernels, for ground_truth.json. */
    static Map<String, Object> describe(List<String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> kernels = new ArrayList<>();
        for (String f : names) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("feature", f);
            k.put("shape", "gaussian");
            k.put("sigma_ms", sigmaMs(f));
            k.put("weight", weight(f));
            kernels.add(k);
        }
        m.put("kernels", kernels);
        m.put("definition", "response(t, c) = gain_uv * sum_f pattern_f[c] * sum_lag w_f * g_f(lag - latency)"
                + " * z_f(t - lag), g_f a unit-sum Gaussian of width sigma_f, z_f the stimulus feature z-scored over the set");
        return m;
    }
}
