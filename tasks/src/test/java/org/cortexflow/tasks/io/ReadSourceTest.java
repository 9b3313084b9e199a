package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.ArtifactBytes;
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

    /**
     * An upstream artifact lies in the store, whose place differs between workspaces: what a reader
     * writes from it must not (its key does not cover the place, and every digest after it would differ).
     */
    @Test
    void readingFromAnArtifactWritesTheSameBytesWhereverTheStoreIs() throws Exception {
        record Case(TaskType type, String file, String within) {
        }
        List<Case> cases = List.of(
                new Case(new EegRead(), "eeg/mne-python/test_bdf_stim_channel.bdf", "sub-01/eeg/x.bdf"),
                new Case(new EegRead(), "eeg/mne-python/test_bdf_stim_channel.bdf", ""),
                new Case(new AudioRead(), "audio/esp-adf-via-harmonium/gs-16b-1c-44100hz.wav", "sub-01/eeg/x.wav"),
                new Case(new FmriRead(), "nifti/nibabel/example4d.nii.gz", "sub-01/eeg/x.nii.gz"),
                new Case(new TableRead(), "bids/ds003720/sub-005/func/sub-005_task-Test_run-02_events.tsv", "sub-01/eeg/x.tsv"));
        for (int n = 0; n < cases.size(); n++) {
            Case c = cases.get(n);
            String name = c.within().isEmpty() ? "sub-01_task-listen_eeg.bdf" : Path.of(c.within()).getFileName().toString();
            List<Map<String, String>> written = new ArrayList<>();
            for (String store : List.of("store-a", "elsewhere/store-b")) {
                Path artifact = tmp.resolve(n + "/" + store + "/objects/ab/abc");
                Files.copy(RealData.file(c.file()), Files.createDirectories(artifact.resolve("sub-01/eeg")).resolve(name));
                Path sandbox = Files.createDirectories(tmp.resolve(n + "/" + store + "/scratch"));
                TaskRunner run = TaskRunner.run(c.type(), sandbox, Map.of("from", artifact), Map.of("within", c.within()));
                written.add(ArtifactBytes.of(run.out()));
            }
            String what = c.type().name() + " within '" + c.within() + "'";
            assertThat(written.get(1)).as(what).isEqualTo(written.get(0));
            String meta = written.get(0).entrySet().stream().filter(e -> e.getKey().endsWith("meta.json")).findFirst()
                    .orElseThrow().getValue();
            assertThat(meta).as(what).contains("\"sub-01/eeg/").doesNotContain(tmp.toString());
        }
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
