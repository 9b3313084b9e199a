package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML and JSON files have their tasks read on a second thread while the parser goes on
 * ({@link TaskStream}): what is found must not depend on that, nor on how many tasks there are.
 */
class StreamedTasksTest {

    @TempDir
    Path dir;

    /** Problems without the file name: line, column and what was said. */
    private static List<String> where(Loaded loaded) {
        return loaded.problems().stream()
                .map(p -> p.location().line() + ":" + p.location().column() + " " + p.subject() + ": " + p.message())
                .toList();
    }

    /**
     * JSON values are located from the parser's numbers, keys from its location objects; both must
     * point where YAML's scanner points in the same text (JSON is YAML), also after non-ASCII text.
     */
    @Test
    void jsonIsLocatedAsYamlLocatesTheSameText() {
        String text = """
                {
                  "params": {"who": "wörld"},
                  "tasks": {
                    "a": {"uses": 5},
                    "b": {"uses": "shell", "in": ["a"]},
                    "c": ["shell"],
                    "d": {"uses": "shell", "wiht": {}},
                    "e": {"uses": "shell", "with": {"note": "héllo ünïcode ✓", "n": "${nope}"},
                          "retry": -1, "resources": {"cpus": 0.5, "memory": true}},
                    "f": {"uses": "shell", "in": {"x": "nowhere"}, "with": {"l": [1, "${who}", {"k": null}]}}
                  }
                }
                """;
        Loaded json = WorkflowFiles.load(dir, "w.json", text);
        Loaded yaml = WorkflowFiles.load(dir, "w.yaml", text);

        assertThat(where(json)).hasSize(10).isEqualTo(where(yaml));
        assertThat(where(json)).contains(
                "4:19 task 'a': 'uses' must be a name, found the integer 5",
                "5:34 task 'b': 'in' must be a map, found a list",
                "6:10 task 'c': expected a map of task settings, found a list",
                "7:28 task 'd': unknown key 'wiht'",
                "8:69 task 'e', parameter 'n': '${nope}' refers to no workflow param named 'nope'",
                "10:40 task 'f': input 'x' refers to no task named 'nowhere'",
                "10:86 task 'f', parameter 'l': has no value");
    }

    /** Tasks read before the params that follow them would not know those params: the file is read again whole. */
    @Test
    void paramsWrittenAfterTheTasksAreKnownToThem() {
        for (String name : List.of("w.yaml", "w.json")) {
            String text = name.endsWith(".json")
                    ? "{\"tasks\": {\"a\": {\"uses\": \"shell\", \"with\": {\"command\": \"echo ${who} ${nope}\"}}},\n"
                      + " \"params\": {\"who\": \"world\"}}\n"
                    : """
                      tasks:
                        a: { uses: shell, with: { command: "echo ${who} ${nope}" } }
                      params: { who: world }
                      """;

            Loaded loaded = WorkflowFiles.load(dir, name, text);

            assertThat(loaded.problems()).singleElement().extracting(Problem::message)
                    .isEqualTo("'${nope}' refers to no workflow param named 'nope'");
            assertThat(loaded.workflow().tasks().get("a").params().get("command"))
                    .isEqualTo(new Value.Text("echo world ${nope}"));
        }
    }

