package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamOverrideTest {

    @TempDir
    Path dir;

    private static final String WORKFLOW = """
            params: { lambda: 0.05, seed: 42, who: world, window: 3s, ids: [1] }
            tasks:
              a: { uses: x, with: { lambda: "${lambda}", seed: "${seed}", who: "hi ${who}", window: "${window}", ids: "${ids}" } }
            """;

    @Test
    void paramOverrideReplacesValueAndTypes() {
        Path file = WorkflowFiles.write(dir, "w.yaml", WORKFLOW);
        Workflow w = WorkflowLoader.load(file, Map.of("lambda", "0.1", "seed", "3", "who", "EEG lab", "window", "200ms",
                "ids", "[1, 2]"), false).orThrow();

        assertThat(w.params()).containsEntry("lambda", new Value.Real(0.1)).containsEntry("seed", new Value.Int(3))
                .containsEntry("who", new Value.Text("EEG lab"))
                .containsEntry("window", new Value.Time(Duration.ofMillis(200)))
                .containsEntry("ids", new Value.Items(List.of(new Value.Int(1), new Value.Int(2))));
        Map<String, Value> a = w.tasks().get("a").params();
        assertThat(a.get("lambda")).isEqualTo(new Value.Real(0.1));
        assertThat(a.get("seed")).isEqualTo(new Value.Int(3));
        assertThat(a.get("who")).isEqualTo(new Value.Text("hi EEG lab"));
        assertThat(a.get("window")).isEqualTo(new Value.Time(Duration.ofMillis(200)));
    }

    @Test
    void overrideValuesReadLikeYaml() {
        assertThat(ParamOverrides.value("true")).isEqualTo(new Value.Bool(true));
        assertThat(ParamOverrides.value("8G")).isEqualTo(new Value.Bytes(8L << 30));
        assertThat(ParamOverrides.value("'3'")).isEqualTo(new Value.Text("3"));
        assertThat(ParamOverrides.value("{a: 1}")).isEqualTo(new Value.Fields(Map.of("a", new Value.Int(1))));
        // what does not read as one YAML value is the text as given
        assertThat(ParamOverrides.value("echo a: b")).isEqualTo(new Value.Text("echo a: b"));
        assertThat(ParamOverrides.value("[1, 2")).isEqualTo(new Value.Text("[1, 2"));
        assertThat(ParamOverrides.value("")).isEqualTo(new Value.Text(""));
        assertThat(ParamOverrides.value("- a")).isEqualTo(new Value.Text("- a"));
    }

    @Test
    void overrideOfUndeclaredParamIsReported() {
        Path file = WorkflowFiles.write(dir, "w.yaml", WORKFLOW);
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("lamda", "0.1");
        overrides.put("zzz", "1");
        Loaded loaded = WorkflowLoader.load(file, overrides, false);

        assertThat(loaded.problems()).hasSize(2);
        Problem typo = loaded.problems().get(0);
        assertThat(typo.location()).isEqualTo(Location.NONE);
        assertThat(typo.subject()).isEqualTo("--param lamda");
        assertThat(typo.hint()).isEqualTo("did you mean 'lambda'?");
        assertThat(loaded.problems().get(1).hint()).isEqualTo("the workflow's params are: lambda, seed, who, window, ids");
        // the rest of the workflow is still there, with the declared values
        assertThat(loaded.workflow().params().get("lambda")).isEqualTo(new Value.Real(0.05));
    }

    @Test
    void groovyScriptSeesOverriddenParams() {
        Path file = WorkflowFiles.write(dir, "w.groovy", """
                params n: 2, label: 'x'
                for (i in 1..params.n) {
                    task("t${i}", uses: 'shell') { with label: params.label }
                }
                """);
        Workflow w = WorkflowLoader.load(file, Map.of("n", "4", "label", "y"), false).orThrow();

        assertThat(w.tasks()).containsOnlyKeys("t1", "t2", "t3", "t4");
        assertThat(w.tasks().get("t4").params().get("label")).isEqualTo(new Value.Text("y"));
    }
}
