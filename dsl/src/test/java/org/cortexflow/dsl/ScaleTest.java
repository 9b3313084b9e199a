package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large workflows load in one pass; timings are for bench/, these pin the counts. */
class ScaleTest {

    @TempDir
    Path dir;

    /** A chain of {@code n} tasks, each reading the one before: also checks nothing recurses per task. */
    static String chainOfTasks(int n) {
        StringBuilder yaml = new StringBuilder("params: { data: /d }\ntasks:\n");
        yaml.append("  t0: { uses: eeg.read, with: { path: \"${data}/0\" } }\n");
        for (int i = 1; i < n; i++) {
            yaml.append("  t").append(i).append(": { uses: eeg.filter, in: { eeg: t").append(i - 1)
                    .append(" }, with: { lowpass: ").append(i % 50 + 1).append(" } }\n");
        }
        return yaml.toString();
    }

    /** Ten tasks in a chain, swept over {@code a x b} variants; the first two do not use the swept params. */
    static String sweptPipeline(int a, int b) {
        StringBuilder yaml = new StringBuilder("params: { lambda: 0, seed: 0 }\ntasks:\n");
        yaml.append("  read: { uses: eeg.read }\n  filter: { uses: eeg.filter, in: { eeg: read } }\n");
        yaml.append("  train: { uses: student.train, in: { eeg: filter }, with: { lambda: \"${lambda}\", seed: \"${seed}\" } }\n");
        String previous = "train";
        for (int i = 0; i < 7; i++) {
            yaml.append("  step").append(i).append(": { uses: shell, in: { x: ").append(previous).append(" } }\n");
            previous = "step" + i;
        }
        yaml.append("sweep:\n  matrix:\n    lambda: [");
        for (int i = 0; i < a; i++) {
            yaml.append(i == 0 ? "" : ", ").append(i);
        }
        yaml.append("]\n    seed: [");
        for (int i = 0; i < b; i++) {
            yaml.append(i == 0 ? "" : ", ").append(i);
        }
        return yaml.append("]\n").toString();
    }

    @Test
    void hundredThousandTasksLoadQuickly() {
        Path file = WorkflowFiles.write(dir, "big.yaml", chainOfTasks(100_000));

        Workflow w = WorkflowLoader.load(file, Map.of(), false).orThrow();

        assertThat(w.tasks()).hasSize(100_000);
        assertThat(w.tasks().get("t99999").inputs()).containsEntry("eeg", InputRef.of("t99998"));
        assertThat(w.tasks().get("t99999").at("task").line()).isEqualTo(100_002);
    }

    @Test
    void tenThousandVariantsOfTenTasksMerge() {
        Path file = WorkflowFiles.write(dir, "sweep.yaml", sweptPipeline(100, 100));

        Workflow w = WorkflowLoader.load(file, Map.of(), true).orThrow();

        assertThat(w.variants()).hasSize(10_000);
        // read and filter are shared, the other eight tasks exist once per variant
        assertThat(w.tasks()).hasSize(2 + 8 * 10_000);
        // every version named, bound and ordered as written (the merge names and builds them in two halves)
        List<String> expected = new ArrayList<>(List.of("read", "filter"));
        for (String id : List.of("train", "step0", "step1", "step2", "step3", "step4", "step5", "step6")) {
            for (int lambda = 0; lambda < 100; lambda++) {
                for (int seed = 0; seed < 100; seed++) {
                    expected.add(id + "[lambda=" + lambda + ",seed=" + seed + "]");
                }
            }
        }
        assertThat(List.copyOf(w.tasks().keySet())).isEqualTo(expected);
        for (int i = 2; i < expected.size(); i++) {
            String name = expected.get(i);
            TaskSpec t = w.tasks().get(name);
            assertThat(t.id()).isEqualTo(name);
            String input = name.startsWith("train") ? "filter" : expected.get(i - 10_000);
            assertThat(t.inputs().values()).singleElement().extracting(InputRef::task).isEqualTo(input);
        }
    }

    @Test
    void groovySweepOfTwoThousandVariantsMerges() {
        Path file = WorkflowFiles.write(dir, "sweep.groovy", """
                params lambda: 0, seed: 0
                task('read', uses: 'eeg.read')
                task('filter', uses: 'eeg.filter') { input eeg: 'read' }
                task('train', uses: 'student.train') { input eeg: 'filter'; with lambda: params.lambda, seed: params.seed }
                def previous = 'train'
                for (i in 0..<7) {
                    def up = previous
                    task("step${i}", uses: 'shell') { input x: up }
                    previous = "step${i}"
                }
                sweep { matrix lambda: (0..<50).toList(), seed: (0..<40).toList() }
                """);

        Workflow w = WorkflowLoader.load(file, Map.of(), true).orThrow();

        assertThat(w.tasks()).hasSize(2 + 8 * 2_000);
    }
}
