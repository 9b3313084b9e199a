package org.cortexflow.tasks.io.bids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.io.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BidsDatasetTest {

    private static final Set<String> GTZAN = Set.of("blues", "classical", "country", "disco", "hiphop", "jazz", "metal",
            "pop", "reggae", "rock");

    @TempDir
    Path tmp;

    @Test
    void musicGenreDatasetLoadsWithWarningsNotFailures() throws Exception {
        BidsDataset ds = BidsDataset.open(RealData.file("bids/ds003720"));
        assertThat(ds.subjects()).containsExactly("001", "002", "003", "004", "005");
        assertThat(ds.sessions()).isEmpty();
        assertThat(ds.tasks()).containsExactly("Test", "Training");
        assertThat(ds.runs()).hasSize(12).contains("01", "12");
        assertThat(ds.participants()).isEmpty();
        assertThat(ds.description()).containsEntry("BIDSVersion", "1.4.0");
        assertThat(ds.inventory()).containsEntry("events.tsv", 90).containsEntry("bold.json", 90).containsEntry("T1w.json", 5);
        assertThat(ds.warnings()).anyMatch(w -> w.contains("no participants.tsv"));
        // the .nii files were not copied: there are sidecars and events but no bold data files
        assertThat(ds.recordings("bold")).isEmpty();

        int tables = 0;
        List<String> lostQuotes = new ArrayList<>();
        try (var walk = Files.walk(ds.root())) {
            for (Path f : walk.filter(p -> p.toString().endsWith("_events.tsv")).sorted().toList()) {
                Table t = ds.table(f);
                assertThat(t.columns()).containsExactly("onset", "duration", "genre", "track", "start", "end");
                assertThat(t.size()).as(f.toString()).isEqualTo(41);
                assertThat(new HashSet<>(t.column("genre"))).isSubsetOf(GTZAN);
                for (int i = 0; i < 41; i++) {
                    assertThat(Double.parseDouble(t.get(i, "onset").orElseThrow())).isEqualTo(15.0 * i);
                    assertThat(t.get(i, "duration")).contains("15");
                    int track = Integer.parseInt(t.get(i, "track").orElseThrow());
                    assertThat(track).isBetween(0, 99);
                }
                tables++;
            }
        }
        assertThat(tables).isEqualTo(90);
        for (String w : ds.warnings()) {
            if (w.contains("lost one of its quotes")) {
                lostQuotes.add(w);
            }
        }
        // the last three rows of every Training run-04 lost their opening quote
        assertThat(lostQuotes).hasSize(15).allMatch(w -> w.contains("task-Training_run-04_events.tsv"));
        assertThat(ds.warnings()).anyMatch(w -> w.contains("CRLF line endings"))
                .anyMatch(w -> w.contains("no newline at the end"))
                .anyMatch(w -> w.contains("wrapped in quotes"));
    }

    @Test
    void eegDatasetPairsRecordingsWithEventsChannelsAndInheritedSidecar() throws Exception {
        BidsDataset ds = BidsDataset.open(RealData.file("bids/eeg_matchingpennies"));
        assertThat(ds.subjects()).containsExactly("05", "06", "07", "08", "09", "10", "11");
        assertThat(ds.tasks()).containsExactly("matchingpennies");
        Table participants = ds.participants().orElseThrow();
        assertThat(participants.size()).isEqualTo(7);
        assertThat(participants.columns()).containsExactly("participant_id", "age", "sex", "handedness");
        List<BidsRecording> eeg = ds.recordings("eeg");
        assertThat(eeg).hasSize(7);
        BidsRecording r = eeg.get(0);
        assertThat(r.subject()).contains("05");
        assertThat(r.file().getFileName().toString()).isEqualTo("sub-05_task-matchingpennies_eeg.vhdr");
        assertThat(r.datatype()).isEqualTo("eeg");
        assertThat(r.events().orElseThrow().getFileName().toString()).isEqualTo("sub-05_task-matchingpennies_events.tsv");
        assertThat(r.channels().orElseThrow().getFileName().toString()).isEqualTo("sub-05_task-matchingpennies_channels.tsv");
        assertThat(r.sidecarFiles()).extracting(p -> p.getFileName().toString()).containsExactly("task-matchingpennies_eeg.json");
        assertThat(r.number("SamplingFrequency")).contains(5000.0);
        assertThat(r.sidecar()).containsEntry("EEGReference", "unipolar, placed on Fz");
        assertThat(r.id()).isEqualTo("sub-05_task-matchingpennies");
        Table events = ds.table(r.events().orElseThrow());
        assertThat(events.size()).isEqualTo(300);
        assertThat(events.columns()).contains("onset", "duration", "value", "sample", "trial_type");
    }

    @Test
    void everyMusicGenreSidecarParsesWithTheStatedAcquisition() throws Exception {
        Path root = RealData.file("bids/ds003720");
        int bold = 0;
        int t1 = 0;
        try (var walk = Files.walk(root)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                java.util.Map<String, Object> j = BidsDataset.readJson(f);
                if (f.getFileName().toString().endsWith("_bold.json")) {
                    bold++;
                    assertThat(j).containsEntry("RepetitionTime", 1.5).containsEntry("EchoTime", 0.03)
                            .containsEntry("Manufacturer", "Siemens").containsEntry("ManufacturersModelName", "TrioTim");
                    assertThat((List<?>) j.get("SliceTiming")).hasSize(68);
                    String task = f.getFileName().toString().contains("task-Test") ? "Test" : "Training";
                    assertThat(j).containsEntry("TaskName", task);
                    assertThat(String.valueOf(j.get("SeriesDescription"))).contains("MB4");
                } else if (f.getFileName().toString().endsWith("_T1w.json")) {
                    t1++;
                }
            }
        }
        assertThat(bold).isEqualTo(90);
        assertThat(t1).isEqualTo(5);
        // per subject: 12 Training runs of 480 distinct clips, 6 Test runs of 60 distinct clips (each played 4 times)
        BidsDataset ds = BidsDataset.open(root);
        for (String sub : ds.subjects()) {
            java.util.Set<String> training = new java.util.HashSet<>();
            java.util.Set<String> test = new java.util.HashSet<>();
            int testRows = 0;
            try (var walk = Files.list(root.resolve("sub-" + sub + "/func"))) {
                for (Path f : walk.filter(p -> p.toString().endsWith("_events.tsv")).toList()) {
                    Table t = ds.table(f);
                    for (int i = 0; i < t.size(); i++) {
                        String clip = t.get(i, "genre").orElseThrow() + "/" + t.get(i, "track").orElseThrow() + "/"
                                + t.get(i, "start").orElseThrow();
                        (f.toString().contains("task-Training") ? training : test).add(clip);
                    }
                    testRows += f.toString().contains("task-Test") ? t.size() : 0;
                }
            }
            assertThat(training).as("sub-" + sub + " training clips").hasSize(480);
            assertThat(test).as("sub-" + sub + " test clips").hasSize(60);
            assertThat(testRows).isEqualTo(6 * 41);
        }
    }

    @Test
    void matchingPenniesMarkersAgreeWithItsEventsAndChannels() throws Exception {
        BidsDataset ds = BidsDataset.open(RealData.file("bids/eeg_matchingpennies"));
        for (BidsRecording r : ds.recordings("eeg")) {
            // the .eeg binaries were not copied: an empty one lets the header and markers be read
            Path dir = tmp.resolve(r.id());
            Files.createDirectories(dir);
            for (String ext : List.of(".vhdr", ".vmrk")) {
                String name = r.file().getFileName().toString().replace(".vhdr", ext);
                Files.copy(r.file().resolveSibling(name), dir.resolve(name));
            }
            Files.write(dir.resolve(r.file().getFileName().toString().replace(".vhdr", ".eeg")), new byte[0]);
            try (var bv = org.cortexflow.tasks.io.brainvision.BrainVisionReader.open(dir.resolve(r.file().getFileName()), false)) {
                assertThat(bv.sfreq()).isEqualTo(5000.0);
                assertThat(bv.channels()).hasSize(10);
                assertThat(bv.meta()).containsEntry("binary_format", "IEEE_FLOAT_32");
                // S1/S2 are the trials (events.tsv lists them); sub-07 and sub-10 also end with one S99
                List<org.cortexflow.tasks.artifact.Event> stimuli = bv.events().stream()
                        .filter(e -> e.description().equals("Stimulus") && !e.value().equals("99")).toList();
                assertThat(bv.events().stream().filter(e -> e.value().equals("99")).count()).isLessThanOrEqualTo(1);
                Table events = ds.table(r.events().orElseThrow());
                assertThat(stimuli).hasSize(events.size());
                for (int i = 0; i < events.size(); i++) {
                    // MNE-BIDS wrote sample = onset x sfreq, which equals the 1-based marker position
                    assertThat(stimuli.get(i).onsetSample() + 1).isEqualTo(Long.parseLong(events.get(i, "sample").orElseThrow()));
                    assertThat(stimuli.get(i).value()).isEqualTo(events.get(i, "value").orElseThrow());
                }
                Table channels = ds.table(r.channels().orElseThrow());
                assertThat(channels.column("name")).containsExactlyElementsOf(
                        bv.channels().stream().map(org.cortexflow.tasks.artifact.Channel::name).toList());
                assertThat(channels.column("type")).containsOnly("EEG");
            }
        }
        Table sub05 = ds.table(ds.recordings("eeg").get(0).channels().orElseThrow());
        assertThat(sub05.column("status")).containsExactly("bad", "good", "good", "good", "good", "good", "bad", "good", "good", "good");
    }

    @Test
    void deeperSidecarsOverrideAndTheNearestTablesWin() throws Exception {
        write("dataset_description.json", "{\"Name\": \"x\", \"BIDSVersion\": \"1.8.0\"}");
        write("task-listen_eeg.json", "{\"SamplingFrequency\": 256, \"PowerLineFrequency\": 50, \"TaskName\": \"listen\"}");
        write("task-listen_events.tsv", "onset\tduration\tvalue\n1\t0\t21\n");
        write("sub-01/ses-a/sub-01_ses-a_task-listen_eeg.json", "{\"PowerLineFrequency\": 60}");
        write("sub-01/ses-a/eeg/sub-01_ses-a_task-listen_run-1_eeg.json", "{\"SamplingFrequency\": 512}");
        write("sub-01/ses-a/eeg/sub-01_ses-a_task-listen_run-1_eeg.bdf", "");
        write("sub-01/ses-a/eeg/sub-01_ses-a_task-listen_run-2_eeg.edf", "");
        write("sub-01/ses-a/eeg/sub-01_ses-a_task-listen_run-2_events.tsv", "onset\tduration\tvalue\n2\t0\t22\n");
        write("sub-01/ses-a/eeg/sub-01_ses-a_task-rest_eeg.vhdr", "");
        write("sub-01/ses-a/eeg/notbids.txt", "");
        write("participants.tsv", "participant_id\tage\nsub-01\t30\nsub-02\t31\n");
        BidsDataset ds = BidsDataset.open(tmp);
        List<BidsRecording> eeg = ds.recordings("eeg");
        assertThat(eeg).extracting(r -> r.file().getFileName().toString()).containsExactly(
                "sub-01_ses-a_task-listen_run-1_eeg.bdf", "sub-01_ses-a_task-listen_run-2_eeg.edf", "sub-01_ses-a_task-rest_eeg.vhdr");
        BidsRecording run1 = eeg.get(0);
        assertThat(run1.number("SamplingFrequency")).contains(512.0);
        assertThat(run1.number("PowerLineFrequency")).contains(60.0);
        assertThat(run1.sidecar()).containsEntry("TaskName", "listen");
        assertThat(run1.sidecarFiles()).hasSize(3);
        assertThat(run1.events().orElseThrow()).isEqualTo(tmp.resolve("task-listen_events.tsv"));
        assertThat(eeg.get(1).events().orElseThrow().getFileName().toString()).isEqualTo("sub-01_ses-a_task-listen_run-2_events.tsv");
        assertThat(eeg.get(2).events()).isEmpty();
        assertThat(eeg.get(2).sidecar()).isEmpty();
        assertThat(ds.sessions()).containsExactly("a");
        assertThat(ds.runs()).containsExactly("1", "2");
        assertThat(ds.subjects()).containsExactly("01", "02");
        assertThat(ds.warnings()).anyMatch(w -> w.contains("notbids.txt"));
    }

    @Test
    void brokenSidecarAndNonUtf8TableAreClearErrors() throws Exception {
        write("sub-01/eeg/sub-01_task-x_eeg.json", "{\"SamplingFrequency\": 256,,}");
        write("sub-01/eeg/sub-01_task-x_eeg.bdf", "");
        BidsDataset ds = BidsDataset.open(tmp);
        assertThatThrownBy(() -> ds.recordings("eeg")).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("sub-01_task-x_eeg.json").hasMessageContaining("not valid JSON")
                .hasMessageContaining("line 1");
        Path bad = tmp.resolve("sub-01/eeg/sub-01_task-x_events.tsv");
        Files.write(bad, "onset\tvalue\n1\tcaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ds.table(bad)).isInstanceOf(FileFormatError.class)
                .hasMessageContaining("at byte 17").hasMessageContaining("not valid UTF-8");
    }

    @Test
    void shortAndLongRowsArePaddedOrCutWithAWarning() throws Exception {
        Path f = write("t.tsv", "a\tb\tc\n1\t2\n1\t2\t3\t4\n\n5\t6\t7");
        List<String> warnings = new ArrayList<>();
        Table t = BidsTsv.read(f, warnings::add);
        assertThat(t.rows()).containsExactly(List.of("1", "2", "n/a"), List.of("1", "2", "3"), List.of("5", "6", "7"));
        assertThat(warnings).anyMatch(w -> w.contains("line 2 has 2 fields")).anyMatch(w -> w.contains("line 3 has 4 fields"));
    }

    @Test
    void namesParseIntoEntitiesSuffixAndExtension() {
        BidsName n = BidsName.parse("sub-01_ses-2_task-listen_run-3_bold.nii.gz").orElseThrow();
        assertThat(n.entities()).containsExactly(java.util.Map.entry("sub", "01"), java.util.Map.entry("ses", "2"),
                java.util.Map.entry("task", "listen"), java.util.Map.entry("run", "3"));
        assertThat(n.suffix()).isEqualTo("bold");
        assertThat(n.extension()).isEqualTo(".nii.gz");
        assertThat(BidsName.parse("README")).hasValueSatisfying(x -> assertThat(x.entities()).isEmpty());
        assertThat(BidsName.parse("sub-01_sub-02_eeg.bdf")).isEmpty();
        assertThat(BidsName.parse("sub-01_task-x_eeg-1.bdf")).isEmpty();
    }

    private Path write(String rel, String content) throws Exception {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }
}
