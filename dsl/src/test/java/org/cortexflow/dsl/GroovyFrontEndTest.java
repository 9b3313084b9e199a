package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroovyFrontEndTest {

    @TempDir
    Path dir;

    private Loaded load(String script) {
        return WorkflowFiles.load(dir, "w.groovy", script);
    }

    private Location line(int n) {
        return new Location(dir.resolve("w.groovy").toString(), n, 0);
    }

    @Test
    void groovyLoopsAndConditionsBuildTasks() {
        Workflow w = load("""
                params subjects: 3, withReport: false
                def ids = (1..params.subjects).collect { String.format('sub-%02d', it) }
                ids.each { id ->
                    task("read-${id}", uses: 'eeg.read') { with path: "/data/${id}.bdf" }
                    task("filter-${id}", uses: 'eeg.filter') {
                        input eeg: "read-${id}"
                        with lowpass: 40
                    }
                }
                task('pool', uses: 'shell') {
                    ids.each { id -> input((id.replace('-', '_')): "filter-${id}") }
                    with command: 'cat ${in.sub_01}/x ${in.sub_03}/x > all', outputs: ['all']
                }
                if (params.withReport) {
                    task('report', uses: 'report.html') { input all: 'pool' }
                }
                """).orThrow();

        assertThat(w.tasks().keySet()).containsExactly("read-sub-01", "filter-sub-01", "read-sub-02", "filter-sub-02",
                "read-sub-03", "filter-sub-03", "pool");
        assertThat(w.tasks().get("filter-sub-02").inputs()).containsEntry("eeg", InputRef.of("read-sub-02"));
        assertThat(w.tasks().get("read-sub-03").params().get("path")).isEqualTo(new Value.Text("/data/sub-03.bdf"));
        assertThat(w.tasks().get("pool").inputs()).containsOnlyKeys("sub_01", "sub_02", "sub_03");
        assertThat(w.tasks().get("filter-sub-01").params().get("lowpass")).isEqualTo(new Value.Int(40));
    }

    @Test
    void groovySyntaxErrorHasLineAndColumn() {
        Loaded loaded = load("""
                params n: 1
                task('a', uses: 'shell') {
                    with command: 'x
                }
                """);

        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(new Location(dir.resolve("w.groovy").toString(), 3, 19));
            assertThat(p.message()).startsWith("Groovy: Unexpected character");
        });
        assertThat(loaded.workflow().tasks()).isEmpty();
    }

    @Test
    void aScriptNestedTooDeeplyForTheParserSaysSo() {
        Loaded loaded = load("x = " + "[".repeat(20_000) + "]".repeat(20_000) + "\ntask('a', uses: 'shell') { with command: 'true' }\n");

        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(Location.of(dir.resolve("w.groovy").toString()));
            assertThat(p.message()).isEqualTo("the script nests brackets, braces or parentheses more than 200 deep,"
                    + " more than Groovy's parser can take");
            assertThat(p.hint()).contains("in a loop");
        });
        // what is not counted, as a very long expression, is caught when the parser overflows
        Loaded chain = load("x = 1" + " + 1".repeat(20_000) + "\n");
        assertThat(chain.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("the script nests too deeply for Groovy's parser");
            assertThat(p.hint()).contains("as a loop");
        });
    }

    @Test
    void unresolvedClassIsACompileProblem() {
        Loaded loaded = load("import no.such.Thing\ntask('a', uses: 'x')\n");

        assertThat(WorkflowFiles.lines(loaded.problems()))
                .containsExactly(dir.resolve("w.groovy") + ":1:1: Groovy: unable to resolve class no.such.Thing");
    }

    @Test
    void runtimeErrorIsReportedAtTheScriptLine() {
        Loaded loaded = load("""
                params n: 1
                task('a', uses: 'shell') { with command: 'x' }
                def nothing = null
                nothing.size()
                task('b', uses: 'shell') { with command: 'y' }
                """);

        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(line(4));
            assertThat(p.message()).startsWith("NullPointerException");
        });
        // what the script declared before it stopped is kept
        assertThat(loaded.workflow().tasks()).containsOnlyKeys("a");
    }

    @Test
    void builderCallsAreLocatedAtTheirOwnLineThroughLoopsHelpersAndStoredBlocks() {
        Workflow w = load("""
                def id(n) {
                    def prefix = 'chain'
                    return prefix + n
                }
                def body = {
                    input p: 'up'
                    with command: 'echo x'
                }
                for (int i = 0; i < 2; i++) {
                    task(id(i), uses: 'shell', body)
                }
                task('up', uses: 'shell', with: [command: 'true'])
                """).orThrow();

        for (String name : List.of("chain0", "chain1")) {
            var task = w.tasks().get(name);
            // the helper that made the id has returned: the call is on line 10, not on the helper's line 3
            assertThat(task.at("task").line()).isEqualTo(10);
            // a block defined earlier and run by the call is located where its statements are written
            assertThat(task.at("input.p").line()).isEqualTo(6);
            assertThat(task.at("param.command").line()).isEqualTo(7);
        }
        assertThat(w.tasks().get("up").at("task").line()).isEqualTo(12);
    }

    @Test
    void mistakeInOneTaskBlockDoesNotHideTheNext() {
        Loaded loaded = load("""
                params lambda: 0.1
                task('a', uses: 'shell') {
                    with command: "echo ${params.lamda}"
                }
                task('b', uses: 'shell') {
                    with value: lambda
                }
                task('c', uses: 'shell') { input x: 'a'; wiht n: 1 }
                task('d', uses: 'shell') { input x: 'a' }
                """);

        assertThat(loaded.problems()).extracting(Problem::location, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(line(3), "no workflow param named 'lamda'"),
                org.assertj.core.groups.Tuple.tuple(line(6), "unknown name 'lambda'"),
                org.assertj.core.groups.Tuple.tuple(line(8), "unknown command 'wiht'"));
        assertThat(loaded.problems()).extracting(Problem::hint).containsExactly(
                "did you mean 'lambda'?", "read workflow params as params.lambda", "did you mean 'with'?");
        // broken tasks are left out, but tasks that use them are not reported as referring to nothing
        assertThat(loaded.workflow().tasks()).containsOnlyKeys("d");
    }

    @Test
    void duplicateTaskIdIsReportedInGroovy() {
        Loaded loaded = load("""
                task('a', uses: 'shell') { with n: 1 }
                task('a', uses: 'shell') { with n: 2 }
                """);

        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(line(2));
            assertThat(p.message()).isEqualTo("task id 'a' is given twice (first at line 1)");
        });
        assertThat(loaded.workflow().tasks().get("a").params().get("n")).isEqualTo(new Value.Int(1));
    }

    @Test
    void structuralMistakesAreReportedLikeYaml() {
        Loaded loaded = load("""
                task('a', uses: 'shell', retries: 2) {
                    retry 'twice'
                    resources cpu: 2
                    input x: 'nowhere'
                }
                task('b') { with n: 1 }
                sweep { matrix seed: [] }
                """);

        assertThat(WorkflowFiles.lines(loaded.problems())).containsExactly(
                dir.resolve("w.groovy") + ":1: task 'a': unknown key 'retries'",
                dir.resolve("w.groovy") + ":2: task 'a': 'retry' must be a whole number of retries from 0 to 1000, found string 'twice'",
                dir.resolve("w.groovy") + ":3: task 'a', resources: unknown key 'cpu'",
                dir.resolve("w.groovy") + ":4: task 'a': input 'x' refers to no task named 'nowhere'",
                dir.resolve("w.groovy") + ":6: task 'b': has no 'uses'",
                dir.resolve("w.groovy") + ":7: sweep: 'seed' is not a workflow param");
    }

    @Test
    void singleQuotedStringsFollowTheYamlInterpolationRules() {
        Workflow w = load("""
                params n: 3, data: '/d'
                task('a', uses: 'x') { with n: '${n}', path: '${data}/eeg', g: "${params.data}/eeg", lit: '$${n}' }
                task('b', uses: 'shell') { input a: 'a'; with command: 'ls ${in.a}' }
                """).orThrow();

        Map<String, Value> a = w.tasks().get("a").params();
        assertThat(a.get("n")).isEqualTo(new Value.Int(3));
        assertThat(a.get("path")).isEqualTo(new Value.Text("/d/eeg"));
        assertThat(a.get("g")).isEqualTo(new Value.Text("/d/eeg"));
        assertThat(a.get("lit")).isEqualTo(new Value.Text("${n}"));
        assertThat(w.tasks().get("b").params().get("command")).isEqualTo(new Value.Text("ls ${in.a}"));
    }

    @Test
    void paramsArePlainJavaValuesInTheScript() {
        Workflow w = load("""
                params n: 3, rate: 0.5, window: '3s', mem: '8G', ids: [1, 2], on: true
                assert params.n instanceof Long
                assert params.rate instanceof Double
                assert params.window == '3s'
                assert params.mem == '8G'
                assert params.ids == [1L, 2L]
                assert params.on
                task('a', uses: 'x') { with n: params.n * 2, ids: params.ids + [3] }
                """).orThrow();

        assertThat(w.tasks().get("a").params().get("n")).isEqualTo(new Value.Int(6));
        assertThat(w.tasks().get("a").params().get("ids"))
                .isEqualTo(new Value.Items(List.of(new Value.Int(1), new Value.Int(2), new Value.Int(3))));
    }

    @Test
    void failedAssertionIsReportedAtItsLine() {
        Loaded loaded = load("""
                params n: 3
                assert params.n > 5 : 'need more than 5'
                task('a', uses: 'x')
                """);

        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(line(2));
            assertThat(p.message()).startsWith("assertion failed: need more than 5");
        });
    }

    @Test
    void namedArgumentsMayCarryEveryTaskKey() {
        Workflow w = load("""
                task('a', uses: 'shell', with: [command: 'x'], retry: 1, timeout: '5m')
                task('b', uses: 'shell', input: [a: 'a'], resources: [gpu: 1])
                """).orThrow();

        assertThat(w.tasks().get("a").retry()).isEqualTo(1);
        assertThat(w.tasks().get("b").inputs()).containsEntry("a", InputRef.of("a"));
        assertThat(w.tasks().get("b").resources().gpus()).isEqualTo(1);
    }
}
