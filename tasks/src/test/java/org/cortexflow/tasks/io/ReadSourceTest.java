package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader reads a file on disk (`path`) or one inside an upstream artifact (`from` + `within`), identically. */
class ReadSourceTest {

    @TempDir
    Path tmp;

    @Test
    void readingInsideAnUpstreamArtifactGivesTheSameRecordingAsReadingThePath() throws Exception {
        Path bdf = RealData.file("eeg/mne-python/test_bdf_stim_channel.bdf");
        Path upstream = Files.createDirectories(tmp.resolve("upstream/sub-01/eeg"));
        Files.copy(bdf, upstream.resolve("x.bdf"));

        TaskRunner byPath = TaskRunner.run(new EegRead(), Files.createDirectories(tmp.resolve("a")), Map.of("path", bdf.toString()));
        TaskRunner byInput = TaskRunner.run(new EegRead(), Files.createDirectories(tmp.resolve("b")),
                Map.of("from", tmp.resolve("upstream")), Map.of("within", "sub-01/eeg/x.bdf"));

        assertThat(Files.readAllBytes(byInput.out().resolve("data.npy"))).isEqualTo(Files.readAllBytes(byPath.out().resolve("data.npy")));
        assertThat(Files.readString(byInput.out().resolve("events.tsv"))).isEqualTo(Files.readString(byPath.out().resolve("events.tsv")));
    }

    @Test
    void neitherBothNorAnEscapeAreAccepted() throws Exception {
        Path bdf = RealData.file("eeg/mne-python/test_bdf_stim_channel.bdf");
        Path up = Files.createDirectories(tmp.resolve("up"));
        assertThatThrownBy(() -> TaskRunner.run(new EegRead(), tmp, Map.of()))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("nothing to read");
        assertThatThrownBy(() -> TaskRunner.run(new EegRead(), tmp, Map.of("from", up), Map.of("path", bdf.toString())))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("both `path` and input `from`");
        assertThatThrownBy(() -> TaskRunner.run(new AudioRead(), tmp, Map.of("from", up), Map.of("within", "../../etc")))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("leads out of input `from`");
        assertThatThrownBy(() -> TaskRunner.run(new FmriRead(), tmp, Map.of("from", up), Map.of("within", "missing")))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("has no 'missing'");
        assertThatThrownBy(() -> TaskRunner.run(new TableRead(), tmp, Map.of("within", "x.tsv")))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("not bound");
    }
}
