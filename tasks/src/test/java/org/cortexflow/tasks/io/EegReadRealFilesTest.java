package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.io.edf.EdfReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every EEG file of ../shared/data/real read with eeg.read and checked against SOURCES.md (counts,
 * rates, durations, events) and against the MNE/scipy goldens (values within 1e-6 relative).
 */
class EegReadRealFilesTest {

    @TempDir
    Path tmp;
    private int runs;

    private EegRecording read(String rel, Map<String, Object> extra) {
        Map<String, Object> p = new LinkedHashMap<>(extra);
        p.put("path", RealData.file(rel).toString());
        Path out = tmp.resolve("out-" + (++runs) + "-" + rel.replaceAll("\\W", "_"));
        Golden.eegRead(out, p);
        try {
            return EegRecording.open(out);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Long> countByValue(List<Event> events) {
        return events.stream().collect(Collectors.groupingBy(Event::value, TreeMap::new, Collectors.counting()));
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> goldenEvents(String golden) throws Exception {
        return (List<List<Object>>) Golden.json(golden + ".json").get("events");
    }

    @Test
    void physionetMotorImageryEdfPlus() throws Exception {
        try (EegRecording r = read("eeg/physionet-eegmmidb/S001R04.edf", Map.of())) {
            assertThat(r.channels()).hasSize(64).allMatch(c -> c.type().equals("EEG") && c.unit().equals("V"));
            assertThat(r.channels().get(0).name()).isEqualTo("Fc5.");
            assertThat(r.sfreq()).isEqualTo(160.0);
            assertThat(r.samples()).isEqualTo(125 * 160);
            assertThat(r.meta()).containsEntry("format", "EDF+C").containsEntry("start_time", "2009-08-12T16:15");
            assertThat(r.events()).hasSize(30);
            assertThat(countByValue(r.events())).containsExactlyEntriesOf(new TreeMap<>(Map.of("T0", 15L, "T1", 8L, "T2", 7L)));
            assertThat(r.events()).allSatisfy(e -> assertThat(e.durationSamples()).isBetween(Math.round(4.1 * 160), Math.round(4.2 * 160)));
            List<List<Object>> g = goldenEvents("S001R04");
            for (int i = 0; i < g.size(); i++) {
                Event e = r.events().get(i);
                assertThat(e.onsetSample()).isEqualTo(((Number) g.get(i).get(0)).longValue());
                assertThat(e.value()).isEqualTo(g.get(i).get(1));
                assertThat(e.durationSamples()).isEqualTo(((Number) g.get(i).get(2)).longValue());
                assertThat(e.description()).isEqualTo("EDF+ annotation");
            }
            Golden.assertMatches(r, "S001R04");
        }
    }

    @Test
    void nihonKohdenEdfWithTriggerChannel() throws Exception {
        try (EegRecording r = read("eeg/mne-python/test_edf_stim_channel.edf", Map.of())) {
            assertThat(r.channels()).hasSize(25);
            assertThat(r.sfreq()).isEqualTo(128.0);
            assertThat(r.samples()).isEqualTo(1228);
            assertThat(r.samples() / r.sfreq()).isEqualTo(9.59375);
            assertThat(r.channels().get(24)).isEqualTo(new Channel("DIG DTRIG", "TRIG", "n/a"));
            assertThat(r.channels().stream().filter(c -> c.type().equals("EOG")).count()).isEqualTo(2);
            assertThat(r.channels().stream().filter(c -> c.type().equals("ECG")).count()).isEqualTo(2);
            assertThat(countByValue(r.events())).containsExactly(Map.entry("100", 12L));
            assertEventsEqual(r.events(), goldenEvents("test_edf_stim_channel"));
            Golden.assertMatches(r, "test_edf_stim_channel");
        }
    }

    @Test
    void bdfStatusChannelBecomesTriggerEvents() throws Exception {
        try (EegRecording r = read("eeg/mne-python/test_bdf_stim_channel.bdf", Map.of())) {
            assertThat(r.channels()).extracting(Channel::name).containsExactly("C3", "C4", "Cz", "Status");
            assertThat(r.channels().get(3).type()).isEqualTo("TRIG");
            assertThat(r.sfreq()).isEqualTo(500.0);
            assertThat(r.samples()).isEqualTo(5000);
            assertThat(countByValue(r.events())).containsExactlyEntriesOf(new TreeMap<>(Map.of("1", 7L, "4", 1L, "2", 1L)));
            assertEventsEqual(r.events(), goldenEvents("test_bdf_stim_channel"));
            Golden.assertMatches(r, "test_bdf_stim_channel");
        }
    }

    @Test
    void biosemiActiveTwoBdf() throws Exception {
        try (EegRecording r = read("eeg/mne-python/test.bdf", Map.of())) {
            assertThat(r.channels()).hasSize(73);
            assertThat(r.channels().stream().filter(c -> c.type().equals("EEG")).count()).isEqualTo(72);
            assertThat(r.channels().get(72).name()).isEqualTo("Status");
            assertThat(r.sfreq()).isEqualTo(2048.0);
            assertThat(r.samples()).isEqualTo(2048);
            assertThat(r.meta()).containsEntry("start_time", "2013-08-01T13:21:46");
            assertThat(r.events()).extracting(Event::value).containsExactly("128");
            assertEventsEqual(r.events(), goldenEvents("mne_test_bdf"));
            Golden.assertMatches(r, "mne_test_bdf");
        }
    }

    @Test
    void bdfWithMinusOneRecordCountReadsFromTheFileSize() throws Exception {
        try (EegRecording r = read("eeg/eeglab/test.bdf", Map.of())) {
            assertThat(r.channels()).hasSize(17);
            assertThat(r.channels()).extracting(Channel::name).startsWith("A1", "A2").endsWith("A16", "Status");
            assertThat(r.sfreq()).isEqualTo(256.0);
            assertThat(r.samples()).isEqualTo(60 * 256);
            assertThat(r.meta()).containsEntry("n_records", 60).containsEntry("start_time", "2001-11-05T19:38:42");
            assertThat(countByValue(r.events())).containsExactly(Map.entry("255", 40L));
            assertEventsEqual(r.events(), goldenEvents("eeglab_test_bdf"));
            Golden.assertMatches(r, "eeglab_test_bdf");
        }
        // every change of the status code counts in mode=any: 80 transitions alternating 254/255
        try (EegRecording r = read("eeg/eeglab/test.bdf", Map.of("trigger_mode", "any"))) {
            assertThat(r.events()).hasSize(80);
            assertThat(countByValue(r.events())).containsExactlyEntriesOf(new TreeMap<>(Map.of("254", 40L, "255", 40L)));
        }
    }

    @Test
    void brainVisionInt16MultiplexedWithUnitsAndMarkers() throws Exception {
        try (EegRecording r = read("eeg/mne-python/brainvision/test.vhdr", Map.of())) {
            assertThat(r.channels()).hasSize(32);
            assertThat(r.channels().stream().filter(c -> c.type().equals("EEG"))).hasSize(26);
            assertThat(r.channels().stream().filter(c -> c.type().equals("MISC"))).extracting(Channel::unit)
                    .containsExactly("BS", "\u00B5S", "ARU", "uS", "S", "C");
            assertThat(r.sfreq()).isEqualTo(1000.0);
            assertThat(r.samples()).isEqualTo(7900);
            assertThat(r.meta()).containsEntry("start_time", "2013-11-13T16:14:03.794232");
            assertThat(r.events()).hasSize(14);
            Map<String, Long> byType = r.events().stream().collect(Collectors.groupingBy(Event::description, TreeMap::new,
                    Collectors.counting()));
            assertThat(byType).containsEntry("Stimulus", 7L).containsEntry("Event", 3L).containsEntry("Response", 1L)
                    .containsEntry("New Segment", 1L).containsEntry("SyncStatus", 1L).containsEntry("Optic", 1L);
            List<List<Object>> g = goldenEvents("brainvision_test");
            for (int i = 0; i < g.size(); i++) {
                String[] mne = ((String) g.get(i).get(1)).split("/", 2);
                String desc = mne[1].strip().replaceAll("\\s+", " ");
                String value = mne[0].equals("Stimulus") && desc.matches("S\\s*\\d+") ? desc.replaceAll("\\D", "")
                        : desc.isEmpty() ? mne[0] : desc;
                Event e = r.events().get(i);
                assertThat(e.onsetSample()).isEqualTo(((Number) g.get(i).get(0)).longValue());
                assertThat(e.description()).isEqualTo(mne[0]);
                assertThat(e.value()).isEqualTo(value);
            }
            assertThat(countByValue(r.events().stream().filter(e -> e.description().equals("Stimulus")).toList()))
                    .containsExactlyEntriesOf(new TreeMap<>(Map.of("253", 2L, "255", 5L)));
            Golden.assertMatches(r, "brainvision_test");
        }
    }

    @Test
    void eeglabSetWithSeparateFdt() throws Exception {
        try (EegRecording r = read("eeg/eeglab/eeglab_data.set", Map.of())) {
            assertThat(r.channels()).hasSize(32);
            assertThat(r.channels().get(0).name()).isEqualTo("FPz");
            assertThat(r.channels().get(31).name()).isEqualTo("O2");
            assertThat(r.sfreq()).isEqualTo(128.0);
            assertThat(r.samples()).isEqualTo(30504);
            assertThat(r.samples() / r.sfreq()).isCloseTo(238.3, org.assertj.core.data.Offset.offset(0.05));
            assertThat(r.meta()).containsEntry("reference", "common").containsEntry("setname", "Continuous EEG Data");
            assertThat(countByValue(r.events())).containsExactlyEntriesOf(new TreeMap<>(Map.of("square", 80L, "rt", 74L)));
            List<List<Object>> g = goldenEvents("eeglab_data");
            List<Object[]> want = new ArrayList<>();
            g.forEach(e -> want.add(new Object[] {((Number) e.get(0)).longValue(), e.get(1)}));
            assertThat(r.events()).extracting(e -> new Object[] {e.onsetSample(), e.value()}).containsExactlyElementsOf(want);
            Golden.assertMatches(r, "eeglab_data");
        }
    }

    @Test
    void eeglabSetWithoutItsFdtOrWithAShortOneIsAClearError() throws Exception {
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("nofdt"));
        Path set = java.nio.file.Files.copy(RealData.file("eeg/eeglab/eeglab_data.set"), dir.resolve("eeglab_data.set"));
        assertThatThrownBy(() -> Golden.eegRead(tmp.resolve("o1"), Map.of("path", set.toString())))
                .isInstanceOf(UserError.class).hasMessageContaining("(EEG.data)")
                .hasMessageContaining("eeglab_data.fdt does not exist").hasMessageContaining("beside the .set");
        byte[] fdt = java.nio.file.Files.readAllBytes(RealData.file("eeg/eeglab/eeglab_data.fdt"));
        java.nio.file.Files.write(dir.resolve("eeglab_data.fdt"), java.util.Arrays.copyOf(fdt, 1_000_000));
        assertThatThrownBy(() -> Golden.eegRead(tmp.resolve("o2"), Map.of("path", set.toString())))
                .isInstanceOf(UserError.class).hasMessageContaining("eeglab_data.fdt at byte 1000000 (data)")
                .hasMessageContaining("32 channels x 30504 points").hasMessageContaining("allow_truncated=true");
        Golden.eegRead(tmp.resolve("o3"), Map.of("path", set.toString(), "allow_truncated", true));
        try (EegRecording r = EegRecording.open(tmp.resolve("o3"))) {
            assertThat(r.samples()).isEqualTo(1_000_000 / (4 * 32));
        }
    }

    @Test
    void matlabMatrixWithGivenRateMatchesItsBdf() throws Exception {
        try (EegRecording r = read("mat/mne-python/test_bdf_eeglab.mat", Map.of("sfreq", 2048))) {
            assertThat(r.channels()).hasSize(72);
            assertThat(r.samples()).isEqualTo(2048);
            assertThat(r.meta()).containsEntry("variable", "data").containsEntry("format", "MAT v5");
            Golden.assertMatches(r, "test_bdf_eeglab_mat");
            // SOURCES: the same data as test.bdf, within 0.005 uV (plus float32 rounding of values up to 0.26 V)
            try (EegRecording bdf = read("eeg/mne-python/test.bdf", Map.of())) {
                float[] a = new float[2048];
                float[] b = new float[2048];
                for (int c = 0; c < 72; c++) {
                    r.readChannel(c, 0, a, 0, 2048);
                    bdf.readChannel(c, 0, b, 0, 2048);
                    for (int i = 0; i < 2048; i++) {
                        assertThat((double) a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(0.006e-6 + 2 * Math.ulp(b[i])));
                    }
                }
            }
        }
    }

    @Test
    void matlabMatrixWithoutARateIsAClearError() {
        assertThatThrownBy(() -> read("mat/mne-python/test_bdf_eeglab.mat", Map.of())).isInstanceOf(UserError.class)
                .hasMessageContaining("no sampling rate").hasMessageContaining("sfreq=");
    }

    @Test
    void annotationOnlyHypnogramReadsItsAnnotations() throws Exception {
        Path f = RealData.file("eeg/physionet-sleep-edfx/SC4001EC-Hypnogram.edf");
        try (EdfReader r = EdfReader.open(f, EdfReader.Options.defaults())) {
            assertThat(r.format()).isEqualTo("EDF+C");
            assertThat(r.channels()).isEmpty();
            assertThat(r.header().start()).map(Object::toString).contains("1989-04-24T16:13");
            List<EdfReader.Annotation> a = r.annotations();
            assertThat(a).hasSize(154);
            Map<String, Long> counts = a.stream().collect(Collectors.groupingBy(EdfReader.Annotation::text, TreeMap::new,
                    Collectors.counting()));
            assertThat(counts).containsExactlyEntriesOf(new TreeMap<>(Map.of("Sleep stage W", 12L, "Sleep stage 1", 24L,
                    "Sleep stage 2", 40L, "Sleep stage 3", 48L, "Sleep stage 4", 23L, "Sleep stage R", 6L, "Sleep stage ?", 1L)));
            @SuppressWarnings("unchecked")
            List<List<Object>> g = (List<List<Object>>) Golden.json("SC4001EC-Hypnogram.json").get("annotations");
            for (int i = 0; i < g.size(); i++) {
                assertThat(a.get(i).onset()).isEqualTo(((Number) g.get(i).get(0)).doubleValue());
                assertThat(a.get(i).duration()).isEqualTo(((Number) g.get(i).get(1)).doubleValue());
                assertThat(a.get(i).text()).isEqualTo(g.get(i).get(2));
            }
        }
        assertThatThrownBy(() -> read("eeg/physionet-sleep-edfx/SC4001EC-Hypnogram.edf", Map.of()))
                .isInstanceOf(UserError.class).hasMessageContaining("annotation-only");
    }

    @Test
    void bidsEegDatasetWithoutItsBinariesNamesTheMissingFile() {
        assertThatThrownBy(() -> read("bids/eeg_matchingpennies", Map.of())).isInstanceOf(UserError.class)
                .hasMessageContaining("sub-05_task-matchingpennies_eeg.eeg").hasMessageContaining("does not exist")
                .hasMessageContaining("DataFile");
    }

    @Test
    void aFolderOfFilesBecomesASet() throws Exception {
        Path out = tmp.resolve("set");
        Golden.eegRead(out, Map.of("path", RealData.file("eeg/mne-python").toString()));
        List<ItemIndex.Item> items = ItemIndex.list(out, ItemIndex.RECORDINGS);
        assertThat(items).extracting(ItemIndex.Item::id).containsExactly("brainvision_test", "test", "test_bdf_stim_channel",
                "test_edf_stim_channel");
        assertThat(items.get(0).field("source", "")).isEqualTo("brainvision/test.vhdr");
        try (EegRecording r = EegRecording.open(items.get(2).dir())) {
            assertThat(r.events()).hasSize(9);
        }
    }

    private static void assertEventsEqual(List<Event> got, List<List<Object>> golden) {
        assertThat(got).extracting(e -> e.onsetSample() + ":" + e.value())
                .containsExactlyElementsOf(golden.stream().map(e -> ((Number) e.get(0)).longValue() + ":" + e.get(1)).toList());
    }
}
