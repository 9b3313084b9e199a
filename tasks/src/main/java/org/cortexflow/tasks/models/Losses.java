package org.cortexflow.tasks.models;

import java.util.List;
import java.util.Locale;

/**
 * The training losses and their gradients, on plain arrays (double precision inside), shared by
 * every backend: cross-entropy on the song label plus a weighted loss between the EEG
 * representation z and the teacher's representation, which is a constant (stop-gradient).
 *
 * <p>References: {@code torch.nn.functional.cross_entropy} (mean over the batch);
 * PredANN's cross-modal InfoNCE (JURIUENO11/PredANN codes_3s/predann/modules/predann_loss.py):
 * cosine similarities over temperature, each EEG row's positive is its own teacher row and its
 * negatives the other teacher rows, and the same for each teacher row against the EEG rows, summed
 * over the 2B rows and divided by 2B; cosine: mean of 1 - cos; mse: {@code torch.nn.MSELoss}
 * (mean over all elements). Tested against a PyTorch golden.
 */
public final class Losses {

    /** The loss between the student's and the teacher's representation. */
    public enum Kind {
        INFONCE, COSINE, MSE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static List<String> labels() {
            return List.of(INFONCE.label(), COSINE.label(), MSE.label());
        }

        public static Kind parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** PyTorch's cosine_similarity guard against zero norms. */
    private static final double NORM_EPS = 1e-8;

    /** The parts of one batch's loss, and the accuracy of the classifier on it. */
    public record Parts(double crossEntropy, double representation, double total, int correct) {
    }

    private Losses() {
    }

    /**
     * CE(labels) + lambda * loss(z, targets) and the gradients to back-propagate.
     *
     * @param targets teacher representations [n, d] (row i aligned with example i), or null when lambda is 0
     * @param partsOut receives the loss parts; may be null
     */
    public static Network.LossGradient combined(Network.Outputs out, int[] labels, float[] targets, Kind kind,
                                                double lambda, double temperature, Parts[] partsOut) {
        int n = out.n();
        int classes = out.logits().length / n;
        int d = out.representation().length / n;
        float[] dLogits = new float[out.logits().length];
        int[] correct = new int[1];
        double ce = crossEntropy(out.logits(), n, classes, labels, dLogits, correct);
        float[] dZ = new float[out.representation().length];
        double rep = 0;
        if (lambda != 0) {
            if (targets == null || targets.length != out.representation().length) {
                throw new IllegalArgumentException("teacher targets of " + (targets == null ? 0 : targets.length)
                        + " values for a representation of " + n + " x " + d);
            }
            rep = representationLoss(kind, out.representation(), targets, n, d, temperature, dZ, lambda);
        }
        double total = ce + lambda * rep;
        if (partsOut != null) {
            partsOut[0] = new Parts(ce, rep, total, correct[0]);
        }
        return new Network.LossGradient(total, dLogits, dZ);
    }

    /** The loss of {@code kind}; adds {@code weight} times its gradient with respect to z into {@code dZ}. */
    public static double representationLoss(Kind kind, float[] z, float[] t, int n, int d, double temperature,
                                            float[] dZ, double weight) {
        return switch (kind) {
            case INFONCE -> infoNce(z, t, n, d, temperature, dZ, weight);
            case COSINE -> cosine(z, t, n, d, dZ, weight);
            case MSE -> mse(z, t, n, d, dZ, weight);
        };
    }

