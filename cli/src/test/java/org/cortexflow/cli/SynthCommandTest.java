package org.cortexflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {

    @TempDir
    Path tmp;

    @Test
    void synthNmedtWritesTheContractLayout() {
        Path out = tmp.resolve("study");
        CliRunner.Result r = CliRunner.run("synth", "nmedt", "--size", "tiny", "--out", out.toString(), "--mat",
                "--param", "subjects=1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + out);
        for (String f : new String[] {"dataset_description.json", "participants.tsv", "README", "ground_truth.json",
            "stimuli/21.wav", "stimuli/22.wav", "sub-01/eeg/sub-01_task-listen_eeg.bdf", "sub-01/eeg/sub-01_task-listen_eeg.json",
            "sub-01/eeg/sub-01_task-listen_channels.tsv", "sub-01/eeg/sub-01_task-listen_events.tsv", "nmedt/S01_1.mat"}) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(out.resolve("sub-02")).doesNotExist();
    }

    @Test
    void unknownKindsAndParametersAreUserErrors() {
        CliRunner.Result r = CliRunner.run("synth", "nmedx", "--out", tmp.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("unknown study kind 'nmedx'").doesNotContain("Exception");
        r = CliRunner.run("synth", "deap", "--size", "tiny", "--out", tmp.resolve("y").toString(), "--param", "snr=3");
        assertThat(r.exit()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("parameter 'snr'");
        r = CliRunner.run("synth", "deap", "--size", "tiny", "--out", tmp.resolve("z").toString(), "--mat");
        assertThat(r.err()).contains("--mat applies to nmedt studies only");
    }

    @Test
    void aNonEmptyOutputDirectoryIsRefused() throws Exception {
        Files.writeString(tmp.resolve("keep.txt"), "x");
        CliRunner.Result r = CliRunner.run("synth", "nmedt", "--size", "tiny", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("is not empty");
    }
}
