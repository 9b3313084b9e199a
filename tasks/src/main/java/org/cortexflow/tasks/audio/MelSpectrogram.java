package org.cortexflow.tasks.audio;

/**
 * Mel (or linear) spectrogram of a mono signal; matches torchaudio.transforms.MelSpectrogram
 * (Spectrogram with a periodic Hann window, centred reflect-padded frames, then melscale_fbanks),
 * and torchaudio.transforms.Spectrogram when built without mel filters. Double precision inside,
 * float32 out. Plain arrays in and out, so model code can call it directly:
 *
 * <pre>{@code
 * MelSpectrogram mel = MelSpectrogram.mel(22050, 2048, 512, 2048, 128, 0, 11025, MelScale.SLANEY, true, 2.0);
 * float[] s = mel.compute(signal);            // [nMels * frames], row m holds mel band m over time
 * Decibels.powerToDb(s, 80.0);                // in place: 10 log10, clipped at max - 80 dB
 * }</pre>
 *
 * <p>An instance holds work buffers: use one per thread ({@link #copy()} gives another).
 */
public final class MelSpectrogram {

    private final Stft stft;
    private final MelFilterbank filters;
    private final double exponent;
    private final double[] power;
    private final double[] bands;

    private MelSpectrogram(Stft stft, MelFilterbank filters, double exponent) {
        if (!(exponent > 0)) {
            throw new IllegalArgumentException("power " + exponent + " must be > 0");
        }
        this.stft = stft;
        this.filters = filters;
        this.exponent = exponent;
        this.power = new double[stft.bins()];
        this.bands = filters == null ? power : new double[filters.nMels()];
    }

    /**
     * A mel spectrogram. {@code fMax} at most the Nyquist frequency; torchaudio's frequency grid
     * ends at {@code floor(sampleRate / 2)}, which this follows.
     *
     * @param exponent 1 for magnitude, 2 for power
     */
    public static MelSpectrogram mel(double sampleRate, int nFft, int hop, int winLength, int nMels, double fMin,
                                     double fMax, MelScale scale, boolean slaneyNorm, double exponent) {
        Stft s = new Stft(nFft, hop, winLength, true);
        MelFilterbank fb = MelFilterbank.create(s.bins(), fMin, fMax, nMels, Math.floor(sampleRate / 2), scale, slaneyNorm);
        return new MelSpectrogram(s, fb, exponent);
    }

    /** A linear-frequency spectrogram ({@code nFft / 2 + 1} bins). */
    public static MelSpectrogram linear(int nFft, int hop, int winLength, double exponent) {
        return new MelSpectrogram(new Stft(nFft, hop, winLength, true), null, exponent);
    }

    /** Another instance with the same settings and its own buffers, for another thread. */
    public MelSpectrogram copy() {
        return new MelSpectrogram(new Stft(stft.nFft(), stft.hop(), stft.winLength(), stft.center()), filters, exponent);
    }

    /** Rows of the output: mel bands, or frequency bins for a linear spectrogram. */
    public int bins() {
        return filters == null ? stft.bins() : filters.nMels();
    }

    public int frames(int length) {
        return stft.frames(length);
    }

    public Stft stft() {
        return stft;
    }

    /** The mel filters, or null for a linear spectrogram. */
    public MelFilterbank filters() {
        return filters;
    }

    /** The shortest signal accepted (reflect padding needs more than {@code nFft / 2} samples). */
    public int minLength() {
        return stft.minLength();
    }

    /** The spectrogram of {@code x}, {@code [bins() * frames(x.length)]} row-major (bin, then frame). */
    public float[] compute(float[] x) {
        return compute(x, x.length);
    }

    /** The spectrogram of {@code x[0..length)}. */
    public float[] compute(float[] x, int length) {
        int frames = frames(length);
        float[] out = new float[bins() * frames];
        compute(x, length, out, 0);
        return out;
    }

    /** Writes the spectrogram of {@code x[0..length)} into {@code out[off..]}, row-major (bin, frame). */
    public void compute(float[] x, int length, float[] out, int off) {
        if (length < minLength()) {
            throw new IllegalArgumentException("signal of " + length + " samples is shorter than the " + minLength()
                    + " that n_fft " + stft.nFft() + " needs (reflect padding by n_fft / 2)");
        }
        int frames = frames(length);
        int rows = bins();
        for (int t = 0; t < frames; t++) {
            stft.frame(x, length, t, exponent, power);
            if (filters != null) {
                filters.apply(power, bands);
            }
            for (int m = 0; m < rows; m++) {
                out[off + m * frames + t] = (float) bands[m];
            }
        }
    }
}
