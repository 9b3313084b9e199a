package org.cortexflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    @TempDir
    Path tmp;

    private static Path real(String rel) {
        Path repo = Path.of(System.getProperty("cortexflow.repo", ".")).toAbsolutePath().normalize();
        Path root = repo.resolve("../shared/data/real").normalize();
        if (!Files.isDirectory(root)) {
            System.out.println("skipped: real test data not found at " + root);
        }
        assumeTrue(Files.isDirectory(root), "real test data not found at " + root);
        return root.resolve(rel);
    }

    @Test
    void summarisesARecordingForPeopleAndForScripts() throws Exception {
        CliRunner.Result r = CliRunner.run("inspect", real("eeg/eeglab/test.bdf").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("test.bdf: BDF, 17 channels at 256 Hz, 1:00.000 (60 s)")
                .contains("16 EEG, 1 TRIG").contains("events    40: 255 x40")
                .contains("the number of data records is -1");
        CliRunner.Result j = CliRunner.run("inspect", "--json", real("eeg/eeglab/test.bdf").toString());
        assertThat(j.exit()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new ObjectMapper().readValue(j.out(), Map.class);
        assertThat(m).containsEntry("kind", "eeg").containsEntry("format", "BDF").containsEntry("n_channels", 17)
                .containsEntry("sfreq", 256.0).containsEntry("n_samples", 15360).containsEntry("n_events", 40)
                .containsEntry("events_by_value", Map.of("255", 40));
    }

    @Test
    void aBidsRootShowsItsInventoryWithQuirksAsWarnings() throws Exception {
        CliRunner.Result r = CliRunner.run("inspect", real("bids/ds003720").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("BIDS dataset \"Music Genre fMRI Dataset\" (BIDS 1.4.0)")
                .contains("subjects      5: 001, 002, 003, 004, 005").contains("tasks         Test, Training")
                .contains("bold.json x90, events.tsv x90").contains("no participants.tsv")
                .contains("CRLF line endings (BIDS uses LF); read as LF (90 files");
        CliRunner.Result j = CliRunner.run("inspect", "--json", real("bids/eeg_matchingpennies").toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new ObjectMapper().readValue(j.out(), Map.class);
        assertThat(m).containsEntry("kind", "bids").containsEntry("participants", 7).containsEntry("eeg_readable", 0);
        assertThat((List<?>) m.get("eeg_recordings")).hasSize(7);
        assertThat((List<?>) m.get("warnings")).hasSize(7).allMatch(w -> w.toString().contains("does not exist"));
    }

    @Test
    void matFilesListTheirVariables() {
        CliRunner.Result r = CliRunner.run("inspect", real("mat/nmed-t/TapIt.mat").toString());
        assertThat(r.out()).contains("MAT v7.3, 2 variables").contains("allTappedResponse  cell 20x10");
    }

    @Test
    void damagedOrMissingFilesAreErrorsWithoutStackTraces() throws Exception {
        CliRunner.Result r = CliRunner.run("inspect", tmp.resolve("nothing.edf").toString());
        assertThat(r.exit()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("no such file or directory").doesNotContain("Exception");
        Path bad = Files.write(tmp.resolve("bad.bdf"), "not a bdf at all, only text".repeat(20).getBytes());
        CliRunner.Result b = CliRunner.run("inspect", bad.toString());
        assertThat(b.exit()).isEqualTo(Main.INVALID);
        assertThat(b.err()).contains("bad.bdf at byte 0 (version)").contains("not an EDF or BDF file").doesNotContain("\tat ");
    }
}
