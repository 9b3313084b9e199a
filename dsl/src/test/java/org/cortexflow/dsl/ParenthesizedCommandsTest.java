package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** That {@link ParenthesizedCommands} rewrites plain named-argument commands, and that a rewritten script compiles to the same classes. */
class ParenthesizedCommandsTest {

    /** Statements, as a researcher might write them, in and out of what is rewritten, well and badly formed. */
    private static final List<String> STATEMENTS = List.of(
            "input p: 'a'",
            "input p: up, q: \"x${i}\"",
            "with command: 'echo ' + i, outputs: ['o']",
            "with command: 'x',\n     outputs: ['o']",
            "with command: 'x',\n\n  // why\n     outputs: ['o'],\n  retries: 2",
            "with a: x ? 1 : 2",
            "with a: x ?: 2, b: x?.y",
            "with a: [k: 1, j: [1, 2]], b: [:]",
            "with a: { y -> y + 1 }",
            "with a: {\n    input q: 1\n    with r: 2\n}",
            "with a: foo\n    .toString()",
            "with a: 1 +\n  2",
            "with a: 1\n  ?: 2",
            "with a: x\n  in [1]",
            "with a: 1 /* note */, b: 2",
            "with a: 1 // note",
            "with a: 1; input p: 'a'",
            "with a: \"${ input q: 1 }\"",
            "with a: -1, b: x++, c: !x, d: new Object(), e: (1..3), f: 1L, g: 1.5",
            "with a: ['x', 'y'].collect { it * 2 }.join(',')",
            "with a: 'x'\n    , b: 2",
            "with a: 1 b 2",
            "with a: 1, { -> 2 }",
            "with a: 1 { 2 }",
            "with a: 1 with b: 2",
            "input p:",
            "with a: (1",
            "with a: 1]",
            "with\ta: 1",
            "with  a: 1,  b: 2",
            "resources cpus: 1, memory: '2G'",
            "retry 2",
            "uses 'shell'",
            "foo.with a: 1",
            "if (x) input p: 'a'",
            "if (x) { input p: 'a' } else { input p: 'b' }",
            "for (int j = 0; j < 2; j++) { input \"p${j}\": 'a' }",
            "Map m = [a: 1]",
            "println a: 1",
            "x = 1",
            "def y = x\n    .toString()",
            "label: input p: 'a'",
            "input p: 'a'\ninput q: 'b'",
            "input P: 'a', 'q': 1",
            "input p: 'a'\n(1)",
            "input p: 'a'\n[1].each { }",
            "input p: 'a'\n-1",
            "input p: 'a'\n'x'",
            "input p: 'a'\n.toString()",
            "input p: '''multi\nline'''",
            "input p: \"\"\"multi ${x}\nline\"\"\"",
            "input p: /slash${x}y/",
            "input p: 'a' as String",
            "input p: 'a'\n  as String",
            "assert x, 'why'",
            "return");

    private static final List<String> BLOCKS = List.of(
            "task('t%d', uses: 'shell') {\n%s\n}",
            "task('t%d', uses: 'shell') { %s }",
            "[1, 2].each { k%d ->\n%s\n}",
            "def c%d = {\n%s\n}",
            "// %d\n%s");

    private static Map<String, byte[]> classes(GroovyWorkflowSource source) {
        return source.classes();
    }

    private static boolean sameClasses(Map<String, byte[]> a, Map<String, byte[]> b) {
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(name -> Arrays.equals(a.get(name), b.get(name)));
    }

    /** Compiles the text and its rewriting; the rewriting must compile to the same classes, or not compile when the text does not. */
    private static String checkSame(String text) {
        String rewritten = ParenthesizedCommands.apply(text);
        if (rewritten == text) {
            return "unchanged";
        }
        assertThat(rewritten.lines().count()).as(text).isEqualTo(text.lines().count());
        Optional<GroovyWorkflowSource> original = GroovyWorkflowSource.compileText(text, "w.groovy", "w.groovy", new Problems());
        Optional<GroovyWorkflowSource> fast = GroovyWorkflowSource.compileText(rewritten, "w.groovy", "w.groovy", new Problems());
        if (original.isEmpty()) {
            assertThat(fast).as("compiles only rewritten:\n%s\n---\n%s", text, rewritten).isEmpty();
            return "rewritten, neither compiles";
        }
        if (fast.isEmpty()) {
            return "rewritten, only the original compiles";
        }
        assertThat(sameClasses(classes(original.get()), classes(fast.get())))
                .as("different classes:\n%s\n---\n%s", text, rewritten).isTrue();
        return "rewritten, same classes";
    }

