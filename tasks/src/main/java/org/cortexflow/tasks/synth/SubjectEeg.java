package org.cortexflow.tasks.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parts of a subject's EEG that do not depend on the task: a 1/f background from sources
 * spread over the cap, occipital alpha, white sensor noise, slow drift, line noise and blinks,
 * each drawn around the study's settings. Studies add their own rhythms and responses.
 */
final class SubjectEeg {

    /** The study's settings for the task-independent parts (amplitudes in microvolts). */
    record Settings(double backgroundUv, double alphaUv, double sensorUv, double driftUv, double lineHz, double lineUv,
                    double blinksPerMinute, double blinkUv) {
    }

    final Montage montage;
    final double[][] mixing;
    final List<double[]> sourcePositions = new ArrayList<>();
    final double backgroundUv;
    final double exponent;
    final List<EegModel.Rhythm> rhythms = new ArrayList<>();
    final double[] sensor;
    final double[] drift;
    final double[] lineAmplitude;
    final double[] lineCos;
    final double[] lineSin;
    final double lineHz;
    final double[] blinkPattern;
    final long[] blinkOnsets;
    final int[] blinkDurations;
    final double[] blinkAmplitudes;
    final double blinksPerMinute;

    /**
     * Draws a subject.
     *
     * @param r the subject's plan stream
     * @param blinks the subject's blink stream
     * @param samples recording length (blinks are drawn over it)
     */
    SubjectEeg(Settings s, Montage montage, double fs, long samples, SplittableRandom r, SplittableRandom blinks) {
        this.montage = montage;
        int c = montage.size();
        int ns = Math.min(c, 10);
        mixing = new double[c][ns];
        for (int k = 0; k < ns; k++) {
            double[] p = Montage.point(Seeds.uniform(r, 0, 100), Seeds.uniform(r, 0, 360));
            sourcePositions.add(p);
            double[] bump = montage.bump(p, 0.7);
            for (int ch = 0; ch < c; ch++) {
                mixing[ch][k] = bump[ch];
            }
        }
        backgroundUv = s.backgroundUv() * Seeds.uniform(r, 0.85, 1.15);
        for (int ch = 0; ch < c; ch++) {
            double norm = 0;
            for (int k = 0; k < ns; k++) {
                norm += mixing[ch][k] * mixing[ch][k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < ns; k++) {
                mixing[ch][k] *= backgroundUv / norm;
            }
        }
        exponent = Seeds.uniform(r, 1.3, 1.8);

        double alphaHz = Seeds.uniform(r, 9, 11.5);
        double alphaUv = s.alphaUv() * Seeds.uniform(r, 0.7, 1.3);
        double[] left = montage.bump(Montage.point(85 + 8 * Seeds.gaussian(r), 235 + 8 * Seeds.gaussian(r)), 0.6);
        double[] right = montage.bump(Montage.point(85 + 8 * Seeds.gaussian(r), 305 + 8 * Seeds.gaussian(r)), 0.6);
        rhythms.add(new EegModel.Rhythm("alpha-left", alphaHz, 1.5, left, alphaUv, 0.5, EegModel.Schedule.CONSTANT));
        rhythms.add(new EegModel.Rhythm("alpha-right", alphaHz + Seeds.uniform(r, -0.3, 0.3), 1.5, right, alphaUv, 0.5,
                EegModel.Schedule.CONSTANT));

        sensor = new double[c];
        drift = new double[c];
        lineAmplitude = new double[c];
        lineCos = new double[c];
        lineSin = new double[c];
        lineHz = s.lineHz();
        double phase = Seeds.uniform(r, 0, 2 * Math.PI);
        for (int ch = 0; ch < c; ch++) {
            sensor[ch] = s.sensorUv() * Seeds.uniform(r, 0.8, 1.2);
            drift[ch] = s.driftUv() * Seeds.uniform(r, 0.5, 1.5);
            lineAmplitude[ch] = s.lineUv() * StrictMath.exp(0.5 * Seeds.gaussian(r));
            double ph = phase + 0.2 * Seeds.gaussian(r);
            lineCos[ch] = lineAmplitude[ch] * StrictMath.cos(ph);
            lineSin[ch] = -lineAmplitude[ch] * StrictMath.sin(ph);
        }

        blinkPattern = montage.bump(Montage.point(110, 90), 0.45);
        double max = Arrays.stream(blinkPattern).max().orElse(1);
        for (int ch = 0; ch < c; ch++) {
            blinkPattern[ch] = blinkPattern[ch] / max < 0.1 ? 0 : blinkPattern[ch] / max;
        }
        double rate = s.blinksPerMinute() * Seeds.uniform(r, 0.7, 1.3) / 60.0;
        blinksPerMinute = rate * 60;
        List<long[]> list = new ArrayList<>();
        List<Double> amps = new ArrayList<>();
        if (rate > 0 && s.blinkUv() > 0) {
            double bt = -StrictMath.log(1 - blinks.nextDouble()) / rate;
            while (bt * fs < samples - fs) {
                list.add(new long[] {Math.round(bt * fs), Math.round(Seeds.uniform(blinks, 0.25, 0.4) * fs)});
                amps.add(s.blinkUv() * Seeds.uniform(blinks, 0.8, 1.2));
                bt += 0.5 - StrictMath.log(1 - blinks.nextDouble()) / rate;
            }
        }
        blinkOnsets = list.stream().mapToLong(b -> b[0]).toArray();
        blinkDurations = list.stream().mapToInt(b -> (int) b[1]).toArray();
        blinkAmplitudes = amps.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Mean over channels of the background power: 1/f, rhythms (with their modulation) and sensor noise. */
    double backgroundVariance() {
        int c = montage.size();
        double var = backgroundUv * backgroundUv;
        for (EegModel.Rhythm rh : rhythms) {
            double acc = 0;
            for (int ch = 0; ch < c; ch++) {
                acc += Math.pow(rh.pattern()[ch] * rh.amplitudeUv(), 2);
            }
            var += acc / c * Math.exp(rh.modulationDepth() * rh.modulationDepth());
        }
        for (int ch = 0; ch < c; ch++) {
            var += sensor[ch] * sensor[ch] / c;
        }
        return var;
    }

    /**
     * The response gain (uV) that puts the responses {@code snrDb} above the background, given
     * the patterns and the covariance of the drives.
     */
    double responseGain(double[][] patterns, double[][] driveCov, double snrDb) {
        int c = montage.size();
        double unit = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int a = 0; a < patterns.length; a++) {
                for (int b = 0; b < patterns.length; b++) {
                    unit += patterns[a][ch] * patterns[b][ch] * driveCov[a][b];
                }
            }
        }
        unit /= c;
        return Math.sqrt(StrictMath.pow(10, snrDb / 10) * backgroundVariance() / unit);
    }

