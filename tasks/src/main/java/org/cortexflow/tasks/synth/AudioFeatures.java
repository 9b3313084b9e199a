package org.cortexflow.tasks.synth;

import java.util.List;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The stimulus features the synthetic brains respond to, computed while the audio streams past
 * (from the 16-bit samples actually written, mixed to mono) at a feature rate such as the EEG's
 * sampling rate:
 * <ul>
 * <li>{@code envelope}: broadband envelope, the RMS over a 10-ms window centred on each feature
 *     frame, raised to the power 0.6 (the power-law compression common in TRF studies);</li>
 * <li>{@code flux}: spectral flux, the sum over bins of the positive change of log(1 + 1000 |X|)
 *     between successive Hann-windowed STFT frames (about 23 ms long, 10 ms hop), linearly
 *     interpolated to the feature rate.</li>
 * </ul>
 * The reference implementation of both is {@code tasks/src/test/goldens/make_audio_features.py}.
 */
public final class AudioFeatures {

    /** Feature names, in the order of the features array (latent dimensions follow these). */
    public static final List<String> ACOUSTIC = List.of("envelope", "flux");

    private final int sr;
    private final double rate;
    private final long totalSamples;
    private final int outFrames;
    // envelope
    private final int envWindow;
    private final long[] prefix;
    private final int prefixMask;
    private long running;
    private int nextEnv;
    private final float[] envelope;
    // flux
    private final int fftSize;
    private final int hop;
    private final float[] ring;
    private final int ringMask;
    private final double[] window;
    private final double windowSum;
    private final DoubleFFT_1D fft;
    private final double[] frame;
    private double[] prevLog;
    private final float[] fluxFrames;
    private int nextFlux;
    private long received;
    private long envDue; // samples needed before the next envelope frame can be computed
    private long fluxDue; // the same for the next flux frame

    /**
     * @param sampleRate audio sampling rate
     * @param featureRate rate of the feature frames (frame k is at time k / featureRate)
     * @param totalSamples samples the stream will deliver
     */
    public AudioFeatures(int sampleRate, double featureRate, long totalSamples) {
        this.sr = sampleRate;
        this.rate = featureRate;
        this.totalSamples = totalSamples;
        this.outFrames = (int) Math.floor(totalSamples * featureRate / sampleRate);
        this.envWindow = (int) Math.round(0.010 * sampleRate);
        int p = Integer.highestOneBit(4 * (envWindow + (int) Math.ceil(sampleRate / featureRate) + 2));
        this.prefix = new long[p];
        this.prefixMask = p - 1;
        this.envelope = new float[outFrames];
        int n = Integer.highestOneBit((int) Math.round(0.023 * sampleRate));
        this.fftSize = n * 2 > 0.023 * sampleRate * 1.5 ? n : n * 2;
        this.hop = (int) Math.round(sampleRate / 100.0);
        int r = Integer.highestOneBit(2 * fftSize + hop) * 2;
        this.ring = new float[r];
        this.ringMask = r - 1;
        this.window = new double[fftSize];
        double sum = 0;
        for (int i = 0; i < fftSize; i++) {
            window[i] = 0.5 - 0.5 * StrictMath.cos(2 * StrictMath.PI * i / fftSize); // periodic Hann
            sum += window[i];
        }
        this.windowSum = sum;
        this.fft = new DoubleFFT_1D(fftSize);
        this.frame = new double[fftSize];
        this.fluxFrames = new float[(int) (totalSamples / hop) + 1];
        this.envDue = outFrames > 0 ? envStop(0) : Long.MAX_VALUE;
        this.fluxDue = fftSize - fftSize / 2;
    }

    private long envStop(int frame) {
        return Math.round((double) frame * sr / rate) - envWindow / 2 + envWindow;
    }

    /** STFT window length in samples (a power of two near 23 ms). */
    public int fftSize() {
        return fftSize;
    }

