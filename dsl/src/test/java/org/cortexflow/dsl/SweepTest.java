package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    @TempDir
    Path dir;

    private static final String PIPELINE = """
            params: { lambda: 0.05, seed: 42, data: /d }
            tasks:
              read:  { uses: eeg.read, with: { path: "${data}" } }
              train: { uses: student.train, in: { windows: read }, with: { lambda: "${lambda}", seed: "${seed}" } }
              eval:  { uses: model.evaluate, in: { model: train.model } }
            """;

    private Workflow load(String text, boolean expand) {
        return WorkflowLoader.load(WorkflowFiles.write(dir, "w.yaml", text), Map.of(), expand).orThrow();
    }

    @Test
    void matrixSweepSharesTasksThatDoNotDependOnSweptParams() {
        Workflow w = load(PIPELINE + "sweep: { matrix: { lambda: [0, 0.05], seed: [0, 1] } }\n", true);

        assertThat(w.tasks().keySet()).containsExactly("read",
                "train[lambda=0,seed=0]", "train[lambda=0,seed=1]", "train[lambda=0.05,seed=0]", "train[lambda=0.05,seed=1]",
                "eval[lambda=0,seed=0]", "eval[lambda=0,seed=1]", "eval[lambda=0.05,seed=0]", "eval[lambda=0.05,seed=1]");
        assertThat(w.tasks().get("train[lambda=0.05,seed=1]").inputs()).containsEntry("windows", InputRef.of("read"));
        assertThat(w.tasks().get("train[lambda=0.05,seed=1]").params())
                .containsEntry("lambda", new Value.Real(0.05)).containsEntry("seed", new Value.Int(1));
        assertThat(w.tasks().get("eval[lambda=0.05,seed=1]").inputs().get("model").toString())
                .isEqualTo("train[lambda=0.05,seed=1].model");
        assertThat(InputRef.parse(w.tasks().get("eval[lambda=0.05,seed=1]").inputs().get("model").toString()))
                .isEqualTo(w.tasks().get("eval[lambda=0.05,seed=1]").inputs().get("model"));
        assertThat(w.variants()).containsExactly(
                Map.of("lambda", new Value.Int(0), "seed", new Value.Int(0)),
                Map.of("lambda", new Value.Int(0), "seed", new Value.Int(1)),
                Map.of("lambda", new Value.Real(0.05), "seed", new Value.Int(0)),
                Map.of("lambda", new Value.Real(0.05), "seed", new Value.Int(1)));
    }

    @Test
    void gatheringInputIsBoundToEveryVersion() {
        Workflow w = load(PIPELINE + "  report: { uses: report.table, in: { runs: \"eval[*]\", first: \"train[*].model\" } }\n"
                + "sweep: { matrix: { lambda: [0, 0.05], seed: [0, 1] } }\n", true);

        assertThat(w.tasks()).containsKey("report").doesNotContainKey("report[lambda=0,seed=0]");
        assertThat(w.tasks().get("report").inputs()).hasSize(8)
                .containsEntry("runs[lambda=0,seed=1]", InputRef.of("eval[lambda=0,seed=1]"))
                .containsEntry("runs[lambda=0.05,seed=0]", InputRef.of("eval[lambda=0.05,seed=0]"))
                .containsEntry("first[lambda=0.05,seed=1]", InputRef.parse("train[lambda=0.05,seed=1].model"));
    }

    @Test
    void gatheringWithoutSweepOrFromASharedTaskIsAPlainInput() {
        String text = PIPELINE + "  report: { uses: report.table, in: { runs: \"eval[*]\", data: \"read[*]\" } }\n"
                + "sweep: { matrix: { lambda: [0, 0.05] } }\n";

        assertThat(load(text, false).tasks().get("report").inputs())
                .containsExactly(Map.entry("runs", InputRef.of("eval")), Map.entry("data", InputRef.of("read")));
        assertThat(load(text, true).tasks().get("report").inputs()).containsOnlyKeys("runs[lambda=0]", "runs[lambda=0.05]", "data")
                .containsEntry("data", InputRef.of("read"));
    }

    @Test
    void gatheringAnUnknownTaskIsReported() {
        Loaded loaded = WorkflowLoader.load(WorkflowFiles.write(dir, "w.yaml",
                PIPELINE + "  report: { uses: report.table, in: { runs: \"evl[*]\" } }\n"), Map.of(), true);

        assertThat(loaded.problems()).singleElement().extracting(Problem::message)
                .isEqualTo("input 'runs' refers to no task named 'evl'");
    }

    @Test
    void sweptNameListsOnlyTheParamsThatTellVersionsApart() {
        Workflow w = load(PIPELINE.replace(", seed: \"${seed}\"", "")
                + "sweep: { matrix: { lambda: [0, 0.05], seed: [0, 1, 2] } }\n", true);

        assertThat(w.tasks().keySet()).containsExactly("read", "train[lambda=0]", "train[lambda=0.05]",
                "eval[lambda=0]", "eval[lambda=0.05]");
        assertThat(w.variants()).hasSize(6);
    }

    @Test
    void upstreamChangeMakesDownstreamTasksDistinct() {
        Workflow w = load(PIPELINE + "sweep: { matrix: { data: [/a, /b] } }\n", true);

        assertThat(w.tasks().keySet()).containsExactly("read[data=/a]", "read[data=/b]", "train[data=/a]", "train[data=/b]",
                "eval[data=/a]", "eval[data=/b]");
        assertThat(w.tasks().get("train[data=/b]").inputs().get("windows")).isEqualTo(InputRef.of("read[data=/b]"));
    }

    @Test
    void zipSweepPairsElementwise() {
        Workflow w = load(PIPELINE + "sweep: { zip: { lambda: [0.1, 0.2, 0.3], seed: [7, 8, 9] } }\n", true);

        assertThat(w.tasks().keySet()).containsExactly("read",
                "train[lambda=0.1,seed=7]", "train[lambda=0.2,seed=8]", "train[lambda=0.3,seed=9]",
                "eval[lambda=0.1,seed=7]", "eval[lambda=0.2,seed=8]", "eval[lambda=0.3,seed=9]");
    }

    @Test
    void matrixTimesZip() {
        Workflow w = load(PIPELINE + "sweep: { matrix: { data: [/a, /b] }, zip: { lambda: [1, 2], seed: [3, 4] } }\n", true);

        assertThat(w.variants()).extracting(v -> v.get("data").display() + v.get("lambda").display() + v.get("seed").display())
                .containsExactly("/a13", "/a24", "/b13", "/b24");
        assertThat(w.tasks()).hasSize(2 + 4 + 4);
        assertThat(w.tasks()).containsKey("train[data=/b,lambda=2,seed=4]");
    }

    @Test
    void sweepIsOnlyCheckedWhenNotExpanded() {
        Workflow w = load(PIPELINE + "sweep: { matrix: { lambda: [0, 0.05] } }\n", false);

        assertThat(w.tasks().keySet()).containsExactly("read", "train", "eval");
        assertThat(w.tasks().get("train").params().get("lambda")).isEqualTo(new Value.Real(0.05));
        assertThat(w.variants()).isEmpty();
    }

    @Test
    void badSweepsAreReported() {
        Loaded loaded = WorkflowLoader.load(WorkflowFiles.write(dir, "w.yaml", PIPELINE.replace("data: /d", "data: /d, mode: a")
                + """
                sweep:
                  matrix: { lamda: [0, 1], seed: [], data: /x }
                  zip: { lambda: [1, 2], mode: [a] }
                """), Map.of(), true);

        assertThat(WorkflowFiles.lines(loaded.problems())).containsExactly(
                dir.resolve("w.yaml") + ":7:13: sweep: 'lamda' is not a workflow param",
                dir.resolve("w.yaml") + ":7:34: sweep: matrix 'seed' has no values",
                dir.resolve("w.yaml") + ":7:44: sweep: matrix 'data' must be a list of values, found the string '/x'",
                dir.resolve("w.yaml") + ":8:8: sweep: zip lists must have the same length: lambda has 2, mode has 1");
        assertThat(loaded.problems().get(0).hint()).isEqualTo("did you mean 'lambda'?");
        // a broken sweep is not expanded
        assertThat(loaded.workflow().tasks().keySet()).containsExactly("read", "train", "eval");
        assertThat(loaded.workflow().variants()).isEmpty();
    }

    @Test
    void paramSweptTwiceIsReported() {
        Loaded loaded = WorkflowLoader.load(WorkflowFiles.write(dir, "w.yaml", PIPELINE
                + "sweep: { matrix: { seed: [1, 2] }, zip: { seed: [3] } }\n"), Map.of(), true);

        assertThat(loaded.problems()).singleElement().extracting(Problem::message)
                .isEqualTo("'seed' is swept twice (first at line 6)");
    }

    @Test
    void groovySweepRerunsTheScriptPerVariant() {
        Path file = WorkflowFiles.write(dir, "w.groovy", """
                params lambda: 0.05, seed: 42
                task('read', uses: 'eeg.read') { with path: '/d' }
                task('train', uses: 'student.train') {
                    input windows: 'read'
                    with lambda: params.lambda, seed: params.seed
                }
                if (params.lambda > 0) {
                    task('eval', uses: 'model.evaluate') { input model: 'train.model' }
                }
                sweep { matrix lambda: [0, 0.05], seed: [0, 1] }
                """);
        Workflow w = WorkflowLoader.load(file, Map.of(), true).orThrow();

        assertThat(w.tasks().keySet()).containsExactly("read",
                "train[lambda=0,seed=0]", "train[lambda=0,seed=1]", "train[lambda=0.05,seed=0]", "train[lambda=0.05,seed=1]",
                "eval[seed=0]", "eval[seed=1]");
        assertThat(w.tasks().get("eval[seed=1]").inputs().get("model").task()).isEqualTo("train[lambda=0.05,seed=1]");
    }

    /** The sweep is what the first run of the script declared; a variant's run only contributes tasks. */
    @Test
    void groovyVariantRunsDoNotReadTheSweepAgain() {
        Path file = WorkflowFiles.write(dir, "w.groovy", """
                params n: 1
                task('a', uses: 'shell') { with command: "echo ${params.n}" }
                sweep {
                    assert params.n == 1 : 'read in a variant run'
                    matrix n: [1, 2]
                }
                """);

        Loaded loaded = WorkflowLoader.load(file, Map.of(), true);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.workflow().tasks().keySet()).containsExactly("a[n=1]", "a[n=2]");
    }

    @Test
    void versionsNotToldApartByOneParamAreStillNamedUniquely() {
        // sum depends on lambda + seed: no single swept param is constant within its versions
        Path file = WorkflowFiles.write(dir, "w.groovy", """
                params lambda: 0, seed: 0
                task('sum', uses: 'x') { with total: params.lambda + params.seed }
                sweep { matrix lambda: [0, 1], seed: [0, 1] }
                """);
        Workflow w = WorkflowLoader.load(file, Map.of(), true).orThrow();

        assertThat(w.tasks().keySet()).containsExactly("sum[lambda=0,seed=0]", "sum[lambda=0,seed=1]", "sum[lambda=1,seed=1]");
        assertThat(w.tasks().values()).extracting(t -> t.params().get("total"))
                .containsExactly(new Value.Int(0), new Value.Int(1), new Value.Int(2));
    }

    @Test
    void sweepValuesAreTypedLikeParams() {
        Workflow w = load("""
                params: { window: 3s }
                tasks: { cut: { uses: eeg.epoch, with: { window: "${window}" } } }
                sweep: { matrix: { window: [1s, 500ms] } }
                """, true);

        assertThat(w.tasks().keySet()).containsExactly("cut[window=1s]", "cut[window=500ms]");
        assertThat(w.variants().get(0).get("window").kind()).isEqualTo("duration");
        assertThat(List.copyOf(w.tasks().values()).get(1).params().get("window").display()).isEqualTo("500ms");
    }
}
