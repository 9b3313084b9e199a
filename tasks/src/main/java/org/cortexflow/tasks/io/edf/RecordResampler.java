package org.cortexflow.tasks.io.edf;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Upsamples one data record of a lower-rate signal to the recording's rate by band-limited (FFT)
 * interpolation; matches scipy.signal.resample(x, m) on real input (half-weight Nyquist bin for an
 * even input length), applied to each data record as MNE does to each block it reads.
 */
final class RecordResampler {

    private final int n;
    private final int m;
    private final DoubleFFT_1D forward;
    private final DoubleFFT_1D inverse;
    private final double[] spectrum;
    private final double[] target;

    RecordResampler(int n, int m) {
        if (m <= n) {
            throw new IllegalArgumentException("upsampling only: " + n + " -> " + m);
        }
        this.n = n;
        this.m = m;
        this.forward = new DoubleFFT_1D(n);
        this.inverse = new DoubleFFT_1D(m);
        this.spectrum = new double[2 * n];
        this.target = new double[2 * m];
    }

    /** Resamples {@code in[0..n)} into {@code out[0..m)}. */
    void resample(double[] in, double[] out) {
        System.arraycopy(in, 0, spectrum, 0, n);
        forward.realForwardFull(spectrum);
        java.util.Arrays.fill(target, 0);
        int nyq = n / 2 + 1;
        for (int k = 0; k < nyq; k++) {
            double re = spectrum[2 * k];
            double im = spectrum[2 * k + 1];
            if (n % 2 == 0 && k == n / 2) {
                re *= 0.5;
                im *= 0.5;
            }
            target[2 * k] = re;
            target[2 * k + 1] = im;
            if (k > 0) {
                target[2 * (m - k)] = re;
                target[2 * (m - k) + 1] = -im;
            }
        }
        target[1] = 0;
        inverse.complexInverse(target, true);
        double scale = (double) m / n;
        for (int j = 0; j < m; j++) {
            out[j] = target[2 * j] * scale;
        }
    }
}