    /** Tasks merged into the tasks map with a YAML merge key are not handed over, so the file is read whole. */
    @Test
    void tasksMergedIntoTheTasksMapAreRead() {
        Loaded loaded = WorkflowFiles.load(dir, "w.yaml", """
                params: { shared: &shared { a: { uses: shell, with: { command: "true" } } } }
                tasks:
                  <<: *shared
                  b: { uses: shell, in: { x: a } }
                """);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.workflow().tasks().keySet()).containsExactlyInAnyOrder("a", "b");
        assertThat(loaded.workflow().tasks().get("b").inputs().get("x")).isEqualTo(InputRef.of("a"));
    }

    /** A second tasks map is a duplicate key: reported, and its tasks are not the workflow's. */
    @Test
    void aSecondTasksMapIsADuplicateAndIgnored() {
        for (String name : List.of("w.yaml", "w.json")) {
            String text = name.endsWith(".json")
                    ? "{\"tasks\": {\"a\": {\"uses\": \"shell\"}},\n \"tasks\": {\"b\": {\"uses\": \"shell\"}}}\n"
                    : "tasks:\n  a: { uses: shell }\ntasks:\n  b: { uses: shell }\n";

            Loaded loaded = WorkflowFiles.load(dir, name, text);

            assertThat(loaded.problems()).singleElement().extracting(Problem::message).asString()
                    .startsWith("duplicate key 'tasks'");
            assertThat(loaded.workflow().tasks().keySet()).containsExactly("a");
        }
    }

    /** A whole id wins over task.output, whichever task comes first in the file. */
    @Test
    void inputsBindToIdsWithDotsOnceEveryIdIsKnown() {
        Loaded loaded = WorkflowFiles.load(dir, "w.yaml", """
                tasks:
                  use: { uses: shell, in: { p: a.b, q: x.out, r: nope.out } }
                  a.b: { uses: shell }
                  x: { uses: shell }
                """);

        assertThat(where(loaded)).containsExactly("2:50 task 'use': input 'r' refers to no task named 'nope'");
        Map<String, InputRef> inputs = loaded.workflow().tasks().get("use").inputs();
        assertThat(inputs.get("p")).isEqualTo(InputRef.of("a.b"));
        assertThat(inputs.get("q")).isEqualTo(InputRef.parse("x.out"));
    }

    /** Several hand-overs' worth of tasks, with mistakes at the start, in the middle and at the end. */
    private static String manyTasks(int n) {
        StringBuilder json = new StringBuilder("{\"params\": {\"n\": 1},\n\"tasks\": {\n");
        for (int i = 0; i < n; i++) {
            String input = i == 0 ? "" : ", \"in\": {\"p\": \"t" + (i == 1500 ? "missing" : String.valueOf(i - 1)) + "\"}";
            String key = i == 5 ? "wiht" : "with";
            json.append("  \"t").append(i == n - 1 ? 10 : i).append("\": {\"uses\": \"shell\"").append(input)
                    .append(", \"").append(key).append("\": {\"command\": \"echo ${n} ").append(i).append("\"}}")
                    .append(i == n - 1 ? "\n" : ",\n");
        }
        return json.append("}}\n").toString();
    }

    @Test
    void everyMistakeInAManyTaskFileIsReportedOnce() {
        Loaded loaded = WorkflowFiles.load(dir, "w.json", manyTasks(3_000));

        assertThat(where(loaded)).containsExactly(
                "8:46 task 't5': unknown key 'wiht'",
                "1503:42 task 't1500': input 'p' refers to no task named 'tmissing'",
                "3002:3 : duplicate key 't10' (first at line 13)");
        assertThat(loaded.workflow().tasks()).hasSize(2_999);
        assertThat(loaded.workflow().tasks().get("t2998").params().get("command")).isEqualTo(new Value.Text("echo 1 2998"));
        assertThat(List.copyOf(loaded.workflow().tasks().keySet()).subList(0, 3)).containsExactly("t0", "t1", "t2");
    }

    @Test
    @Timeout(60)
    void aFileCutShortInItsTasksKeepsTheTasksBeforeTheCut() {
        String whole = manyTasks(3_000);
        String cut = whole.substring(0, whole.indexOf("\"t2000\"") + 20);

        Loaded loaded = WorkflowFiles.load(dir, "w.json", cut);

        assertThat(loaded.problems()).last().extracting(Problem::message).asString().startsWith("invalid JSON");
        assertThat(loaded.workflow().tasks()).hasSize(2_000).containsKey("t1999").doesNotContainKey("t2000");
    }
}