    /**
     * Scalp patterns of the responses to each feature: the acoustic ones (envelope, flux) fronto-
     * central with a posterior polarity reversal, as auditory responses are; each latent dimension
     * a bump at a study-wide place ({@code latentRandom}), all jittered per subject; zero mean,
     * unit RMS over channels.
     */
    double[][] patterns(List<String> features, SplittableRandom r, long studySeed) {
        int c = montage.size();
        double[][] out = new double[features.size()][];
        for (int f = 0; f < features.size(); f++) {
            double[] p;
            String name = features.get(f);
            if (name.equals("envelope") || name.equals("flux")) {
                double theta = (name.equals("envelope") ? 20 : 25) + 8 * Seeds.gaussian(r);
                p = montage.bump(Montage.point(theta, 90 + 20 * Seeds.gaussian(r)), 0.9);
                double[] back = montage.bump(Montage.point(105, 270), 0.6);
                for (int ch = 0; ch < c; ch++) {
                    p[ch] -= 0.5 * back[ch];
                }
            } else {
                SplittableRandom lr = Seeds.random(studySeed, "eeg", "latent-map", name);
                double theta = Seeds.uniform(lr, 10, 80);
                double phi = Seeds.uniform(lr, 0, 360);
                p = montage.bump(Montage.point(theta + 8 * Seeds.gaussian(r), phi + 10 * Seeds.gaussian(r)), 0.6);
            }
            double mean = Arrays.stream(p).average().orElse(0);
            for (int ch = 0; ch < c; ch++) {
                p[ch] -= mean;
            }
            double rms = Math.sqrt(Arrays.stream(p).map(x -> x * x).average().orElse(1));
            for (int ch = 0; ch < c; ch++) {
                p[ch] /= rms > 0 ? rms : 1;
            }
            out[f] = p;
        }
        return out;
    }

    EegModel model(long seed, double fs, long samples, EegModel.Responses responses, List<EegModel.Trigger> triggers) {
        return new EegModel(seed, fs, samples, montage.size(), mixing, exponent, rhythms, sensor, drift, lineHz, lineCos,
                lineSin, blinkPattern, blinkOnsets, blinkDurations, blinkAmplitudes, responses, triggers);
    }

    /** The planted parts, for ground_truth.json. */
    Map<String, Object> describe(String blinkFile) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("background", Map.of("rms_uv", backgroundUv, "exponent", exponent, "sources", sourcePositions,
                "source_width_rad", 0.7, "low_corner_hz", 0.1));
        List<Map<String, Object>> rh = new ArrayList<>();
        for (EegModel.Rhythm r : rhythms) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("hz", r.hz());
            m.put("bandwidth_hz", r.bandwidthHz());
            m.put("amplitude_uv", r.amplitudeUv());
            m.put("modulation_depth", r.modulationDepth());
            m.put("pattern", r.pattern());
            rh.add(m);
        }
        d.put("rhythms", rh);
        d.put("line", Map.of("hz", lineHz, "amplitude_uv", lineAmplitude, "third_harmonic_ratio", 0.15));
        d.put("sensor_noise_uv", sensor);
        d.put("drift_uv", drift);
        d.put("blinks", Map.of("per_minute", blinksPerMinute, "count", blinkOnsets.length, "file", blinkFile,
                "pattern", blinkPattern));
        return d;
    }
}
