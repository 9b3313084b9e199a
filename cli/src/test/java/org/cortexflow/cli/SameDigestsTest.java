package org.cortexflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow run in two workspaces gives the same keys and output digests, task for task: a
 * built-in task's output holds what its key determines and nothing else (no clock, no store path).
 * Otherwise a rerun could not keep its dependents cached, nor two labs compare their digests. Every
 * built-in task type but shell, on tiny synthetic studies, in the modes the demo does not run.
 */
class SameDigestsTest {

    private static final String WORKFLOW = """
            name: same-digests
            tasks:
              deap_music: { uses: synth.music, with: { preset: deap, size: tiny, songs: 4 } }
              deap:       { uses: synth.deap, in: { music: deap_music }, with: { size: tiny, subjects: 1 } }
              eeg:        { uses: eeg.read, in: { from: deap } }
              referenced: { uses: eeg.reference, in: { eeg: eeg }, with: { ref: average } }
              fir:        { uses: eeg.filter, in: { eeg: referenced }, with: { highpass: 1, lowpass: 40 } }
              iir:        { uses: eeg.filter, in: { eeg: referenced }, with: { method: iir, highpass: 1, lowpass: 40 } }
              notched:    { uses: eeg.notch, in: { eeg: fir }, with: { freqs: [50] } }
              resampled:  { uses: eeg.resample, in: { eeg: notched }, with: { sfreq: 64 } }
              power:      { uses: eeg.bandpower, in: { eeg: iir } }
              ratings:    { uses: table.read, in: { from: deap }, with: { within: participant_ratings.tsv } }
              clips:      { uses: audio.read, in: { from: deap_music }, with: { within: stimuli } }
              mel:        { uses: audio.spectrogram, in: { audio: clips }, with: { kind: mel } }
              mfcc:       { uses: audio.spectrogram, in: { audio: clips }, with: { kind: mfcc } }
              gtzan:      { uses: synth.music, with: { preset: gtzan, size: tiny, duration: 16s } }
              fmri_study: { uses: synth.fmri, in: { music: gtzan }, with: { size: tiny, subjects: 1 } }
              bold:       { uses: fmri.read, in: { from: fmri_study } }
              note:       { uses: text.write, with: { text: "same digests", file: note.txt } }
              counts:     { uses: text.stats, in: { text: note } }
              windows:    { uses: eeg.epoch, in: { eeg: eeg }, with: { mode: sliding, window: 2s, overlap: 0.5 } }
              trials:     { uses: eeg.epoch, in: { eeg: eeg }, with: { mode: events, tmin: -0.2, tmax: 0.5 } }
              scaled:     { uses: eeg.normalize, in: { epochs: windows }, with: { method: zscore } }
              music:      { uses: synth.music, with: { preset: nmedt, size: tiny } }
              study:      { uses: synth.eeg, in: { music: music }, with: { size: tiny, subjects: 2 } }
              neeg:       { uses: eeg.read, in: { from: study } }
              songs:      { uses: audio.read, in: { from: study }, with: { within: stimuli } }
              epochs:
                uses: eeg.epoch
                in: { eeg: neeg, audio: songs }
                with: { mode: predann, duration: 12s, chunk: 6s, window: 2s, eval_window: 4s, eval_stride: 2s, test_size: 0.5 }
              melstats:   { uses: teacher.embed, in: { epochs: epochs, audio: songs }, with: { teacher: mel-stats } }
              frozen:     { uses: student.train, in: { epochs: epochs, teacher: melstats }, with: { epochs: 1, lambda: 0.05 } }
              joint:
                uses: student.train
                in: { epochs: epochs, audio: songs }
                with: { mode: joint, epochs: 1, lambda: 0.05, loss: cosine }
              evaluated:  { uses: model.evaluate, in: { model: joint, epochs: epochs }, with: { lengths: [2, 3, 4] } }
              report:
                uses: report.table
                in: { runs: evaluated }
                with: { metrics: [accuracy_3s, accuracy_by_length.4.mean] }
            """;

    @TempDir
    Path tmp;

    @Test
    void aWorkflowGivesTheSameDigestsInTwoWorkspaces() throws Exception {
        Map<String, String> first = runIn(tmp.resolve("a"));
        Map<String, String> second = runIn(tmp.resolve("elsewhere/b"));
        assertThat(first).hasSize(31);
        assertThat(second).isEqualTo(first);
    }

    private static Map<String, String> runIn(Path workspace) throws Exception {
        Path wf = Files.createDirectories(workspace).resolve("workflow.yaml");
        Files.writeString(wf, WORKFLOW);
        Path store = workspace.resolve(".cortexflow");
        CliRunner.Result r = CliRunner.run("run", wf.toString(), "--store", store.toString(), "--cpus", "2");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("31 ran");
        return RunOutputs.ofLastRun(store);
    }
}
