package org.cortexflow.tasks.audio;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Short-time Fourier transform of a real signal with a periodic Hann window and centred frames;
 * matches torch.stft(center=True, pad_mode='reflect', onesided=True) with
 * torch.hann_window(win_length) zero-padded to n_fft in the middle, as torchaudio.transforms.Spectrogram
 * calls it (and librosa.stft with pad_mode='reflect'). Computed in double precision.
 *
 * <p>An instance holds work buffers: use one per thread.
 */
public final class Stft {

    private final int nFft;
    private final int hop;
    private final int winLength;
    private final boolean center;
    private final double[] window;
    private final double[] frame;
    private final DoubleFFT_1D fft;

    /**
     * @param winLength window length, at most {@code nFft}; the window sits in the middle of the frame
     * @param center pad the signal by {@code nFft / 2} on both sides (reflect) so frame t is centred on t * hop
     */
    public Stft(int nFft, int hop, int winLength, boolean center) {
        if (nFft < 2 || hop < 1 || winLength < 1 || winLength > nFft) {
            throw new IllegalArgumentException("n_fft " + nFft + ", hop " + hop + ", win_length " + winLength);
        }
        this.nFft = nFft;
        this.hop = hop;
        this.winLength = winLength;
        this.center = center;
        this.window = new double[nFft];
        int left = (nFft - winLength) / 2;
        for (int i = 0; i < winLength; i++) {
            window[left + i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / winLength); // periodic Hann
        }
        this.frame = new double[nFft];
        this.fft = new DoubleFFT_1D(nFft);
    }

    public int nFft() {
        return nFft;
    }

    public int hop() {
        return hop;
    }

    public int winLength() {
        return winLength;
    }

    public boolean center() {
        return center;
    }

    /** Bins of the one-sided spectrum. */
    public int bins() {
        return nFft / 2 + 1;
    }

    /** Frames for a signal of {@code length} samples (0 when it is too short for one frame). */
    public int frames(int length) {
        long padded = center ? (long) length + 2L * (nFft / 2) : length;
        return padded < nFft ? 0 : (int) ((padded - nFft) / hop + 1);
    }

    /** The shortest signal this transform accepts: reflect padding needs more samples than the pad. */
    public int minLength() {
        return center ? nFft / 2 + 1 : nFft;
    }

    /**
     * The windowed spectrum of frame {@code t} of {@code x[0..length)}: {@code power[k] = |X_k|^p}
     * for {@code k < bins()} (p = 1 magnitude, p = 2 power; any p > 0).
     */
    public void frame(float[] x, int length, int t, double exponent, double[] power) {
        int pad = center ? nFft / 2 : 0;
        int start = t * hop - pad;
        if (start >= 0 && start + nFft <= length) {
            for (int i = 0; i < nFft; i++) {
                frame[i] = x[start + i] * window[i];
            }
        } else {
            for (int i = 0; i < nFft; i++) {
                frame[i] = x[reflect(start + i, length)] * window[i];
            }
        }
        fft.realForward(frame);
        int half = nFft / 2;
        boolean even = nFft % 2 == 0;
        double[] f = frame;
        // squared magnitudes first (JTransforms' packed layout), then the exponent in one pass
        power[0] = f[0] * f[0];
        for (int k = 1; k < half; k++) {
            double re = f[2 * k];
            double im = f[2 * k + 1];
            power[k] = re * re + im * im;
        }
        if (even) {
            power[half] = f[1] * f[1];
        } else {
            double re = f[2 * half];
            power[half] = re * re + f[1] * f[1];
        }
        if (exponent != 2.0) {
            for (int k = 0; k <= half; k++) {
                power[k] = pow(power[k], exponent);
            }
        }
    }

    private static double pow(double squared, double exponent) {
        if (exponent == 2.0) {
            return squared;
        }
        if (exponent == 1.0) {
            return Math.sqrt(squared);
        }
        return Math.pow(squared, exponent / 2);
    }

    private static int reflect(int i, int length) {
        if (length == 1) {
            return 0;
        }
        int period = 2 * (length - 1);
        int r = Math.floorMod(i, period);
        return r < length ? r : period - r;
    }
}
