package org.cortexflow.tasks.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fMRI and DEAP-like generators give the same bytes for a seed, whatever the thread count (nmedt: NmedtStudyTest). */
class DeterminismTest {

    @TempDir
    Path tmp;

    private static void fmri(Path dir, int threads) throws Exception {
        MusicSet m = SynthMusic.generate(SynthParams.resolve(new SynthMusic(), Map.of("preset", "gtzan", "size", "tiny",
                "sample_rate", 4000)), dir, threads, Cancel.NEVER);
        SynthFmri.generate(SynthParams.resolve(new SynthFmri(), Map.of("size", "tiny", "subjects", 2)), m, null, dir, threads,
                Cancel.NEVER);
    }

    private static void deap(Path dir, int threads) throws Exception {
        MusicSet m = SynthMusic.generate(SynthParams.resolve(new SynthMusic(), Map.of("preset", "deap", "size", "tiny",
                "sample_rate", 4000)), dir, threads, Cancel.NEVER);
        SynthDeap.generate(SynthParams.resolve(new SynthDeap(), Map.of("size", "tiny", "subjects", 2)), m, dir, threads,
                Cancel.NEVER);
    }

    @Test
    void fmriStudyIsByteIdenticalForASeed() throws Exception {
        fmri(tmp.resolve("a"), 1);
        fmri(tmp.resolve("b"), 2);
        Map<String, String> a = NmedtStudyTest.digests(tmp.resolve("a"));
        assertThat(a).containsKeys("sub-002/func/sub-002_task-Test_run-01_bold.nii.gz", "ground_truth/sub-001_roi.nii.gz",
                "ground_truth/sub-002_weights.nii.gz", "genre_choices.tsv", "stimuli/genres/jazz/jazz.00001.au",
                "stimuli/wav/jazz/jazz.00001.wav", "ground_truth.json");
        assertThat(NmedtStudyTest.digests(tmp.resolve("b"))).isEqualTo(a);
    }

    @Test
    void deapStudyIsByteIdenticalForASeed() throws Exception {
        deap(tmp.resolve("a"), 1);
        deap(tmp.resolve("b"), 2);
        Map<String, String> a = NmedtStudyTest.digests(tmp.resolve("a"));
        assertThat(a).containsKeys("sub-02/eeg/sub-02_task-music_eeg.bdf", "participant_ratings.tsv", "stimuli/4.wav");
        assertThat(NmedtStudyTest.digests(tmp.resolve("b"))).isEqualTo(a);
    }
}
