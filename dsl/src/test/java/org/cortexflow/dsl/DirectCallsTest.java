package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which calls of a workflow script {@link DirectCalls} compiles as plain JVM calls, and that scripts mean the same. */
class DirectCallsTest {

    @TempDir
    Path dir;

    /** The calls a compiled script makes: "direct Owner.name" for plain JVM calls, "dynamic name" for Groovy's. */
    private static List<String> calls(String script) {
        Problems problems = new Problems();
        GroovyWorkflowSource source = GroovyWorkflowSource.compile(script, "w.groovy", "w.groovy", problems).orElseThrow();
        assertThat(problems.isEmpty()).isTrue();
        return CompiledCalls.of(source.classes().values());
    }

    @Test
    void taskCallsAndBlockCommandsInLoopsAndMethodsCompileToPlainCalls() {
        List<String> calls = calls("""
                def chain(n) {
                    task("m${n}", uses: 'shell') { with command: 'true' }
                }
                for (int i = 0; i < 2; i++) {
                    task("f${i}", uses: 'shell') {
                        input p: 'm0'
                        with command: 'true', outputs: ['x']
                        resources cpus: 1
                        retry 2
                    }
                }
                ['a', 'b'].each { id ->
                    task(id, uses: 'shell') { input p: 'm0'; on_error 'ignore' }
                }
                chain(0)
                """);

        assertThat(calls).doesNotContain("dynamic task", "dynamic input", "dynamic with", "dynamic resources",
                "dynamic retry", "dynamic on_error", "dynamic mark");
        assertThat(calls).contains("direct WorkflowScript.task", "direct TaskBlock.input", "direct TaskBlock.with",
                "direct TaskBlock.resources", "direct TaskBlock.retry", "direct TaskBlock.on_error", "direct ScriptLines.mark");
    }

    @Test
    void theScriptsSettingsCompileToPlainCallsUnlessTheScriptDeclaresItsOwn() {
        List<String> calls = calls("""
                name 'w'
                params lambda: 0, seed: 0
                sweep { matrix lambda: [0, 1] }
                schedule cron: '0 3 * * *'
                def more = [extra: 1]
                params more
                """);

        assertThat(calls).contains("direct WorkflowScript.name", "direct WorkflowScript.params", "direct WorkflowScript.sweep",
                "direct WorkflowScript.schedule");
        // a map not written as one might not be a map
        assertThat(calls).contains("dynamic params");
        // the script's own name method is what its name command calls
        assertThat(calls("def name(String n) { super.name('x-' + n) }\nname 'w'")).contains("dynamic name");
    }

    @Test
    void aSweepWithPlainCallsExpandsAsBefore(@TempDir Path other) {
        String script = """
                name 'w'
                params lambda: 0, seed: 0
                task('a', uses: 'shell') { with command: "echo ${params.lambda} ${params.seed}" }
                sweep { matrix lambda: [0, 1], seed: [1, 2, 3] }
                """;
        Workflow direct = WorkflowLoader.load(WorkflowFiles.write(dir, "w.groovy", script), Map.of(), true).orThrow();
        // the same script with params given as a map in a variable and a name method of its own: both stay dynamic
        Workflow dynamic = WorkflowLoader.load(WorkflowFiles.write(other, "w.groovy", script
                .replace("params lambda: 0, seed: 0", "def p = [lambda: 0, seed: 0]; params p")
                .replace("name 'w'", "def name(String n) { super.name(n) }; name 'w'")), Map.of(), true).orThrow();

        assertThat(calls(script)).contains("direct WorkflowScript.sweep").doesNotContain("dynamic sweep");
        assertThat(direct.name()).isEqualTo("w");
        assertThat(direct.tasks()).hasSize(6);
        assertThat(WorkflowFiles.model(direct)).isEqualTo(WorkflowFiles.model(dynamic));
    }

    @Test
    void callsWhoseTargetGroovyMightChooseOtherwiseStayDynamic() {
        List<String> calls = calls("""
                def make = { id -> task(id, uses: 'shell') { with command: 'true' } }
                make('a')
                task('b', uses: 'shell') {
                    [1, 2].each { k -> input "p${k}": 'a' }
                    with params.extra
                }
                """);

        // a closure run later may have a delegate of its own; a nested closure's commands go through
        // its owner; a command whose argument is not written as a map may not be a map
        assertThat(calls).contains("dynamic task", "dynamic input", "dynamic with");
    }

    @Test
    void aScriptsOwnTaskMethodIsStillTheOneCalled() {
        Workflow w = WorkflowFiles.load(dir, "w.groovy", """
                def task(Map options, String id, Closure body) {
                    super.task(options, 'x-' + id, body)
                }
                task('a', uses: 'shell') { with command: 'true' }
                """).orThrow();

        assertThat(w.tasks()).containsOnlyKeys("x-a");
    }

    @Test
    void tasksFromEveryKindOfCallAreTheSame() {
        Workflow w = WorkflowFiles.load(dir, "w.groovy", """
                def make = { id -> task(id, uses: 'shell') { input p: 'loop0'; with command: 'true' } }
                def chain(n) { task("m${n}", uses: 'shell') { input p: 'loop0'; with command: 'true' } }
                for (int i = 0; i < 2; i++) {
                    task("loop${i}") {
                        uses 'shell'
                        retry i + 1
                        on_error 'finish'
                        timeout '1m'
                        resources cpus: 2
                        with command: 'true'
                    }
                }
                ['e1', 'e2'].each { id -> task(id, uses: 'shell') { input p: 'loop0'; with command: 'true' } }
                make('c1')
                chain(1)
                [k: 1].with { task('w1', uses: 'shell') { input p: 'loop0'; with command: 'true' } }
                """).orThrow();

        assertThat(w.tasks()).containsOnlyKeys("loop0", "loop1", "e1", "e2", "c1", "m1", "w1");
        // every command of a block, compiled as a plain call, with a primitive argument too
        var loop = w.tasks().get("loop1");
        assertThat(loop.type()).isEqualTo("shell");
        assertThat(loop.retry()).isEqualTo(2);
        assertThat(loop.onError()).isEqualTo(org.cortexflow.engine.model.OnError.FINISH);
        assertThat(loop.timeout()).contains(java.time.Duration.ofMinutes(1));
        assertThat(loop.resources().cpus()).isEqualTo(2);
        for (String id : List.of("e1", "e2", "c1", "m1", "w1")) {
            assertThat(w.tasks().get(id).inputs()).containsEntry("p", InputRef.of("loop0"));
        }
    }

    @Test
    void aCheckedExceptionInTheScriptIsReportedAtItsLine() {
        Loaded loaded = WorkflowFiles.load(dir, "w.groovy", """
                task('a', uses: 'shell') {
                    throw new java.io.IOException('disk full')
                }
                task('b', uses: 'shell') { with command: 'true' }
                throw new java.io.IOException('no network')
                """);

        assertThat(loaded.problems()).extracting(p -> p.location().line(), Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "IOException: disk full"),
                org.assertj.core.groups.Tuple.tuple(5, "IOException: no network"));
        assertThat(loaded.workflow().tasks()).containsOnlyKeys("b");
    }
}
