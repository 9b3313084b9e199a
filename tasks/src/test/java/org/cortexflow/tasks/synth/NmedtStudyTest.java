package org.cortexflow.tasks.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.Table;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NmedtStudyTest {

    @TempDir
    Path tmp;

    /** Generates music and EEG into {@code dir} with the given overrides. */
    static MusicSet study(Path dir, Map<String, Object> music, Map<String, Object> eeg, int threads) throws Exception {
        Map<String, Object> mp = new LinkedHashMap<>(Map.of("preset", "nmedt", "size", "tiny"));
        mp.putAll(music);
        MusicSet m = SynthMusic.generate(SynthParams.resolve(new SynthMusic(), mp), dir, threads, Cancel.NEVER);
        Map<String, Object> ep = new LinkedHashMap<>(Map.of("size", "tiny"));
        ep.putAll(eeg);
        SynthEeg.generate(SynthParams.resolve(new SynthEeg(), ep), m, dir, threads, Cancel.NEVER);
        return m;
    }

    static Map<String, String> digests(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                out.put(root.relativize(p).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesByteIdenticalFilesWhateverTheThreadCount() throws Exception {
        Map<String, Object> eeg = Map.of("nmedt_mat", true);
        study(tmp.resolve("a"), Map.of(), eeg, 1);
        study(tmp.resolve("b"), Map.of(), eeg, 2);
        Map<String, String> a = digests(tmp.resolve("a"));
        Map<String, String> b = digests(tmp.resolve("b"));
        assertThat(a).containsKeys("sub-01/eeg/sub-01_task-listen_eeg.bdf", "nmedt/S01_1.mat", "nmedt/S02_2.mat",
                "stimuli/21.wav", "ground_truth.json", "participants.tsv", "ground_truth/features/22.npy");
        assertThat(b).isEqualTo(a);
        study(tmp.resolve("c"), Map.of(), Map.of("nmedt_mat", true, "seed", 7), 2);
        Map<String, String> c = digests(tmp.resolve("c"));
        assertThat(c.get("sub-01/eeg/sub-01_task-listen_eeg.bdf")).isNotEqualTo(a.get("sub-01/eeg/sub-01_task-listen_eeg.bdf"));
        assertThat(c.get("stimuli/21.wav")).as("the EEG seed leaves the music alone").isEqualTo(a.get("stimuli/21.wav"));
    }

    @Test
    void eegCrossCorrelatesWithThePlantedEnvelopeAtThePlantedLatency() throws Exception {
        // two subjects, two 40-s songs, 16 channels, the default SNR
        Path dir = tmp.resolve("s");
        study(dir, Map.of("duration", 40), Map.of("channels", 16, "subjects", 2), 2);
        JsonNode truth = MetaJson.mapper().readTree(dir.resolve("ground_truth.json").toFile());
        MusicSet music = MusicSet.load(dir);
        int envelope = music.feature("envelope");
        for (JsonNode subject : truth.at("/eeg/subjects")) {
            String id = subject.get("id").asText();
            EdfTestReader bdf = new EdfTestReader(dir.resolve(subject.get("data_file").asText()));
            double fs = bdf.sfreq();
            // a spatial filter from the planted envelope pattern, then a 1-s moving-average high-pass
            double[] w = new double[16];
            for (int c = 0; c < 16; c++) {
                w[c] = subject.at("/patterns/envelope").get(c).asDouble();
            }
            double[] y = highPass(project(bdf.data, w), (int) fs);
            Table events = Table.read(dir.resolve(id + "/eeg/" + id + "_task-listen_events.tsv"));
            int maxLag = (int) (0.4 * fs);
            double[] xc = new double[maxLag + 1];
            for (int e = 0; e < events.size(); e++) {
                long onset = Long.parseLong(events.get(e, "sample").orElseThrow());
                float[] env = music.features(events.get(e, "value").orElseThrow())[envelope];
                double[] x = new double[env.length];
                for (int i = 0; i < env.length; i++) {
                    x[i] = env[i];
                }
                x = highPass(x, (int) fs);
                for (int lag = 0; lag <= maxLag; lag++) {
                    for (int i = 0; i < x.length - maxLag; i++) {
                        xc[lag] += x[i] * y[(int) (onset + i + lag)];
                    }
                }
            }
            int best = 0;
            for (int lag = 0; lag <= maxLag; lag++) {
                if (xc[lag] > xc[best]) {
                    best = lag;
                }
            }
            double peakMs = best * 1000 / fs;
            double planted = subject.get("latency_ms").asDouble();
            assertThat(peakMs).as(id + ": cross-correlation peak vs planted latency").isCloseTo(planted,
                    org.assertj.core.data.Offset.offset(20.0));
        }
    }

    @Test
    void lineNoisePeakSitsAtTheChosenFrequency() throws Exception {
        for (double line : new double[] {50, 60}) {
            Path dir = tmp.resolve("line" + (int) line);
            study(dir, Map.of(), Map.of("subjects", 1, "line_freq", line), 1);
            EdfTestReader bdf = new EdfTestReader(dir.resolve("sub-01/eeg/sub-01_task-listen_eeg.bdf"));
            double fs = bdf.sfreq();
            int n = (int) (10 * fs); // 10-s segments: 0.1 Hz resolution
            double[] power = new double[n / 2];
            for (int start = 0; start + n <= bdf.data[0].length; start += n) {
                double[] seg = java.util.Arrays.copyOfRange(bdf.data[4], start, start + n);
                new DoubleFFT_1D(n).realForward(seg);
                for (int k = 1; k < n / 2; k++) {
                    power[k] += seg[2 * k] * seg[2 * k] + seg[2 * k + 1] * seg[2 * k + 1];
                }
            }
            int best = (int) (30 * n / fs);
            for (int k = best; k < 95 * n / fs; k++) {
                if (power[k] > power[best]) {
                    best = k;
                }
            }
            assertThat(best * fs / n).as("spectral peak between 30 and 95 Hz").isCloseTo(line, org.assertj.core.data.Offset.offset(0.1));
        }
    }

    @Test
    void statusChannelAndEventsCarryEachSongOnsetOnce() throws Exception {
        Path dir = tmp.resolve("st");
        study(dir, Map.of(), Map.of("subjects", 1), 1);
        EdfTestReader bdf = new EdfTestReader(dir.resolve("sub-01/eeg/sub-01_task-listen_eeg.bdf"));
        assertThat(bdf.reserved).isEqualTo("24BIT");
        assertThat(bdf.labels).endsWith("Status");
        double[] status = bdf.data[bdf.labels.size() - 1];
        List<String> onsets = new ArrayList<>();
        for (int i = 0; i < status.length; i++) {
            if (status[i] != 0 && (i == 0 || status[i - 1] == 0)) {
                onsets.add(i + ":" + (int) status[i]);
            }
        }
        Table events = Table.read(dir.resolve("sub-01/eeg/sub-01_task-listen_events.tsv"));
        assertThat(events.columns()).containsExactly("onset", "duration", "sample", "trial_type", "value", "stim_file");
        List<String> expected = new ArrayList<>();
        for (int e = 0; e < events.size(); e++) {
            expected.add(events.get(e, "sample").orElseThrow() + ":" + events.get(e, "value").orElseThrow());
            assertThat(events.get(e, "stim_file").orElseThrow()).isEqualTo("stimuli/" + events.get(e, "value").orElseThrow() + ".wav");
        }
        assertThat(onsets).containsExactlyElementsOf(expected).hasSize(2);
    }

    @Test
    void edfPlusHoldsTheSameRecordingWithOnsetAnnotations() throws Exception {
        Path dir = tmp.resolve("edf");
        study(dir, Map.of(), Map.of("subjects", 1, "format", "edf"), 1);
        EdfTestReader edf = new EdfTestReader(dir.resolve("sub-01/eeg/sub-01_task-listen_eeg.edf"));
        assertThat(edf.reserved).isEqualTo("EDF+C");
        assertThat(edf.labels).endsWith("EDF Annotations").doesNotContain("Status");
        Table events = Table.read(dir.resolve("sub-01/eeg/sub-01_task-listen_events.tsv"));
        for (int e = 0; e < events.size(); e++) {
            String onset = events.get(e, "onset").orElseThrow();
            String value = events.get(e, "value").orElseThrow();
            assertThat(edf.annotations).anyMatch(a -> a.startsWith("+" + onset + "\u0015") && a.endsWith("|" + value));
        }
        Path bdfDir = tmp.resolve("bdf");
        study(bdfDir, Map.of(), Map.of("subjects", 1), 1);
        EdfTestReader bdf = new EdfTestReader(bdfDir.resolve("sub-01/eeg/sub-01_task-listen_eeg.bdf"));
        for (int i = 0; i < bdf.data[0].length; i += 97) {
            assertThat(edf.data[0][i]).isCloseTo(bdf.data[0][i], org.assertj.core.data.Offset.offset(0.07));
        }
    }

    @Test
    void nmedtMatFilesHoldXFsAndDinLikeTheRawFiles() throws Exception {
        Path dir = tmp.resolve("mat");
        study(dir, Map.of(), Map.of("subjects", 1, "nmedt_mat", true), 1);
        JsonNode subject = MetaJson.mapper().readTree(dir.resolve("ground_truth.json").toFile()).at("/eeg/subjects/0");
        byte[] head = Files.readAllBytes(dir.resolve("nmedt/S01_1.mat"));
        assertThat(new String(head, 0, 19, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("MATLAB 7.3 MAT-file");
        assertThat(head[126]).isEqualTo((byte) 'I');
        List<String> codes = new ArrayList<>();
        List<Long> samples = new ArrayList<>();
        for (String name : List.of("S01_1.mat", "S01_2.mat")) {
            try (HdfFile h = new HdfFile(dir.resolve("nmedt").resolve(name))) {
                Dataset x = h.getDatasetByPath("/X");
                int[] dims = x.getDimensions();
                assertThat(dims[1]).isEqualTo(9); // 8 channels + the zero vertex reference
                assertThat(x.getAttribute("MATLAB_class").getData()).isEqualTo("single");
                float[][] data = (float[][]) x.getData();
                for (float[] row : data) {
                    assertThat(row[8]).isZero();
                }
                assertThat(((double[][]) h.getDatasetByPath("/fs").getData())[0][0]).isEqualTo(1000.0);
                Dataset din = h.getDatasetByPath("/DIN_1");
                assertThat(din.getAttribute("MATLAB_class").getData()).isEqualTo("cell");
                assertThat(din.getDimensions()[1]).isEqualTo(4);
                // each element is a dataset in #refs#: read codes and samples in MATLAB's column order
                List<Dataset> refs = new ArrayList<>();
                h.getByPath("/#refs#");
                for (var node : ((io.jhdf.api.Group) h.getByPath("/#refs#")).getChildren().values()) {
                    refs.add((Dataset) node);
                }
                int events = din.getDimensions()[0];
                refs.sort(java.util.Comparator.comparingLong(io.jhdf.api.Node::getAddress));
                for (int e = 0; e < events; e++) {
                    Dataset code = refs.get(4 * e);
                    int[][] chars = (int[][]) code.getData(); // uint16, widened by jhdf
                    StringBuilder sb = new StringBuilder();
                    for (int[] ch : chars) {
                        sb.append((char) ch[0]);
                    }
                    codes.add(sb.toString());
                    long offset = name.endsWith("_2.mat") ? subject.at("/nmedt_mat/1/first_sample").asLong() : 0;
                    samples.add((long) ((double[][]) refs.get(4 * e + 1).getData())[0][0] + offset);
                }
            }
        }
        // PredANN's rule: the 128 after a song trigger, minus 1 s, is the true onset
        for (JsonNode played : subject.get("stimuli")) {
            String song = played.get("stimulus").asText();
            int at = codes.indexOf("DI" + song);
            assertThat(at).as("trigger of song " + song).isGreaterThanOrEqualTo(0);
            assertThat(codes.get(at + 1)).isEqualTo("D128");
            assertThat(samples.get(at + 1) - 1000).isEqualTo(played.get("onset_sample").asLong());
        }
        assertThat(codes).contains("DI10");
    }

    @Test
    void musicAtAnotherRateThanTheEegIsAClearError() throws Exception {
        Path dir = tmp.resolve("rate");
        MusicSet m = SynthMusic.generate(SynthParams.resolve(new SynthMusic(), Map.of("preset", "nmedt", "size", "tiny",
                "feature_rate", 500)), dir, 1, Cancel.NEVER);
        assertThatThrownBy(() -> SynthEeg.generate(SynthParams.resolve(new SynthEeg(), Map.of("size", "tiny")), m,
                tmp.resolve("x"), 1, Cancel.NEVER)).isInstanceOf(TaskFailure.class).hasMessageContaining("feature_rate");
    }

    static double[] project(double[][] data, double[] w) {
        double[] y = new double[data[0].length];
        for (int c = 0; c < w.length; c++) {
            for (int i = 0; i < y.length; i++) {
                y[i] += w[c] * data[c][i];
            }
        }
        return y;
    }

    /** x minus its centred moving average over {@code n} samples. */
    static double[] highPass(double[] x, int n) {
        double[] c = new double[x.length + 1];
        for (int i = 0; i < x.length; i++) {
            c[i + 1] = c[i] + x[i];
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int a = Math.max(0, i - n / 2);
            int b = Math.min(x.length, i + n / 2);
            y[i] = x[i] - (c[b] - c[a]) / (b - a);
        }
        return y;
    }
}