    /** STFT hop in samples (10 ms). */
    public int hop() {
        return hop;
    }

    /** Envelope window in samples (10 ms). */
    public int envelopeWindow() {
        return envWindow;
    }

    /** Consumes {@code frames} frames of 16-bit audio, {@code channels} interleaved. */
    public void accept(short[] interleaved, int frames, int channels) {
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[f * channels + c];
            }
            double mono = sum / (32768.0 * channels);
            // mono^2 in fixed point, so the running sums are exact
            long q = Math.round(mono * 32768.0 * 4);
            running += q * q;
            ring[(int) (received & ringMask)] = (float) mono;
            received++;
            prefix[(int) (received & prefixMask)] = running;
            if (received >= envDue) {
                drainEnvelope(false);
            }
            if (received >= fluxDue) {
                drainFlux(false);
            }
        }
    }

    /** Finishes the stream and returns {@code [2][frames]}: envelope and flux at the feature rate. */
    public float[][] finish() {
        if (received != totalSamples) {
            throw new IllegalStateException("received " + received + " of " + totalSamples + " samples");
        }
        drainEnvelope(true);
        drainFlux(true);
        float[] flux = new float[outFrames];
        for (int k = 0; k < outFrames; k++) {
            double pos = (k / rate) * sr / hop;
            int i = (int) Math.floor(pos);
            double a = pos - i;
            float x0 = fluxFrames[Math.min(i, fluxFrames.length - 1)];
            float x1 = fluxFrames[Math.min(i + 1, fluxFrames.length - 1)];
            flux[k] = (float) (x0 + a * (x1 - x0));
        }
        return new float[][] {envelope, flux};
    }

    private void drainEnvelope(boolean end) {
        while (nextEnv < outFrames) {
            long centre = Math.round((double) nextEnv * sr / rate);
            long start = centre - envWindow / 2;
            long stop = start + envWindow;
            if (!end && stop > received) {
                return;
            }
            long s0 = Math.max(0, start);
            long s1 = Math.min(stop, received);
            long e = (s1 > 0 ? prefix[(int) (s1 & prefixMask)] : 0) - (s0 > 0 ? prefix[(int) (s0 & prefixMask)] : 0);
            double rms = Math.sqrt(e / (double) envWindow) / (32768.0 * 4);
            envelope[nextEnv] = (float) StrictMath.pow(rms, 0.6);
            nextEnv++;
            envDue = nextEnv < outFrames ? envStop(nextEnv) : Long.MAX_VALUE;
        }
    }

    private void drainFlux(boolean end) {
        while (nextFlux < fluxFrames.length) {
            long centre = (long) nextFlux * hop;
            long start = centre - fftSize / 2;
            long stop = start + fftSize;
            if (!end && stop > received) {
                return;
            }
            for (int i = 0; i < fftSize; i++) {
                long t = start + i;
                frame[i] = t < 0 || t >= received ? 0 : ring[(int) (t & ringMask)] * window[i];
            }
            fft.realForward(frame);
            int bins = fftSize / 2 + 1;
            double[] log = new double[bins];
            log[0] = StrictMath.log1p(1000 * Math.abs(frame[0]) / windowSum);
            log[bins - 1] = StrictMath.log1p(1000 * Math.abs(frame[1]) / windowSum);
            for (int k = 1; k < bins - 1; k++) {
                double re = frame[2 * k];
                double im = frame[2 * k + 1];
                log[k] = StrictMath.log1p(1000 * Math.sqrt(re * re + im * im) / windowSum);
            }
            double flux = 0;
            if (prevLog != null) {
                for (int k = 0; k < bins; k++) {
                    flux += Math.max(0, log[k] - prevLog[k]);
                }
            }
            prevLog = log;
            fluxFrames[nextFlux++] = (float) flux;
            fluxDue = (long) nextFlux * hop - fftSize / 2 + fftSize;
        }
    }
}
