package org.cortexflow.tasks.audio;

/**
 * Mel-frequency cepstral coefficients from a log-mel spectrogram: a DCT-II over the mel axis;
 * matches torchaudio.functional.create_dct (norm 'ortho' or None) as torchaudio.transforms.MFCC applies it.
 */
public final class Mfcc {

    private final int nMfcc;
    private final int nMels;
    private final double[][] dct;

    /** @param ortho orthonormal scaling (norm='ortho'); false gives the unnormalised DCT-II (times 2) */
    public Mfcc(int nMfcc, int nMels, boolean ortho) {
        if (nMfcc < 1 || nMfcc > nMels) {
            throw new IllegalArgumentException("n_mfcc " + nMfcc + " must be in [1, n_mels = " + nMels + "]");
        }
        this.nMfcc = nMfcc;
        this.nMels = nMels;
        this.dct = new double[nMfcc][nMels];
        for (int k = 0; k < nMfcc; k++) {
            for (int n = 0; n < nMels; n++) {
                double c = Math.cos(Math.PI / nMels * (n + 0.5) * k);
                if (ortho) {
                    c *= Math.sqrt(2.0 / nMels) * (k == 0 ? 1.0 / Math.sqrt(2.0) : 1.0);
                } else {
                    c *= 2.0;
                }
                dct[k][n] = c;
            }
        }
    }

    public int nMfcc() {
        return nMfcc;
    }

    /** Coefficients of {@code logMel[nMels * frames]} (row-major) as {@code [nMfcc * frames]}. */
    public float[] apply(float[] logMel, int frames) {
        float[] out = new float[nMfcc * frames];
        double[] col = new double[nMels];
        for (int t = 0; t < frames; t++) {
            for (int n = 0; n < nMels; n++) {
                col[n] = logMel[n * frames + t];
            }
            for (int k = 0; k < nMfcc; k++) {
                double s = 0;
                double[] row = dct[k];
                for (int n = 0; n < nMels; n++) {
                    s += row[n] * col[n];
                }
                out[k * frames + t] = (float) s;
            }
        }
        return out;
    }
}
