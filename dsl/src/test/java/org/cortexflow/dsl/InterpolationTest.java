package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpolationTest {

    @TempDir
    Path dir;

    private static final String PARAMS = "params: { n: 3, rate: 0.5, on: true, window: 3s, mem: 8G, data: /d, "
            + "ids: [1, 2], plain: '512', text: hello }\n";

    private Loaded load(String tasks) {
        return WorkflowFiles.load(dir, "w.yaml", PARAMS + tasks);
    }

    private TaskSpec task(Loaded loaded, String id) {
        assertThat(loaded.problems()).isEmpty();
        return loaded.workflow().tasks().get(id);
    }

    @Test
    void wholeScalarInterpolationKeepsType() {
        Loaded loaded = load("""
                tasks:
                  a:
                    uses: x
                    with: { n: "${n}", rate: "${rate}", on: "${on}", window: "${window}", mem: "${mem}",
                            ids: "${ids}", plain: "${plain}", spaced: "${ n }" }
                """);

        Map<String, Value> params = task(loaded, "a").params();
        assertThat(params.get("n")).isEqualTo(new Value.Int(3));
        assertThat(params.get("rate")).isEqualTo(new Value.Real(0.5));
        assertThat(params.get("on")).isEqualTo(new Value.Bool(true));
        assertThat(params.get("window")).isEqualTo(new Value.Time(Duration.ofSeconds(3)));
        assertThat(params.get("mem")).isEqualTo(new Value.Bytes(8L << 30));
        assertThat(params.get("ids")).isEqualTo(new Value.Items(List.of(new Value.Int(1), new Value.Int(2))));
        assertThat(params.get("plain")).isEqualTo(new Value.Text("512"));
        assertThat(params.get("spaced")).isEqualTo(new Value.Int(3));
    }

    @Test
    void embeddedInterpolationGivesText() {
        Loaded loaded = load("""
                tasks:
                  a:
                    uses: x
                    with:
                      path: "${data}/eeg"
                      label: "n=${n}, rate=${rate}, window=${window}, ${ids}"
                      nested: { list: ["${data}/a", "${n}"] }
                """);

        Map<String, Value> params = task(loaded, "a").params();
        assertThat(params.get("path")).isEqualTo(new Value.Text("/d/eeg"));
        assertThat(params.get("label")).isEqualTo(new Value.Text("n=3, rate=0.5, window=3s, [1, 2]"));
        assertThat(params.get("nested")).isEqualTo(new Value.Fields(Map.of("list",
                new Value.Items(List.of(new Value.Text("/d/a"), new Value.Int(3))))));
    }

    @Test
    void plainStringsInTasksStayText() {
        Loaded loaded = load("""
                tasks:
                  a: { uses: x, with: { chunk: 30s, size: 8G, cost: $5, n: 7 } }
                """);

        Map<String, Value> params = task(loaded, "a").params();
        assertThat(params.get("chunk")).isEqualTo(new Value.Text("30s"));
        assertThat(params.get("size")).isEqualTo(new Value.Text("8G"));
        assertThat(params.get("cost")).isEqualTo(new Value.Text("$5"));
        assertThat(params.get("n")).isEqualTo(new Value.Int(7));
    }

    @Test
    void unknownParamInInterpolationIsReported() {
        Loaded loaded = load("""
                tasks:
                  a: { uses: x, with: { path: "${dta}/eeg", b: "${}", c: "${text" } }
                """);

        List<Problem> problems = loaded.problems();
        assertThat(problems).extracting(Problem::message).containsExactly(
                "'${dta}' refers to no workflow param named 'dta'",
                "'${}' refers to no workflow param",
                "unterminated '${' in '${text'");
        assertThat(problems.get(0).hint()).isEqualTo("did you mean 'data'?");
        assertThat(problems.get(0).subject()).isEqualTo("task 'a', parameter 'path'");
        assertThat(problems.get(0).location().line()).isEqualTo(3);
        assertThat(problems.get(0).location().column()).isEqualTo(31);
        // the unresolved reference stays as written, so the task is still there to check
        assertThat(loaded.workflow().tasks().get("a").params().get("path")).isEqualTo(new Value.Text("${dta}/eeg"));
    }

    @Test
    void inputPlaceholderNotInterpolated() {
        Loaded loaded = load("""
                tasks:
                  a: { uses: shell, with: { command: "echo 1 > x.txt" } }
                  b: { uses: shell, in: { a: a }, with: { command: "cat ${in.a}/x.txt > ${text}.txt" } }
                """);

        assertThat(task(loaded, "b").params().get("command")).isEqualTo(new Value.Text("cat ${in.a}/x.txt > hello.txt"));
    }

    @Test
    void inputPlaceholderForAnUndeclaredInputIsReported() {
        Loaded loaded = load("""
                tasks:
                  a: { uses: shell }
                  b: { uses: shell, in: { first: a }, with: { command: "cat ${in.frist}/x.txt" } }
                """);

        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("'${in.frist}' refers to no input of this task named 'frist'");
            assertThat(p.hint()).isEqualTo("did you mean 'first'?");
        });
    }

    @Test
    void doubledDollarIsALiteralDollarBrace() {
        Loaded loaded = load("""
                tasks:
                  a: { uses: shell, with: { command: "echo $${HOME} $${n} ${n}", whole: "$${n}" } }
                """);

        assertThat(task(loaded, "a").params().get("command")).isEqualTo(new Value.Text("echo ${HOME} ${n} 3"));
        assertThat(task(loaded, "a").params().get("whole")).isEqualTo(new Value.Text("${n}"));
    }

    @Test
    void settingsMayUseParams() {
        Loaded loaded = WorkflowFiles.load(dir, "w.yaml", """
                params: { retries: 2, mem: 8G, gpus: 1, mode: ignore, limit: 2h }
                tasks:
                  a:
                    uses: x
                    resources: { memory: "${mem}", gpu: "${gpus}" }
                    retry: "${retries}"
                    on_error: "${mode}"
                    timeout: "${limit}"
                """);

        TaskSpec a = task(loaded, "a");
        assertThat(a.retry()).isEqualTo(2);
        assertThat(a.resources().memoryBytes()).isEqualTo(8L << 30);
        assertThat(a.resources().gpus()).isEqualTo(1);
        assertThat(a.onError().name()).isEqualTo("IGNORE");
        assertThat(a.timeout()).contains(Duration.ofHours(2));
    }

    @Test
    void paramsDoNotReferToOtherParams() {
        Loaded loaded = WorkflowFiles.load(dir, "w.yaml", """
                params: { data: /d, eeg: "${data}/eeg", price: "$${cost}" }
                tasks: { a: { uses: x } }
                """);

        assertThat(loaded.problems()).singleElement().extracting(Problem::message)
                .isEqualTo("params cannot refer to other params ('${data}/eeg')");
    }
}