    /**
     * Mean softmax cross-entropy; writes its gradient (softmax - onehot) / n into {@code dLogits}.
     *
     * @param correct receives the number of rows whose argmax is the label (may be null)
     */
    public static double crossEntropy(float[] logits, int n, int classes, int[] labels, float[] dLogits, int[] correct) {
        double loss = 0;
        int right = 0;
        for (int i = 0; i < n; i++) {
            int off = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int k = 0; k < classes; k++) {
                if (logits[off + k] > max) {
                    max = logits[off + k];
                    arg = k;
                }
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[off + k] - max);
            }
            int y = labels[i];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + y + " outside 0.." + (classes - 1));
            }
            loss += Math.log(sum) + max - logits[off + y];
            if (arg == y) {
                right++;
            }
            if (dLogits != null) {
                for (int k = 0; k < classes; k++) {
                    double p = Math.exp(logits[off + k] - max) / sum;
                    dLogits[off + k] = (float) ((p - (k == y ? 1 : 0)) / n);
                }
            }
        }
        if (correct != null) {
            correct[0] = right;
        }
        return loss / n;
    }

    /** Rows scaled to unit length (norm floored at 1e-8); norms returned in {@code norms}. */
    private static double[] unitRows(float[] a, int n, int d, double[] norms) {
        double[] u = new double[n * d];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (double) a[i * d + j] * a[i * d + j];
            }
            norms[i] = Math.max(Math.sqrt(s), NORM_EPS);
            for (int j = 0; j < d; j++) {
                u[i * d + j] = a[i * d + j] / norms[i];
            }
        }
        return u;
    }

    /** Back-propagates dL/du (u = z / |z|) to dL/dz and adds weight times it into dZ. */
    private static void throughNormalisation(double[] dU, double[] u, double[] norms, int n, int d, float[] dZ, double weight) {
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += dU[i * d + j] * u[i * d + j];
            }
            boolean floored = norms[i] <= NORM_EPS;
            for (int j = 0; j < d; j++) {
                double g = floored ? dU[i * d + j] : dU[i * d + j] - dot * u[i * d + j];
                dZ[i * d + j] += (float) (weight * g / norms[i]);
            }
        }
    }

    static double infoNce(float[] z, float[] t, int n, int d, double temperature, float[] dZ, double weight) {
        double[] nz = new double[n];
        double[] nt = new double[n];
        double[] u = unitRows(z, n, d, nz);
        double[] v = unitRows(t, n, d, nt);
        double[] s = new double[n * n]; // s[i][j] = cos(z_i, t_j) / T
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += u[i * d + k] * v[j * d + k];
                }
                s[i * n + j] = dot / temperature;
            }
        }
        double loss = 0;
        double[] dS = new double[n * n];
        double scale = 1.0 / (2 * n);
        for (int i = 0; i < n; i++) { // EEG row i against every teacher row (a row of s)
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, s[i * n + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(s[i * n + j] - max);
            }
            loss += Math.log(sum) + max - s[i * n + i];
            for (int j = 0; j < n; j++) {
                dS[i * n + j] += scale * (Math.exp(s[i * n + j] - max) / sum - (i == j ? 1 : 0));
            }
        }
        for (int j = 0; j < n; j++) { // teacher row j against every EEG row (a column of s)
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, s[i * n + j]);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.exp(s[i * n + j] - max);
            }
            loss += Math.log(sum) + max - s[j * n + j];
            for (int i = 0; i < n; i++) {
                dS[i * n + j] += scale * (Math.exp(s[i * n + j] - max) / sum - (i == j ? 1 : 0));
            }
        }
        double[] dU = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double g = dS[i * n + j] / temperature;
                if (g != 0) {
                    for (int k = 0; k < d; k++) {
                        dU[i * d + k] += g * v[j * d + k];
                    }
                }
            }
        }
        throughNormalisation(dU, u, nz, n, d, dZ, weight);
        return loss * scale;
    }

    static double cosine(float[] z, float[] t, int n, int d, float[] dZ, double weight) {
        double[] nz = new double[n];
        double[] nt = new double[n];
        double[] u = unitRows(z, n, d, nz);
        double[] v = unitRows(t, n, d, nt);
        double loss = 0;
        double[] dU = new double[n * d];
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int k = 0; k < d; k++) {
                dot += u[i * d + k] * v[i * d + k];
                dU[i * d + k] = -v[i * d + k] / n;
            }
            loss += 1 - dot;
        }
        throughNormalisation(dU, u, nz, n, d, dZ, weight);
        return loss / n;
    }

    static double mse(float[] z, float[] t, int n, int d, float[] dZ, double weight) {
        double loss = 0;
        double count = (double) n * d;
        for (int i = 0; i < n * d; i++) {
            double diff = (double) z[i] - t[i];
            loss += diff * diff;
            dZ[i] += (float) (weight * 2 * diff / count);
        }
        return loss / count;
    }
}
