package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlProblemsTest {

    @TempDir
    Path dir;

    private Loaded load(String text) {
        return WorkflowLoader.load(WorkflowFiles.write(dir, "w.yaml", text), Map.of(), false);
    }

    private String at(int line, int column) {
        return dir.resolve("w.yaml") + ":" + line + ":" + column + ": ";
    }

    @Test
    void everyProblemIsReportedWithLineAndColumn() {
        Loaded loaded = load("""
                name: broken
                params: { n: 3 }
                tasks:
                  a:
                    uses: shell
                    retry: -1
                    on_error: explode
                    timeout: soon
                  b:
                    in: { x: a }
                  c:
                    uses: shell
                    in: { x: nowhere }
                    with: { n: "${m}" }
                    resources: { cpus: 0, memory: lots, gpu: 2 }
                """);

        assertThat(WorkflowFiles.lines(loaded.problems())).containsExactly(
                at(6, 12) + "task 'a': 'retry' must be a whole number of retries from 0 to 1000, found integer '-1'",
                at(7, 15) + "task 'a': 'on_error' must be one of terminate, finish, ignore, found string 'explode'",
                at(8, 14) + "task 'a': 'timeout' must be a duration with a unit, e.g. 90s, 10m, 2h, found string 'soon'",
                at(9, 3) + "task 'b': has no 'uses'",
                at(13, 14) + "task 'c': input 'x' refers to no task named 'nowhere'",
                at(14, 16) + "task 'c', parameter 'n': '${m}' refers to no workflow param named 'm'",
                at(15, 24) + "task 'c': 'resources.cpus' must be a whole number of CPU slots, at least 1, found integer '0'",
                at(15, 35) + "task 'c': 'resources.memory' must be a size, e.g. 512M, 8G (a bare number is bytes), found string 'lots'");
        // broken settings fall back to defaults; only the task without 'uses' is left out
        assertThat(loaded.workflow().tasks()).containsOnlyKeys("a", "c");
        assertThat(loaded.workflow().tasks().get("c").resources().gpus()).isEqualTo(2);
    }

    @Test
    void unknownKeyGetsDidYouMean() {
        Loaded loaded = load("""
                nmae: x
                tasks:
                  a:
                    uses: shell
                    wiht: { command: "true" }
                    inputs: { x: a }
                    resources: { cpu: 2 }
                sweep: { matrx: { n: [1] } }
                """);

        List<Problem> problems = loaded.problems();
        assertThat(WorkflowFiles.lines(problems)).containsExactly(
                at(1, 1) + "workflow: unknown key 'nmae'",
                at(5, 5) + "task 'a': unknown key 'wiht'",
                at(6, 5) + "task 'a': unknown key 'inputs'",
                at(7, 18) + "task 'a', resources: unknown key 'cpu'",
                at(8, 10) + "sweep: unknown key 'matrx'");
        assertThat(problems).extracting(Problem::hint).containsExactly(
                "did you mean 'name'?", "did you mean 'with'?", "did you mean 'in'?", "did you mean 'cpus' or 'gpu'?",
                "did you mean 'matrix'?");
    }

    @Test
    void duplicateTaskIdIsReported() {
        Loaded loaded = load("""
                tasks:
                  a: { uses: shell, with: { command: one } }
                  b: { uses: shell }
                  a: { uses: shell, with: { command: two } }
                """);

        assertThat(WorkflowFiles.lines(loaded.problems()))
                .containsExactly(at(4, 3) + "duplicate key 'a' (first at line 2)");
        assertThat(loaded.workflow().tasks().get("a").params().get("command").display()).isEqualTo("one");
    }

    @Test
    void duplicateKeyInsideATaskIsReported() {
        Loaded loaded = load("""
                tasks:
                  a:
                    uses: shell
                    with: { command: one, command: two }
                """);

        assertThat(WorkflowFiles.lines(loaded.problems()))
                .containsExactly(at(4, 27) + "duplicate key 'command' (first at line 4)");
    }

    @Test
    void malformedYamlReportsLocation() {
        Loaded loaded = load("""
                name: x
                tasks:
                  a: { uses: shell, with: { command: "true" }
                  b: { uses: shell }
                """);

        assertThat(loaded.problems()).hasSize(1);
        Problem p = loaded.problems().get(0);
        assertThat(p.location()).isEqualTo(new Location(dir.resolve("w.yaml").toString(), 4, 3));
        assertThat(p.message()).startsWith("invalid YAML: expected ',' or '}'")
                .contains("flow mapping that starts at line 3, column 6");
    }

    @Test
    void tasksBeforeASyntaxErrorAreKept() {
        Loaded loaded = load("""
                tasks:
                  a: { uses: shell }
                  b: { uses: shell, in: { x: a } }
                  c: [ unclosed
                """);

        assertThat(loaded.problems()).singleElement().extracting(p -> p.location().line()).isEqualTo(5);
        assertThat(loaded.workflow().tasks()).containsOnlyKeys("a", "b");
    }

    @Test
    void structuralTypesAreChecked() {
        Loaded loaded = load("""
                name: [x]
                params: [1, 2]
                tasks: just-one
                schedule: { cron: 5 }
                """);

        assertThat(WorkflowFiles.lines(loaded.problems())).containsExactly(
                at(1, 7) + "workflow: 'name' must be a non-empty string, found a list",
                at(2, 9) + "params: expected a map of NAME: value, found a list",
                at(3, 8) + "workflow: 'tasks' must be a map, found the string 'just-one'",
                at(4, 19) + "schedule: 'cron' must be a Quartz cron string, found the integer 5");
        assertThat(loaded.workflow().name()).isEqualTo("w");
    }

    @Test
    void inputMayNameAnOutputOfItsUpstreamTask() {
        Loaded loaded = load("""
                tasks:
                  train: { uses: student.train }
                  eval: { uses: model.evaluate, in: { model: train.model, log: trian.log } }
                """);

        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("input 'log' refers to no task named 'trian'");
            assertThat(p.hint()).isEqualTo("did you mean 'train'?");
        });
        assertThat(loaded.workflow().tasks().get("eval").inputs().get("model").toString()).isEqualTo("train.model");
    }

    @Test
    void anchorsAndMergeKeysShareSettings() {
        Loaded loaded = load("""
                tasks:
                  a: &gpu_task { uses: shell, resources: { gpu: 1, cpus: 4 }, retry: 1 }
                  b: { <<: *gpu_task, retry: 3 }
                """);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.workflow().tasks().get("b").resources().cpus()).isEqualTo(4);
        assertThat(loaded.workflow().tasks().get("b").retry()).isEqualTo(3);
    }

    @Test
    void gpuMayBeOptionalOrAMap() {
        Loaded loaded = load("""
                tasks:
                  a: { uses: shell, resources: { gpu: optional } }
                  b: { uses: shell, resources: { gpu: { count: 2, optional: true }, memory: 512M } }
                  c: { uses: shell, resources: { gpu: { cont: 2 } } }
                """);

        assertThat(loaded.workflow().tasks().get("a").resources().gpus()).isEqualTo(1);
        assertThat(loaded.workflow().tasks().get("a").resources().gpuOptional()).isTrue();
        assertThat(loaded.workflow().tasks().get("b").resources().gpus()).isEqualTo(2);
        assertThat(loaded.workflow().tasks().get("b").resources().memoryBytes()).isEqualTo(512L << 20);
        assertThat(WorkflowFiles.lines(loaded.problems()))
                .containsExactly(at(4, 39) + "task 'c': unknown key 'cont' in 'gpu'");
    }

    @Test
    void missingFileIsAProblemNotAnException() {
        Loaded loaded = WorkflowLoader.load(dir.resolve("nope.yaml"), Map.of(), true);

        assertThat(WorkflowFiles.lines(loaded.problems())).containsExactly(dir.resolve("nope.yaml") + ": no such file");
        assertThatThrownBy(loaded::orThrow).isInstanceOf(UserError.class).hasMessageContaining("no such file");
    }

    @Test
    void unknownExtensionIsReported() {
        Loaded loaded = WorkflowLoader.load(WorkflowFiles.write(dir, "w.toml", "{}"), Map.of(), false);

        assertThat(loaded.problems()).singleElement().extracting(Problem::hint).isEqualTo("name the file .yaml, .yml, .json or .groovy");
    }

    @Test
    void nameDefaultsToFileName() {
        Loaded loaded = WorkflowLoader.load(WorkflowFiles.write(dir, "eeg-study.yml", "tasks: { a: { uses: shell } }"),
                Map.of(), false);

        assertThat(loaded.orThrow().name()).isEqualTo("eeg-study");
        assertThat(loaded.workflow().source()).isEqualTo(dir.resolve("eeg-study.yml").toString());
    }
}
