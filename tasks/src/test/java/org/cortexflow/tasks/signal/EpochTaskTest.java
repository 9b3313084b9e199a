package org.cortexflow.tasks.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegWriter;
import org.cortexflow.tasks.artifact.EpochRow;
import org.cortexflow.tasks.artifact.EpochsFile;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochTaskTest {

    @TempDir
    Path tmp;

    static Path golden(String name) throws Exception {
        return Path.of(EpochTaskTest.class.getResource("/golden/epochs/" + name).toURI());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cases() throws Exception {
        return MetaJson.mapper().readValue(golden("cases.json").toFile(), Map.class);
    }

    /** An eeg artifact whose channel c holds {@code value(c, t)}. */
    static Path recording(Path dir, double sfreq, List<Channel> chans, long samples, List<Event> events,
                          java.util.function.BiFunction<Integer, Long, Float> value) throws Exception {
        Files.createDirectories(dir);
        try (EegWriter w = EegWriter.create(dir, sfreq, chans, samples)) {
            int block = 4096;
            float[][] buf = new float[chans.size()][block];
            for (long s = 0; s < samples; s += block) {
                int n = (int) Math.min(block, samples - s);
                for (int c = 0; c < chans.size(); c++) {
                    for (int i = 0; i < n; i++) {
                        buf[c][i] = value.apply(c, s + i);
                    }
                }
                w.writeBlock(s, buf, n);
            }
            w.finish(events, Map.of("source", "test"));
        }
        return dir;
    }

    private Path mneRaw() throws Exception {
        float[] raw;
        long n;
        try (NpyArray a = NpyArray.open(golden("mne_raw.npy"))) {
            raw = a.readAllFloats();
            n = a.shape()[1];
        }
        double[] ev;
        try (NpyArray a = NpyArray.open(golden("mne_events.npy"))) {
            ev = a.readAllDoubles();
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < ev.length / 3; i++) {
            events.add(new Event((long) ev[3 * i], 0, Long.toString((long) ev[3 * i + 2]), "test"));
        }
        List<Channel> chans = List.of(Channel.eeg("Fz"), Channel.eeg("Cz"), Channel.eeg("Pz"), new Channel("EOG1", "EOG", "V"));
        long len = n;
        return recording(tmp.resolve("raw"), 250, chans, n, events, (c, t) -> raw[(int) (c * len + t)]);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventLockedEpochsMatchMneWithBaselineRejectAndFlat() throws Exception {
        Map<String, Object> mne = (Map<String, Object>) cases().get("mne");
        TaskHarness h = new TaskHarness(new EpochTask(), tmp.resolve("out")).input("eeg", mneRaw())
                .param("mode", "events").param("events", List.of(21, 22)).param("tmin", -0.2).param("tmax", 0.5)
                .param("baseline", List.of("none", 0)).param("reject", Map.of("eeg", 150e-6)).param("flat", Map.of("eeg", 1e-6));
        Path out = h.run();
        try (EpochsFile f = EpochsFile.open(out); NpyArray want = NpyArray.open(golden("mne_epochs.npy"))) {
            List<Long> onsets = f.rows().stream().map(r -> r.onsetSample() + 50).toList();
            assertThat(onsets).containsExactlyElementsOf(((List<Number>) mne.get("kept_onsets")).stream().map(Number::longValue).toList());
            assertThat(f.samples()).isEqualTo(176);
            assertThat(f.channelNames()).containsExactly("Fz", "Cz", "Pz", "EOG1");
            assertThat(f.classes()).containsExactly("21", "22");
            assertThat(f.rows().get(0).label()).isZero();
            assertThat(f.rows().get(1).stimulus()).isEqualTo("22");
            assertThat(f.rows().get(1).label()).isEqualTo(1);
            assertSameData(f, want.readAllDoubles());
            // drop reasons as MNE's drop_log, for the events that were selected
            List<List<String>> mneLog = (List<List<String>>) mne.get("drop_log");
            List<List<String>> expected = mneLog.stream().filter(r -> !r.isEmpty() && !r.equals(List.of("IGNORED"))).toList();
            List<Map<String, Object>> log = (List<Map<String, Object>>) f.meta().get("drop_log");
            assertThat(log.stream().map(d -> (List<String>) d.get("reasons")).toList()).containsExactlyElementsOf(expected);
            assertThat((Map<String, Object>) f.meta().get("dropped")).containsEntry("out_of_bounds", 2).containsEntry("rejected", 1)
                    .containsEntry("flat", 1);
            assertThat(h.logText()).contains("10 selected, 6 epochs").contains("dropped");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventLockedEpochsWithoutBaselineMatchMne() throws Exception {
        Map<String, Object> nb = (Map<String, Object>) ((Map<String, Object>) cases().get("mne")).get("nobaseline");
        Path out = new TaskHarness(new EpochTask(), tmp.resolve("out")).input("eeg", mneRaw())
                .param("mode", "events").param("events", List.of(21, 22)).param("tmin", -0.1).param("tmax", 0.3)
                .param("baseline", List.of()).run();
        try (EpochsFile f = EpochsFile.open(out); NpyArray want = NpyArray.open(golden("mne_epochs_nobaseline.npy"))) {
            assertThat(f.rows().stream().map(r -> r.onsetSample() + 25).toList())
                    .containsExactlyElementsOf(((List<Number>) nb.get("kept_onsets")).stream().map(Number::longValue).toList());
            assertSameData(f, want.readAllDoubles());
        }
    }

    /** float32 epochs against MNE's float64: within 1e-5 of the reference RMS. */
    private static void assertSameData(EpochsFile f, double[] want) throws Exception {
        float[] got = new float[(int) (f.size() * f.channels() * f.samples())];
        f.read(0, (int) f.size(), got, 0);
        assertThat(got.length).isEqualTo(want.length);
        double ss = 0;
        for (double v : want) {
            ss += v * v;
        }
        double tol = 1e-5 * Math.sqrt(ss / want.length);
        for (int i = 0; i < got.length; i++) {
            assertThat(Math.abs(got[i] - want[i])).as("element %d", i).isLessThanOrEqualTo(tol);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void stratifiedSplitMatchesScikitLearn() throws Exception {
        for (Map<String, Object> c : (List<Map<String, Object>>) cases().get("splits")) {
            int[] labels = ((List<Number>) c.get("labels")).stream().mapToInt(Number::intValue).toArray();
            boolean[] mask = StratifiedSplit.testMask(labels, ((Number) c.get("test_size")).doubleValue(),
                    ((Number) c.get("seed")).longValue());
            List<Number> want = (List<Number>) c.get("test");
            for (int i = 0; i < labels.length; i++) {
                assertThat(mask[i]).as(c.get("name") + " row " + i).isEqualTo(want.get(i).intValue() == 1);
            }
        }
        assertThatThrownBy(() -> StratifiedSplit.testMask(new int[] {0, 0, 0, 1}, 0.25, 1))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("class 1 has only 1 row");
    }

    /** Two subjects, songs 21..23 with onsets from the golden; channel 0 holds the sample index, channel 1 its negative. */
    @SuppressWarnings("unchecked")
    private Path predannStudy(Map<String, Object> p, long samples) throws Exception {
        Map<String, Map<String, Number>> onsets = (Map<String, Map<String, Number>>) p.get("onsets");
        List<ItemIndex.Item> items = new ArrayList<>();
        Path root = Files.createDirectories(tmp.resolve("study"));
        for (String subject : onsets.keySet()) {
            List<Event> events = new ArrayList<>();
            events.add(new Event(10, 0, "128", "DIN")); // not a stimulus
            onsets.get(subject).forEach((song, at) -> events.add(new Event(at.longValue(), 0, song, "stimulus")));
            String id = "sub-" + subject;
            recording(root.resolve(id), 125, List.of(Channel.eeg("E1"), Channel.eeg("E2"), new Channel("Status", "TRIG", "n/a")),
                    samples, events, (c, t) -> c == 0 ? (float) t : c == 1 ? -(float) t : 0f);
            items.add(new ItemIndex.Item(id, root.resolve(id), Map.of("subject", subject)));
        }
        ItemIndex.write(root, ItemIndex.RECORDINGS, List.of("subject"), items);
        return root;
    }

    /** An audio set of the given stimuli and durations (meta only matters to eeg.epoch; the arrays are tiny). */
    static Path audioSet(Path root, Map<String, Double> durations) throws Exception {
        Files.createDirectories(root);
        List<ItemIndex.Item> items = new ArrayList<>();
        for (Map.Entry<String, Double> e : durations.entrySet()) {
            Path d = Files.createDirectories(root.resolve(e.getKey()));
            NpyWriter.writeFloat32(d.resolve("audio.npy"), new float[] {0, 0}, 1, 2);
            Map<String, Object> meta = new HashMap<>();
            meta.put("kind", "audio");
            meta.put("sample_rate", 44100);
            meta.put("n_channels", 1);
            meta.put("n_samples", 2);
            meta.put("duration_s", e.getValue());
            MetaJson.write(d, meta);
            items.add(new ItemIndex.Item(e.getKey(), d, Map.of("stimulus", e.getKey())));
        }
        ItemIndex.write(root, ItemIndex.CLIPS, List.of("stimulus"), items);
        return root;
    }

    @Test
    @SuppressWarnings("unchecked")
    void predannProtocolMatchesTheRestatedOfficialArithmetic() throws Exception {
        Map<String, Object> p = (Map<String, Object>) cases().get("predann");
        Map<String, Double> durations = new LinkedHashMap<>();
        for (String s : List.of("21", "22", "23")) {
            durations.put(s, 250.0);
        }
        TaskHarness h = new TaskHarness(new EpochTask(), tmp.resolve("out")).input("eeg", predannStudy(p, 93_000))
                .input("audio", audioSet(tmp.resolve("audio"), durations)).param("crops_per_chunk", 3);
        Path out = h.run();
        int nWindows = ((Number) p.get("n_windows")).intValue();
        int nCrops = ((Number) p.get("n_crops")).intValue();
        assertThat(nWindows).isEqualTo(14);
        assertThat(nCrops).isEqualTo(6);
        try (EpochsFile f = EpochsFile.open(out)) {
            assertThat(f.channelNames()).containsExactly("E1", "E2"); // the trigger channel is not epoched
            assertThat(f.samples()).isEqualTo(375);
            assertThat(f.classes()).containsExactly("21", "22", "23");
            assertThat(f.meta()).containsEntry("protocol", "predann");
            List<EpochRow> rows = f.rows();
            int i = 0;
            int windowId = 0;
            float[] epoch = new float[2 * 375];
            for (Map<String, Object> chunk : (List<Map<String, Object>>) p.get("chunks")) {
                long start = ((Number) chunk.get("start")).longValue();
                long stop = ((Number) chunk.get("stop")).longValue();
                String split = (String) chunk.get("split");
                String stim = (String) chunk.get("stimulus");
                if (split.equals("train")) {
                    for (int k = 0; k < 3; k++, i++) {
                        EpochRow r = rows.get(i);
                        assertThat(r.split()).isEqualTo("train");
                        assertThat(r.stimulus()).isEqualTo(stim);
                        assertThat(r.subject()).isEqualTo(chunk.get("subject"));
                        assertThat(r.chunk()).isEqualTo(((Number) chunk.get("chunk")).intValue());
                        assertThat(r.onsetSample()).isBetween(start, stop - 375 - 1);
                        assertThat(r.window()).isEqualTo(EpochRow.NONE);
                    }
                } else {
                    List<List<Number>> crops = (List<List<Number>>) chunk.get("crops");
                    List<List<Number>> audio = (List<List<Number>>) chunk.get("audio_onsets");
                    for (int w = 0; w < nWindows; w++, windowId++) {
                        for (int j = 0; j < nCrops; j++, i++) {
                            EpochRow r = rows.get(i);
                            assertThat(r.split()).isEqualTo("test");
                            assertThat(r.stimulus()).isEqualTo(stim);
                            assertThat(r.label()).isEqualTo(Integer.parseInt(stim) - 21);
                            assertThat(r.window()).isEqualTo(windowId);
                            assertThat(r.onsetSample()).isEqualTo(crops.get(w).get(j).longValue());
                            assertThat(r.audioOnsetS()).isCloseTo(audio.get(w).get(j).doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
                            assertThat(r.audioDurationS()).isEqualTo(3.0);
                        }
                    }
                }
            }
            assertThat(i).isEqualTo(rows.size());
            // the samples are the source's: channel 0 holds the sample index
            for (int k : new int[] {0, rows.size() / 2, rows.size() - 1}) {
                f.read(k, epoch, 0);
                assertThat(epoch[0]).isEqualTo((float) rows.get(k).onsetSample());
                assertThat(epoch[374]).isEqualTo((float) rows.get(k).onsetSample() + 374);
                assertThat(epoch[375]).isEqualTo(-(float) rows.get(k).onsetSample());
            }
            Map<String, Object> counts = (Map<String, Object>) f.meta().get("counts");
            assertThat(counts).containsEntry("chunks_train", 36).containsEntry("chunks_test", 12)
                    .containsEntry("epochs_test", 12 * 14 * 6).containsEntry("windows_test", 12 * 14);
        }
        assertThat(h.logText()).contains("36 train chunks");
    }

    /** eeg.epoch on a PredANN-like study, its three song events, writing under tmp/{@code dir}. */
    private TaskHarness predannEpochs(Path study, String dir) {
        return new TaskHarness(new EpochTask(), tmp.resolve(dir)).input("eeg", study).param("events", List.of(21, 22, 23));
    }

    @Test
    @SuppressWarnings("unchecked")
    void predannGridCropsAndIdenticalRerun() throws Exception {
        Map<String, Object> p = (Map<String, Object>) cases().get("predann");
        Path study = predannStudy(p, 93_000);
        Path a = predannEpochs(study, "a")
                .param("train_crops", "grid").param("train_hop", "10s").run();
        try (EpochsFile f = EpochsFile.open(a)) {
            List<Long> offsets = f.rows().stream().filter(r -> r.split().equals("train")).limit(3)
                    .map(r -> r.onsetSample() - f.rows().get(0).onsetSample()).toList();
            assertThat(offsets).containsExactly(0L, 1250L, 2500L);
        }
        Path b = predannEpochs(study, "b")
                .param("train_crops", "grid").param("train_hop", "10s").run();
        assertThat(Files.readAllBytes(b.resolve("epochs.tsv"))).isEqualTo(Files.readAllBytes(a.resolve("epochs.tsv")));
        assertThat(Files.readAllBytes(b.resolve("meta.json"))).isEqualTo(Files.readAllBytes(a.resolve("meta.json")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void predannPerEpochKeepsEachTrainingChunkWholeAndTheTestCropsUnchanged() throws Exception {
        Map<String, Object> p = (Map<String, Object>) cases().get("predann");
        Path study = predannStudy(p, 93_000);
        Path fixed = predannEpochs(study, "fixed")
                .param("crops_per_chunk", 3).run();
        TaskHarness h = predannEpochs(study, "chunks")
                .param("train_crops", "per_epoch");
        Path out = h.run();
        try (EpochsFile f = EpochsFile.open(out); EpochsFile g = EpochsFile.open(fixed)) {
            assertThat(f.hasChunks()).isTrue();
            assertThat(g.hasChunks()).isFalse();
            assertThat(f.samples()).isEqualTo(375);
            assertThat(f.chunkSamples()).isEqualTo(3750);
            List<EpochRow> train = f.rows().stream().filter(r -> r.split().equals("train")).toList();
            assertThat(train).hasSize(36); // one row per training chunk
            // the test rows are those of the fixed-crop protocol, crop for crop
            assertThat(f.rows().stream().filter(r -> r.split().equals("test")).toList())
                    .isEqualTo(g.rows().stream().filter(r -> r.split().equals("test")).toList());
            float[] chunk = new float[2 * 3750];
            float[] epoch = new float[2 * 375];
            int k = 0;
            for (int i = 0; i < f.rows().size(); i++) {
                EpochRow r = f.rows().get(i);
                if (!r.split().equals("train")) {
                    continue;
                }
                // the row is its chunk's start: onset and audio onset of the chunk, the chunk's first crop as its epoch
                assertThat(r.audioOnsetS()).isEqualTo(r.chunk() * 30.0);
                assertThat(r.window()).isEqualTo(EpochRow.NONE);
                f.readChunk(k++, chunk, 0);
                f.read(i, epoch, 0);
                for (int t : new int[] {0, 374, 1234, 3749}) {
                    assertThat(chunk[t]).isEqualTo((float) (r.onsetSample() + t)); // channel 0 holds the sample index
                    assertThat(chunk[3750 + t]).isEqualTo(-(float) (r.onsetSample() + t));
                }
                assertThat(epoch[374]).isEqualTo(chunk[374]);
                assertThat(epoch[375]).isEqualTo(chunk[3750]);
            }
            Map<String, Object> c = (Map<String, Object>) f.meta().get(EpochsFile.CHUNKS_META);
            assertThat(c).containsEntry("file", "chunks.npy").containsEntry("n_chunks", 36).containsEntry("chunk_samples", 3750)
                    .containsEntry("crop_samples", 375).containsEntry("train_crop_s", 3.0);
            assertThat((Map<String, Object>) f.meta().get("params")).containsEntry("train_crops", "per_epoch");
            assertThat((Map<String, Object>) f.meta().get("counts")).containsEntry("chunks_train", 36).containsEntry("epochs_train", 36);
        }
        assertThat(h.logText()).contains("36 train chunks -> 36 rows kept whole in chunks.npy");
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordingShorterThanTheProtocolNeedsIsAClearFailure() throws Exception {
        Map<String, Object> p = (Map<String, Object>) cases().get("predann");
        Path study = predannStudy(p, 80_000); // subject 01's song 23 starts at 62900 and needs 30025 samples
        assertThatThrownBy(() -> new TaskHarness(new EpochTask(), tmp.resolve("out")).input("eeg", study)
                .param("events", List.of(21, 22, 23)).run())
                .isInstanceOf(TaskFailure.class)
                .hasMessageContaining("recording sub-01").hasMessageContaining("stimulus 23")
                .hasMessageContaining("needs 30025 samples").hasMessageContaining("17100 samples");
    }

    @Test
    @SuppressWarnings("unchecked")
    void missingStimuliAreReportedAndAudioTooShortFails() throws Exception {
        Map<String, Object> p = (Map<String, Object>) cases().get("predann");
        Path study = predannStudy(p, 93_000);
        Map<String, Double> durations = new LinkedHashMap<>();
        durations.put("21", 250.0);
        durations.put("22", 250.0);
        durations.put("23", 250.0);
        durations.put("24", 250.0); // no recording has song 24
        TaskHarness h = new TaskHarness(new EpochTask(), tmp.resolve("out")).input("eeg", study)
                .input("audio", audioSet(tmp.resolve("audio"), durations)).param("test_size", 0.25);
        Path out = h.run();
        try (EpochsFile f = EpochsFile.open(out)) {
            List<Map<String, String>> missing = (List<Map<String, String>>) f.meta().get("missing");
            assertThat(missing).hasSize(2).allSatisfy(m -> assertThat(m).containsEntry("stimulus", "24"));
            assertThat(f.classes()).containsExactly("21", "22", "23", "24");
        }
        assertThat(h.logText()).contains("no onset event for stimulus 24");
        durations.put("24", 100.0);
        assertThatThrownBy(() -> new TaskHarness(new EpochTask(), tmp.resolve("out2")).input("eeg", study)
                .input("audio", audioSet(tmp.resolve("audio2"), durations)).run())
                .isInstanceOf(TaskFailure.class).hasMessageContaining("stimulus 24").hasMessageContaining("100.0 s");
    }

    @Test
    void slidingWindowsWithOverlapCoverEachStimulusAndDropWhatRunsPastTheEnd() throws Exception {
        // 100 Hz; stimulus 7 at sample 100 lasting 10 s (audio), stimulus 8 at 1000 lasting 10 s but the recording ends at 1500
        Path rec = recording(tmp.resolve("rec"), 100, List.of(Channel.eeg("A")), 1500,
                List.of(new Event(100, 0, "7", "s"), new Event(1000, 0, "8", "s")), (c, t) -> (float) t);
        Map<String, Double> durations = new LinkedHashMap<>();
        durations.put("7", 10.0);
        durations.put("8", 10.0);
        TaskHarness h = new TaskHarness(new EpochTask(), tmp.resolve("out")).input("eeg", rec)
                .input("audio", audioSet(tmp.resolve("audio"), durations))
                .param("mode", "sliding").param("window", "3s").param("overlap", 0.5).param("delay", "0ms");
        Path out = h.run();
        try (EpochsFile f = EpochsFile.open(out)) {
            // stimulus 7: starts 100, 250, ... while start + 300 <= 100 + 1000: 5 windows (offsets 0..600)
            List<EpochRow> s7 = f.rows().stream().filter(r -> r.stimulus().equals("7")).toList();
            assertThat(s7).extracting(EpochRow::onsetSample).containsExactly(100L, 250L, 400L, 550L, 700L);
            assertThat(s7.get(2).audioOnsetS()).isEqualTo(3.0);
            // stimulus 8: 5 planned, the 3 ending past sample 1500 are dropped: starts 1000, 1150 fit (1150 + 300 <= 1500)
            List<EpochRow> s8 = f.rows().stream().filter(r -> r.stimulus().equals("8")).toList();
            assertThat(s8).extracting(EpochRow::onsetSample).containsExactly(1000L, 1150L);
            @SuppressWarnings("unchecked")
            Map<String, Object> dropped = (Map<String, Object>) f.meta().get("dropped");
            assertThat(dropped).containsEntry("out_of_bounds", 3);
            float[] e = new float[300];
            f.read(1, e, 0);
            assertThat(e[0]).isEqualTo(250f);
        }
        assertThat(h.logText()).contains("out_of_bounds=3");
        // without stimuli: the whole recording
        Path whole = new TaskHarness(new EpochTask(), tmp.resolve("whole")).input("eeg", rec)
                .param("mode", "sliding").param("window", "3s").param("overlap", 0.5).run();
        try (EpochsFile f = EpochsFile.open(whole)) {
            assertThat(f.size()).isEqualTo((1500 - 300) / 150 + 1);
            assertThat(f.rows().get(0).stimulus()).isEmpty();
        }
    }

    @Test
    void predannWithoutStimulusIdsSaysWhatToBind() throws Exception {
        Path rec = recording(tmp.resolve("rec"), 100, List.of(Channel.eeg("A")), 100, List.of(), (c, t) -> 0f);
        assertThatThrownBy(() -> new TaskHarness(new EpochTask(), tmp.resolve("out")).input("eeg", rec).run())
                .isInstanceOf(TaskFailure.class).hasMessageContaining("input 'audio'");
    }
}
