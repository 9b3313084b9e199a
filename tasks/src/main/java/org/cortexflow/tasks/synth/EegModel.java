package org.cortexflow.tasks.synth;

import java.util.List;

/**
 * Everything planted in one subject's continuous EEG (microvolts), from which {@link EegStream}
 * generates the recording block by block.
 *
 * @param sfreq sampling rate, Hz
 * @param samples length of the recording in samples
 * @param background 1/f background: unit-variance sources mixed into the channels by {@code mixing[c][s]}
 * @param backgroundExponent beta of the 1/f^beta background spectrum
 * @param rhythms narrow-band rhythms (alpha, beta), each with its own pattern and amplitude schedule
 * @param sensorUv white sensor noise per channel, standard deviation
 * @param driftUv slow drift per channel (Ornstein-Uhlenbeck, 30 s time constant), standard deviation
 * @param lineHz power-line frequency
 * @param lineCos,lineSin per-channel amplitudes of the line-noise cosine and sine (harmonic 3 at 15 %)
 * @param blinkPattern per-channel gain of blinks (zero away from the eyes)
 * @param blinks blink onsets (samples), durations (samples) and amplitudes (uV at the most frontal channel)
 * @param responses stimulus-driven responses
 * @param triggers trigger codes on the Status channel
 */
public record EegModel(long seed, double sfreq, long samples, int channels,
                       double[][] mixing, double backgroundExponent, List<Rhythm> rhythms,
                       double[] sensorUv, double[] driftUv, double lineHz, double[] lineCos, double[] lineSin,
                       double[] blinkPattern, long[] blinkOnsets, int[] blinkDurations, double[] blinkAmplitudes,
                       Responses responses, List<Trigger> triggers) {

    /**
     * A narrow-band rhythm: pattern {@code [c]} times {@code amplitudeUv} times a slow random
     * modulation (log-normal, 2 s time constant) times {@code schedule(sample)}.
     */
    public record Rhythm(String name, double hz, double bandwidthHz, double[] pattern, double amplitudeUv,
                         double modulationDepth, Schedule schedule) {
    }

    /** A gain as a function of time (the DEAP trials' affect-dependent band power). */
    @FunctionalInterface
    public interface Schedule {
        Schedule CONSTANT = s -> 1.0;

        double gain(long sample);
    }

    /**
     * Stimulus-driven responses: while stimulus {@code k} plays from {@code onsets[k]}, the brain
     * adds {@code gainUv * sum_f patterns[f][c] * drives[stimulus][f][t - onset - latency]}, where
     * a drive is a stimulus feature already convolved with its temporal response function kernel.
     */
    public record Responses(float[][][] drives, int[] stimulusOf, long[] onsets, int latencySamples, double[][] patterns,
                            double gainUv) {

        public static Responses none(int channels) {
            return new Responses(new float[0][][], new int[0], new long[0], 0, new double[0][channels], 0);
        }
    }

    /** A trigger: {@code code} on the Status channel from {@code sample} for {@code width} samples. */
    public record Trigger(long sample, int width, int code) {
    }
}