    @Test
    void namedArgumentCommandsAreWrittenAsCallsInPlace() {
        String text = """
                params who: 'world'
                task('a', uses: 'shell') {
                    input p: 'x', q: "y${i}"
                    with command: 'echo',
                         outputs: ['o']
                }
                task('b', uses: 'shell') { input p: 'a'; with command: 'true' }
                """;

        assertThat(ParenthesizedCommands.apply(text)).isEqualTo("""
                params(who: 'world')
                task('a', uses: 'shell') {
                    input(p: 'x', q: "y${i}")
                    with(command: 'echo',
                         outputs: ['o'])
                }
                task('b', uses: 'shell') { input(p: 'a'); with(command: 'true') }
                """);
    }

    @Test
    void whatMightGoOnOnTheNextLineOrIsNotPlainlyACommandStaysAsWritten() {
        for (String text : List.of("with a: foo\n    .toString()\n", "with a: 1 +\n  2\n", "with a: 1\n  ?: 2\n",
                "with a: x\n  in [1]\n", "input p: 'a'\n(1)\n", "input p: 'a'\n-1\n", "input p:\n", "foo.with a: 1\n",
                "x = \"${ input q: 1 }\"\n", "with /* a */ a: 1\n")) {
            assertThat(ParenthesizedCommands.apply(text)).as(text).isSameAs(text);
        }
    }

    @Test
    void everyGroovyWorkflowInTheRepositoryCompilesToTheSameClasses() throws IOException {
        Path workflows = WorkflowFiles.repo().resolve("workflows");
        List<Path> scripts;
        try (Stream<Path> files = Files.list(workflows)) {
            scripts = files.filter(p -> p.toString().endsWith(".groovy")).toList();
        }
        assertThat(scripts).isNotEmpty();
        for (Path script : scripts) {
            assertThat(checkSame(Files.readString(script))).as(script.toString()).isEqualTo("rewritten, same classes");
        }
    }

    @Test
    void randomScriptsCompileToTheSameClassesOrNotAtAll() {
        Random random = new Random(11);
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (int n = 0; n < 250; n++) {
            StringBuilder text = new StringBuilder("def x = 1, up = 'u', foo = 'f'\nint i = 2\n");
            for (int s = 0, count = 1 + random.nextInt(4); s < count; s++) {
                String statement = STATEMENTS.get(random.nextInt(STATEMENTS.size()));
                String block = BLOCKS.get(random.nextInt(BLOCKS.size()));
                text.append(String.format(block, s, statement.indent(4).stripTrailing())).append('\n');
            }
            outcomes.merge(checkSame(text.toString()), 1, Integer::sum);
        }
        // the rewriting is exercised on scripts that compile and on scripts that do not
        assertThat(outcomes.getOrDefault("rewritten, same classes", 0)).isGreaterThan(100);
        assertThat(outcomes.getOrDefault("rewritten, neither compiles", 0)).as(outcomes.toString()).isGreaterThan(10);
        // and never makes a script that compiles fail (which would cost a second compile)
        assertThat(outcomes).doesNotContainKey("rewritten, only the original compiles");
    }

    @Test
    void textTheLexerCannotReadIsLeftToTheParserQuietly() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(printed));
        try {
            for (String text : List.of("input p: 'open", "input p: \"${", "input p: 1 \u0000 \u0007", "input p: '''",
                    "input p: 1 #", "input p: 1 \\", "input p: `x`")) {
                assertThat(ParenthesizedCommands.apply(text)).as(text).isEqualTo(text);
            }
        } finally {
            System.setErr(err);
        }
        assertThat(printed.toString()).isEmpty();
    }

    @Test
    void aScriptThatDoesNotCompileIsReportedAsWritten() {
        String text = "task('a', uses: 'shell') {\n    input p: 'a'; with a: 1 }, b: 2\n}\n";
        Problems viaRewrite = new Problems();
        Problems direct = new Problems();

        assertThat(GroovyWorkflowSource.compile(text, "w.groovy", "w.groovy", viaRewrite)).isEmpty();
        assertThat(GroovyWorkflowSource.compileText(text, "w.groovy", "w.groovy", direct)).isEmpty();
        assertThat(viaRewrite.sorted()).isNotEmpty().isEqualTo(direct.sorted());
    }
}
