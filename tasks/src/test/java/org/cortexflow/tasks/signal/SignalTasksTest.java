package org.cortexflow.tasks.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.run.SingleTaskRun;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.EegWriter;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tasks end to end on float32 eeg artifacts made from the golden inputs: outputs within 1e-5
 * of the reference signal's RMS (the float32 tolerance), sets, non-data channels, events, meta.
 */
class SignalTasksTest {

    static final double FLOAT_TOLERANCE = 1e-5;

    @TempDir
    Path tmp;

    /** Writes a golden input as an eeg artifact (float32), with an optional trigger channel appended. */
    static Path artifact(Path dir, JsonNode c, boolean withTrigger) throws Exception {
        double[][] x = Golden.input(c);
        Files.createDirectories(dir);
        List<Channel> chans = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            chans.add(Channel.eeg(new String[] {"Fz", "Cz", "Pz"}[i % 3] + (i < 3 ? "" : i)));
        }
        if (withTrigger) {
            chans.add(new Channel("STI", "TRIG", "n/a"));
        }
        int n = x[0].length;
        try (EegWriter w = EegWriter.create(dir, Golden.sfreq(c), chans, n)) {
            for (int ch = 0; ch < x.length; ch++) {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) x[ch][i];
                }
                w.writeChannel(ch, 0, f, 0, n);
            }
            if (withTrigger) {
                float[] trig = new float[n];
                trig[n / 3] = 21;
                trig[n / 3 + 1] = 21;
                trig[2 * n / 3] = 22;
                w.writeChannel(x.length, 0, trig, 0, n);
            }
            w.finish(List.of(new Event(n / 3, 2, "21", "stimulus"), new Event(2 * n / 3, 0, "22", "stimulus")),
                    Map.of("source", "golden " + c.get("input").asText()));
        }
        return dir;
    }

    static List<String> exec(TaskType t, Path in, Path out, Map<String, Object> params) throws UserError {
        Map<String, Value> raw = new LinkedHashMap<>();
        params.forEach((k, v) -> raw.put(k, Value.of(v)));
        return SingleTaskRun.run(t, Map.of("eeg", in), raw, out, 2);
    }

    static double[][] read(Path dir, int channels) throws Exception {
        try (EegRecording r = EegRecording.open(dir)) {
            double[][] y = new double[channels][(int) r.samples()];
            float[] f = new float[(int) r.samples()];
            for (int c = 0; c < channels; c++) {
                r.readChannel(c, 0, f, 0, f.length);
                for (int i = 0; i < f.length; i++) {
                    y[c][i] = f[i];
                }
            }
            return y;
        }
    }

    /** max |got - want| within {@link #FLOAT_TOLERANCE} of the RMS of the whole reference output. */
    static void assertFloatClose(String what, double[][] got, double[][] want) {
        assertThat(got.length).isEqualTo(want.length);
        double sum = 0;
        long count = 0;
        for (double[] row : want) {
            for (double v : row) {
                sum += v * v;
                count++;
            }
        }
        double rms = Math.sqrt(sum / count);
        assertThat(rms).as(what + " reference RMS").isGreaterThan(0);
        for (int c = 0; c < want.length; c++) {
            assertThat(got[c]).as(what + " row " + c + " length").hasSameSizeAs(want[c]);
            double err = 0;
            for (int i = 0; i < want[c].length; i++) {
                err = Math.max(err, Math.abs(got[c][i] - want[c][i]));
            }
            assertThat(err / rms).as(what + " row " + c + ": max error / RMS").isLessThanOrEqualTo(FLOAT_TOLERANCE);
        }
    }

    private void check(TaskType t, String golden, Map<String, Object> params) throws Exception {
        JsonNode c = Golden.named(golden);
        Path in = artifact(tmp.resolve(golden + "-in"), c, false);
        Path out = tmp.resolve(golden + "-out");
        exec(t, in, out, params);
        double[][] want = Golden.output(c);
        assertFloatClose(golden, read(out, want.length), want);
    }

    @Test
    void filterTaskMatchesMneAndScipyOnFloat32Recordings() throws Exception {
        EegFilter f = new EegFilter();
        check(f, "fir_bandpass_1_40", Map.of("highpass", 1.0, "lowpass", 40.0));
        check(f, "fir_highpass_1_short", Map.of("highpass", 1.0));
        check(f, "fir_bandstop_40_60", Map.of("highpass", 60.0, "lowpass", 40.0, "l_trans_bandwidth", "2", "h_trans_bandwidth", "2"));
        check(f, "fir_bandpass_hann_2s", Map.of("highpass", 8.0, "lowpass", 12.0, "l_trans_bandwidth", "2",
                "h_trans_bandwidth", "2", "filter_length", "2s", "fir_window", "hann"));
        check(f, "iir_bandpass_4_1_40", Map.of("method", "iir", "highpass", 1.0, "lowpass", 40.0));
        check(f, "iir_lowpass_5_30", Map.of("method", "iir", "lowpass", 30.0, "order", 5));
        check(f, "iir_bandstop_3_45_55", Map.of("method", "iir", "highpass", 55.0, "lowpass", 45.0, "order", 3));
    }

    @Test
    void notchTaskMatchesMneNotchFilterAndScipyIirnotch() throws Exception {
        EegNotch n = new EegNotch();
        check(n, "notch_fir_50", Map.of("freqs", List.of(50.0)));
        check(n, "notch_fir_50_harmonics", Map.of("freqs", List.of(50.0), "harmonics", true));
        check(n, "notch_fir_50_wide", Map.of("freqs", List.of(50), "notch_widths", "2", "trans_bandwidth", 2.0));
        check(n, "notch_iir_50", Map.of("method", "iir", "freqs", List.of(50.0)));
        check(n, "notch_iir_50_harmonics", Map.of("method", "iir", "freqs", List.of(50.0, 100.0, 150.0), "quality", 20.0));
    }

    @Test
    void resampleTaskMatchesMneScipyAndResamplePoly() throws Exception {
        EegResample r = new EegResample();
        check(r, "mne_resample_500_to_125", Map.of("sfreq", 125.0));
        check(r, "mne_resample_250_to_100_non_integer", Map.of("sfreq", 100.0));
        check(r, "mne_resample_1000_to_1500_up", Map.of("sfreq", 1500.0));
        check(r, "mne_resample_500_to_125_npad100", Map.of("sfreq", 125.0, "npad", "100"));
        check(r, "scipy_resample_250_to_376_up_even", Map.of("sfreq", 376.0, "npad", "0"));
        check(r, "scipy_resample_250_to_100_non_integer", Map.of("sfreq", 100.0, "npad", "0"));
        check(r, "poly_1_4", Map.of("sfreq", 125.0, "method", "polyphase"));
        check(r, "poly_2_5", Map.of("sfreq", 100.0, "method", "polyphase"));
        check(r, "poly_4_6_reduced", Map.of("sfreq", 2000.0 / 3.0, "method", "polyphase"));
    }

    @Test
    void referenceTaskMatchesMneSetEegReference() throws Exception {
        EegReference r = new EegReference();
        check(r, "reference_average", Map.of("ref", "average"));
        check(r, "reference_cz", Map.of("ref", "channel", "channel", "Cz"));
    }

    @Test
    void bandPowerMatchesTheDeapPipeline() throws Exception {
        for (String measure : new String[] {"de-stft", "de-gaussian", "power"}) {
            JsonNode c = Golden.named("bandpower_" + measure.replace('-', '_'));
            Path in = artifact(tmp.resolve(measure + "-in"), c, true);
            Path out = tmp.resolve(measure + "-out");
            exec(new EegBandPower(), in, out, Map.of("measure", measure));
            long[] shape = Golden.shape(c.get("output").asText());
            double[] want = Golden.vector(c.get("output").asText());
            try (NpyArray got = NpyArray.open(out.resolve(EegBandPower.FEATURES_NPY))) {
                assertThat(got.shape()).containsExactly(shape);
                double[] g = got.readAllDoubles();
                double scale = 0;
                double err = 0;
                for (int i = 0; i < want.length; i++) {
                    scale = Math.max(scale, Math.abs(want[i]));
                    err = Math.max(err, Math.abs(g[i] - want[i]));
                }
                // float32 input rounding, relative to a band's (smaller) amplitude, limits power to about 1e-4;
                // the logarithm of the DE measures compresses it
                assertThat(err / scale).as(measure).isLessThanOrEqualTo(measure.equals("power") ? 1e-4 : FLOAT_TOLERANCE);
            }
            Map<String, Object> meta = MetaJson.read(out);
            assertThat(meta).containsEntry("kind", "features").containsEntry("measure", measure)
                    .containsEntry("channel_names", List.of("Fz", "Cz"));
            assertThat(Files.readAllLines(out.resolve(EegBandPower.FEATURES_TSV))).hasSize((int) shape[0] + 1)
                    .startsWith("segment\tonset_s\tduration_s\tfirst_window");
        }
    }

    @Test
    void setInSetOutWithTheSameIdsAndNonDataChannelsUntouched() throws Exception {
        JsonNode c = Golden.named("fir_bandpass_1_40");
        Path set = tmp.resolve("set");
        artifact(set.resolve("sub-01"), c, true);
        artifact(set.resolve("sub-02"), c, true);
        ItemIndex.write(set, ItemIndex.RECORDINGS, List.of("subject"), List.of(
                new ItemIndex.Item("sub-01", set.resolve("sub-01"), Map.of("subject", "01")),
                new ItemIndex.Item("sub-02", set.resolve("sub-02"), Map.of("subject", "02"))));
        Path out = tmp.resolve("out");
        List<String> log = exec(new EegFilter(), set, out, Map.of("highpass", 1.0, "lowpass", 40.0));
        assertThat(String.join("\n", log)).contains("== sub-02").contains("- Filter length: 825 samples (3.300 sec)");
        assertThat(ItemIndex.list(out, ItemIndex.RECORDINGS)).extracting(ItemIndex.Item::id).containsExactly("sub-01", "sub-02");
        assertThat(Files.readString(out.resolve(ItemIndex.RECORDINGS))).isEqualTo(Files.readString(set.resolve(ItemIndex.RECORDINGS)));
        double[][] want = Golden.output(c);
        for (String id : List.of("sub-01", "sub-02")) {
            double[][] got = read(out.resolve(id), 4);
            assertFloatClose(id, new double[][] {got[0], got[1], got[2]}, want);
            double[][] trig = read(set.resolve(id), 4);
            assertThat(got[3]).as("trigger channel copied unchanged").containsExactly(trig[3]);
            try (EegRecording r = EegRecording.open(out.resolve(id))) {
                assertThat(r.events()).hasSize(2);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> processing = (List<Map<String, Object>>) r.meta().get("processing");
                assertThat(processing).hasSize(1);
                assertThat(processing.get(0)).containsEntry("task", "eeg.filter").containsEntry("length_samples", 825)
                        .containsEntry("kind", "bandpass").containsKey("lower").containsKey("upper")
                        .containsEntry("passband_ripple_db", 0.0194).containsEntry("stopband_attenuation_db", 53);
                assertThat(r.meta()).containsEntry("source", "golden noise_3x2501_250");
            }
        }
    }

    @Test
    void chainedStepsKeepTheirHistoryAndResamplingMovesEventsAndTriggers() throws Exception {
        JsonNode c = Golden.named("mne_resample_500_to_125");
        Path in = artifact(tmp.resolve("in"), c, true);
        exec(new EegNotch(), in, tmp.resolve("notched"), Map.of("freqs", List.of(50.0)));
        exec(new EegResample(), tmp.resolve("notched"), tmp.resolve("res"), Map.of("sfreq", 125.0));
        try (EegRecording r = EegRecording.open(tmp.resolve("res"))) {
            assertThat(r.sfreq()).isEqualTo(125.0);
            assertThat(r.samples()).isEqualTo(750);
            assertThat(r.events()).extracting(Event::onsetSample).containsExactly(250L, 500L);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> processing = (List<Map<String, Object>>) r.meta().get("processing");
            assertThat(processing).extracting(m -> m.get("task")).containsExactly("eeg.notch", "eeg.resample");
            float[] trig = new float[750];
            r.readChannel(3, 0, trig, 0, 750);
            assertThat(trig[250]).isEqualTo(21f);
            assertThat(trig[500]).isEqualTo(22f);
            int nonzero = 0;
            for (float v : trig) {
                nonzero += v != 0 ? 1 : 0;
            }
            assertThat(nonzero).as("trigger codes are not smeared").isEqualTo(2);
        }
    }

    @Test
    void referenceDropsByNameIndexAndZeroThenAverages() throws Exception {
        Path in = tmp.resolve("nmedt");
        Files.createDirectories(in);
        int n = 1000;
        List<Channel> chans = List.of(Channel.eeg("E1"), Channel.eeg("E2"), Channel.eeg("E3"), new Channel("EOG1", "EOG", "V"),
                Channel.eeg("E129"));
        try (EegWriter w = EegWriter.create(in, 250, chans, n)) {
            for (int ch = 0; ch < 4; ch++) {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) ((ch + 1) * 1e-6 * Math.sin(i * 0.01 * (ch + 1)));
                }
                w.writeChannel(ch, 0, f, 0, n);
            }
            w.finish(List.of(), Map.of());
        }
        exec(new EegReference(), in, tmp.resolve("a"), Map.of("drop_zero", true));
        try (EegRecording r = EegRecording.open(tmp.resolve("a"))) {
            assertThat(r.channels()).extracting(Channel::name).containsExactly("E1", "E2", "E3", "EOG1");
            double[][] x = read(in, 4);
            double[][] y = read(tmp.resolve("a"), 4);
            for (int i = 0; i < n; i += 97) {
                double mean = (x[0][i] + x[1][i] + x[2][i]) / 3;
                assertThat(y[1][i]).isCloseTo(x[1][i] - mean, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(y[3][i]).as("EOG untouched").isEqualTo(x[3][i]);
            }
        }
        exec(new EegReference(), in, tmp.resolve("b"), Map.of("drop", List.of(5, "E1"), "ref", "none"));
        try (EegRecording r = EegRecording.open(tmp.resolve("b"))) {
            assertThat(r.channels()).extracting(Channel::name).containsExactly("E2", "E3", "EOG1");
        }
        assertThatThrownBy(() -> exec(new EegReference(), in, tmp.resolve("c"), Map.of("drop", List.of("E13"))))
                .isInstanceOf(UserError.class).hasMessageContaining("no channel called 'E13'").hasMessageContaining("E129");
    }

    @Test
    void impossibleRequestsFailWithTheReferenceReason() throws Exception {
        JsonNode c = Golden.named("fir_lowpass_tiny");
        Path in = artifact(tmp.resolve("tiny"), c, false);
        assertThatThrownBy(() -> exec(new EegFilter(), in, tmp.resolve("x1"), Map.of("method", "iir", "highpass", 1.0, "lowpass", 40.0)))
                .isInstanceOf(UserError.class).hasMessageContaining("pads 27 at each end");
        assertThatThrownBy(() -> exec(new EegFilter(), in, tmp.resolve("x2"), Map.of("lowpass", 110.0, "h_trans_bandwidth", "20")))
                .isInstanceOf(UserError.class).hasMessageContaining("Effective band-stop frequency (130.0) is too high");
        assertThatThrownBy(() -> exec(new EegFilter(), in, tmp.resolve("x3"), Map.of()))
                .isInstanceOf(UserError.class).hasMessageContaining("nothing to filter");
        assertThatThrownBy(() -> exec(new EegResample(), in, tmp.resolve("x4"), Map.of("sfreq", 314.159, "method", "polyphase")))
                .isInstanceOf(UserError.class).hasMessageContaining("use FFT resampling");
        List<String> log = exec(new EegFilter(), in, tmp.resolve("x5"), Map.of("lowpass", 40.0));
        assertThat(String.join("\n", log)).contains("filter_length (83) is longer than the signal (17)");
    }
}
