package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.OnError;
import org.cortexflow.engine.model.Resources;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.model.Workflow;
import org.junit.jupiter.api.Test;

class FrontEndTwinsTest {

    @Test
    void yamlAndGroovyTwinsProduceIdenticalModel() {
        Path yaml = WorkflowFiles.repo().resolve("workflows/hello.yaml");
        Path groovy = WorkflowFiles.repo().resolve("workflows/hello.groovy");
        assertThat(yaml).exists();
        assertThat(groovy).exists();

        Loaded fromYaml = WorkflowLoader.load(yaml, Map.of(), false);
        Loaded fromGroovy = WorkflowLoader.load(groovy, Map.of(), false);

        assertThat(fromYaml.problems()).isEmpty();
        assertThat(fromGroovy.problems()).isEmpty();
        assertThat(WorkflowFiles.model(fromGroovy.workflow())).isEqualTo(WorkflowFiles.model(fromYaml.workflow()));
        assertThat(fromYaml.workflow().tasks()).containsKeys("greet", "motto", "loud", "combined", "stats");
        assertThat(fromYaml.workflow().tasks().get("greet").params().get("command"))
                .isEqualTo(new Value.Text("echo 'hello world' > greeting.txt"));
    }

    @Test
    void jsonTwinLoadsToTheSameModelAndItsErrorsHaveLocations() {
        for (boolean sweep : List.of(false, true)) {
            Loaded yaml = WorkflowLoader.load(WorkflowFiles.resource("twins/study.yaml"), Map.of("data", "/d"), sweep);
            Loaded json = WorkflowLoader.load(WorkflowFiles.resource("twins/study.json"), Map.of("data", "/d"), sweep);

            assertThat(json.problems()).isEmpty();
            assertThat(WorkflowFiles.model(json.workflow())).isEqualTo(WorkflowFiles.model(yaml.workflow()));
        }
    }

    @Test
    void malformedJsonIsReportedWithLineAndColumn(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("w.json");
        Files.writeString(f, "{\"tasks\": {\n  \"a\": {\"uses\": \"shell\",}\n}}\n");

        Loaded loaded = WorkflowLoader.load(f, Map.of(), false);

        assertThat(loaded.problems()).isNotEmpty();
        assertThat(loaded.problems().get(0).format()).contains("w.json:2:").contains("invalid JSON");
    }

    @Test
    void helloTwinsStayIdenticalUnderAnOverride() {
        Map<String, String> overrides = Map.of("who", "EEG", "shout", "true");
        Loaded fromYaml = WorkflowLoader.load(WorkflowFiles.repo().resolve("workflows/hello.yaml"), overrides, false);
        Loaded fromGroovy = WorkflowLoader.load(WorkflowFiles.repo().resolve("workflows/hello.groovy"), overrides, false);

        assertThat(fromGroovy.problems()).isEmpty();
        assertThat(WorkflowFiles.model(fromGroovy.workflow())).isEqualTo(WorkflowFiles.model(fromYaml.workflow()));
        assertThat(fromGroovy.workflow().tasks().get("loud").params().get("command").display()).startsWith("if true;");
    }

    @Test
    void twinsUsingEveryConstructAgreeWithAndWithoutSweep() {
        for (boolean sweep : List.of(false, true)) {
            Loaded yaml = WorkflowLoader.load(WorkflowFiles.resource("twins/study.yaml"), Map.of("data", "/d"), sweep);
            Loaded groovy = WorkflowLoader.load(WorkflowFiles.resource("twins/study.groovy"), Map.of("data", "/d"), sweep);

            assertThat(yaml.problems()).isEmpty();
            assertThat(groovy.problems()).isEmpty();
            assertThat(WorkflowFiles.model(groovy.workflow())).isEqualTo(WorkflowFiles.model(yaml.workflow()));
        }
    }

    @Test
    void studyTwinDeclaresEverySetting() {
        Workflow w = WorkflowLoader.load(WorkflowFiles.resource("twins/study.groovy"), Map.of(), false).orThrow();

        TaskSpec student = w.tasks().get("student");
        assertThat(student.type()).isEqualTo("student.train");
        assertThat(student.inputs()).containsExactly(Map.entry("windows", InputRef.of("windows")),
                Map.entry("meta", new InputRef("eeg", Optional.of("meta"))));
        assertThat(student.params().get("lambda")).isEqualTo(new Value.Real(0.05));
        assertThat(student.params().get("seed")).isEqualTo(new Value.Int(42));
        assertThat(student.params().get("layers")).isEqualTo(new Value.Items(List.of(new Value.Int(64), new Value.Int(32))));
        assertThat(student.resources()).isEqualTo(new Resources(2, 8L << 30, 1, true));
        assertThat(student.retry()).isEqualTo(2);
        assertThat(student.onError()).isEqualTo(OnError.IGNORE);
        assertThat(student.timeout()).contains(Duration.ofMinutes(10));
        assertThat(w.tasks().get("windows").params().get("window")).isEqualTo(new Value.Time(Duration.ofSeconds(3)));
        assertThat(w.tasks().get("windows").params().get("chunk")).isEqualTo(new Value.Text("30s"));
        assertThat(w.tasks().get("report").params().get("command"))
                .isEqualTo(new Value.Text("echo ${in.model} costs ${HOME} > r.txt"));
        assertThat(w.schedule()).contains("0 0 3 * * ?");
        assertThat(w.params().get("mem")).isEqualTo(new Value.Bytes(8L << 30));
    }

    @Test
    void groovyTaskLocationsAreScriptLines() throws Exception {
        Path script = WorkflowFiles.resource("twins/study.groovy");
        Workflow w = WorkflowLoader.load(script, Map.of(), false).orThrow();
        List<String> text = Files.readAllLines(script);

        TaskSpec student = w.tasks().get("student");
        assertThat(text.get(student.at("task").line() - 1)).contains("task('student'");
        assertThat(text.get(student.at("retry").line() - 1)).contains("retry 2");
        assertThat(text.get(student.at("param.opts").line() - 1)).contains("with opts:");
        assertThat(student.at("task").file()).isEqualTo(script.toString());
    }
}
