package org.cortexflow.tasks.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.cortexflow.tasks.artifact.Table;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeapStudyTest {

    @TempDir
    static Path tmp;
    static Path study;

    /** 16 clips of 30 s (4-kHz audio to save time), one subject, the default effect sizes. */
    @BeforeAll
    static void generate() throws Exception {
        study = tmp.resolve("deap");
        MusicSet m = SynthMusic.generate(SynthParams.resolve(new SynthMusic(), Map.of("preset", "deap", "size", "tiny",
                "songs", 16, "duration", 30, "sample_rate", 4000)), study, 2, Cancel.NEVER);
        SynthDeap.generate(SynthParams.resolve(new SynthDeap(), Map.of("size", "tiny")), m, study, 2, Cancel.NEVER);
    }

    @Test
    void bdfHasDeapsChannelsAt128HzAndTheClipOnsets() throws Exception {
        EdfTestReader bdf = new EdfTestReader(study.resolve("sub-01/eeg/sub-01_task-music_eeg.bdf"));
        assertThat(bdf.sfreq()).isEqualTo(128.0);
        assertThat(bdf.labels).hasSize(33).startsWith("Fp1", "AF3", "F3").endsWith("O2", "Status");
        Table events = Table.read(study.resolve("sub-01/eeg/sub-01_task-music_events.tsv"));
        assertThat(events.size()).isEqualTo(16);
        assertThat(events.columns()).containsSequence("onset", "duration", "sample", "trial_type", "value", "stim_file")
                .contains("valence", "arousal", "dominance", "liking", "familiarity");
        double[] status = bdf.data[32];
        for (int e = 0; e < events.size(); e++) {
            int sample = Integer.parseInt(events.get(e, "sample").orElseThrow());
            assertThat((int) status[sample]).isEqualTo(Integer.parseInt(events.get(e, "value").orElseThrow()));
        }
        Table ratings = Table.read(study.resolve("participant_ratings.tsv"));
        assertThat(ratings.size()).isEqualTo(16);
        assertThat(ratings.columns()).containsExactly("participant_id", "trial", "experiment_id", "start_time", "valence",
                "arousal", "dominance", "liking", "familiarity");
    }

    @Test
    void frontalAlphaAsymmetryFollowsValenceAndBetaFollowsArousal() throws Exception {
        EdfTestReader bdf = new EdfTestReader(study.resolve("sub-01/eeg/sub-01_task-music_eeg.bdf"));
        Table events = Table.read(study.resolve("sub-01/eeg/sub-01_task-music_events.tsv"));
        int f3 = bdf.labels.indexOf("F3");
        int f4 = bdf.labels.indexOf("F4");
        int cz = bdf.labels.indexOf("Cz");
        double fs = bdf.sfreq();
        int n = events.size();
        double[] asym = new double[n];
        double[] beta = new double[n];
        double[] valence = new double[n];
        double[] arousal = new double[n];
        for (int e = 0; e < n; e++) {
            int from = Integer.parseInt(events.get(e, "sample").orElseThrow()) + (int) (2 * fs);
            int len = (int) (Double.parseDouble(events.get(e, "duration").orElseThrow()) * fs) - (int) (3 * fs);
            asym[e] = Math.log(bandPower(bdf.data[f4], from, len, fs, 8, 12) / bandPower(bdf.data[f3], from, len, fs, 8, 12));
            beta[e] = Math.log(bandPower(bdf.data[cz], from, len, fs, 16, 24));
            valence[e] = Double.parseDouble(events.get(e, "valence").orElseThrow());
            arousal[e] = Double.parseDouble(events.get(e, "arousal").orElseThrow());
        }
        PearsonsCorrelation r = new PearsonsCorrelation();
        System.out.printf("alpha asymmetry vs valence r = %.3f, beta vs arousal r = %.3f%n", r.correlation(asym, valence),
                r.correlation(beta, arousal));
        assertThat(r.correlation(asym, valence)).as("ln(alpha F4 / F3) vs valence").isGreaterThan(0.7);
        assertThat(r.correlation(beta, arousal)).as("ln(beta power at Cz) vs arousal").isGreaterThan(0.7);
    }

    /** Mean periodogram power in [lo, hi] Hz over 2-s Hann segments. */
    static double bandPower(double[] x, int from, int len, double fs, double lo, double hi) {
        int n = (int) (2 * fs);
        double p = 0;
        int segments = 0;
        for (int s = from; s + n <= from + len; s += n / 2) {
            double[] seg = new double[n];
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[s + i] / n;
            }
            for (int i = 0; i < n; i++) {
                seg[i] = (x[s + i] - mean) * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
            }
            new DoubleFFT_1D(n).realForward(seg);
            for (int k = (int) Math.ceil(lo * n / fs); k <= hi * n / fs; k++) {
                p += seg[2 * k] * seg[2 * k] + seg[2 * k + 1] * seg[2 * k + 1];
            }
            segments++;
        }
        return p / segments;
    }
}
