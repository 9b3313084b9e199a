package org.cortexflow.tasks.audio;

/**
 * Triangular mel filters over the bins of a one-sided spectrum; matches
 * torchaudio.functional.melscale_fbanks (and librosa.filters.mel for the same frequency grid).
 * Stored sparsely: each filter is non-zero on a short run of bins.
 */
public final class MelFilterbank {

    private final int nFreqs;
    private final int[] first;
    private final double[][] weights;
    // the same weights in one flat array (compressed rows): filter m is flat[offset[m] .. offset[m + 1])
    private final int[] offset;
    private final double[] flat;

    private MelFilterbank(int nFreqs, int[] first, double[][] weights) {
        this.nFreqs = nFreqs;
        this.first = first;
        this.weights = weights;
        this.offset = new int[first.length + 1];
        for (int m = 0; m < first.length; m++) {
            offset[m + 1] = offset[m] + weights[m].length;
        }
        this.flat = new double[offset[first.length]];
        for (int m = 0; m < first.length; m++) {
            System.arraycopy(weights[m], 0, flat, offset[m], weights[m].length);
        }
    }

    /**
     * @param nFreqs bins of the one-sided spectrum ({@code n_fft / 2 + 1})
     * @param slaneyNorm divide each triangle by its width in Hz (area normalisation, norm='slaney')
     * @param nyquist the frequency of the last bin; torchaudio uses {@code sample_rate // 2}
     */
    public static MelFilterbank create(int nFreqs, double fMin, double fMax, int nMels, double nyquist,
                                       MelScale scale, boolean slaneyNorm) {
        if (nFreqs < 2 || nMels < 1 || !(fMin >= 0) || !(fMax > fMin)) {
            throw new IllegalArgumentException("mel filterbank: " + nFreqs + " bins, " + nMels + " mels, f_min " + fMin + ", f_max " + fMax);
        }
        double[] freqs = new double[nFreqs];
        for (int k = 0; k < nFreqs; k++) {
            freqs[k] = nyquist * k / (nFreqs - 1);
        }
        double mMin = scale.toMel(fMin);
        double mMax = scale.toMel(fMax);
        double[] fPts = new double[nMels + 2];
        for (int i = 0; i < nMels + 2; i++) {
            fPts[i] = scale.toHz(mMin + (mMax - mMin) * i / (nMels + 1));
        }
        int[] first = new int[nMels];
        double[][] weights = new double[nMels][];
        for (int m = 0; m < nMels; m++) {
            double lo = fPts[m];
            double mid = fPts[m + 1];
            double hi = fPts[m + 2];
            double enorm = slaneyNorm ? 2.0 / (hi - lo) : 1.0;
            int a = -1;
            int b = -1;
            double[] w = new double[nFreqs];
            for (int k = 0; k < nFreqs; k++) {
                double down = (freqs[k] - lo) / (mid - lo);
                double up = (hi - freqs[k]) / (hi - mid);
                double v = Math.max(0.0, Math.min(down, up));
                if (v > 0) {
                    w[k] = v * enorm;
                    if (a < 0) {
                        a = k;
                    }
                    b = k;
                }
            }
            if (a < 0) {
                first[m] = 0;
                weights[m] = new double[0]; // an empty filter, as torchaudio warns about: all-zero row
            } else {
                first[m] = a;
                weights[m] = java.util.Arrays.copyOfRange(w, a, b + 1);
            }
        }
        return new MelFilterbank(nFreqs, first, weights);
    }

    public int nFreqs() {
        return nFreqs;
    }

    public int nMels() {
        return first.length;
    }

    /** Number of filters that are zero everywhere (too many mels for the frequency resolution). */
    public int emptyFilters() {
        int n = 0;
        for (double[] w : weights) {
            n += w.length == 0 ? 1 : 0;
        }
        return n;
    }

    /** Filter {@code m}'s weight at bin {@code k}. */
    public double weight(int m, int k) {
        int i = k - first[m];
        return i >= 0 && i < weights[m].length ? weights[m][i] : 0.0;
    }

    /** {@code out[m] = sum_k fb[m][k] * spectrum[k]} for every mel {@code m}. */
    public void apply(double[] spectrum, double[] out) {
        double[] w = flat;
        for (int m = 0; m < first.length; m++) {
            int shift = first[m] - offset[m];
            double s = 0;
            for (int i = offset[m], end = offset[m + 1]; i < end; i++) {
                s += w[i] * spectrum[shift + i];
            }
            out[m] = s;
        }
    }
}
