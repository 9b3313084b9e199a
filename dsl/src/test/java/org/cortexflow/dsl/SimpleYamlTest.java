package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.dsl.SourceNode.Scalar;
import org.cortexflow.dsl.SourceNode.Sequence;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML in the plain subset ({@link SimpleYaml}) reads as SnakeYAML and Jackson read it: the same
 * tree, every value typed and located the same, the same problems; and YAML outside it is left to
 * them.
 */
class SimpleYamlTest {

    @TempDir
    Path dir;

    /** What a reading gave: the tree, every node with its kind, value, text and location; and the problems. */
    private record Reading(String tree, List<String> problems) {
    }

    private static Reading full(String text) {
        Problems problems = new Problems();
        Optional<SourceNode> root = YamlTreeReader.readFull(text, "w.yaml", false, problems, null);
        return new Reading(root.map(WorkflowFiles::render).orElse("-"), lines(problems));
    }

    private static Optional<Reading> simple(String text) {
        Problems problems = new Problems();
        return YamlTreeReader.readSimple(text, "w.yaml", problems, null)
                .map(root -> new Reading(root.map(WorkflowFiles::render).orElse("-"), lines(problems)));
    }

    private static List<String> lines(Problems problems) {
        return problems.sorted().stream().map(Problem::format).toList();
    }

    /** Reads {@code text} both ways: when the plain reader takes it, it must give what the full parser gives. */
    private static boolean sameWhenSimple(String text) {
        Optional<Reading> simple = simple(text);
        simple.ifPresent(r -> assertThat(r).as("%s", text).isEqualTo(full(text)));
        return simple.isPresent();
    }

    @Test
    void everyWorkflowInTheRepositoryIsReadByThePlainReaderAsByTheFullParser() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Stream.concat(Files.walk(WorkflowFiles.repo().resolve("workflows")),
                Files.walk(WorkflowFiles.repo().resolve("bench/signal")))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Path file : files) {
            String text = Files.readString(file);
            // the recipes users copy are all in the subset: a folded command, flow maps over lines, comments
            assertThat(sameWhenSimple(text)).as("%s is read by the plain reader", file).isTrue();
        }
    }

    @Test
    void plainScalarsAreTypedAsTheFullParserTypesThem() {
        List<String> scalars = List.of("shell", "echo a > b", "3s", "200ms", "8G", "0.5s", "1e-3", "1e3", "1.5e3", "2.5e-3",
                "2026-11-22", "1_000", "0x1F", "0o17", "017", "1:30", ".5", "1.", "-1", "+1", "-0", "0", "42", "-7.25",
                "1.0", "123456789012345678", "1234567890123456789", "9999999999999999999", "99999999999999999999", "-.5", "0.1234567890123456",
                "1234567890123456.5", "--1", "1-2", "true", "True", "TRUE", "tRUE",
                "false", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~", ".inf", "-.inf", ".nan", "NaN", "<<", "=",
                "a b", "ab#c", "x,y", "a[1]", "-x", "?x", ":x", "a:b", "http://x/y", "${in.p}/out.txt", "é", "日本", "o'clock",
                "a #comment", "a  ", "@x", "`x", "%x", "!x", "&x", "*x", "|", ">", "- x", "-", "? x", ": x");
        int taken = 0;
        for (String s : scalars) {
            for (String form : List.of("k: %s\n", "k: { a: %s }\n", "k: [%s, 1]\n", "k:\n  - %s\n", "%s: 1\n", "k: { %s: 1 }\n")) {
                if (sameWhenSimple(form.replace("%s", s))) {
                    taken++;
                }
            }
        }
        assertThat(taken).isGreaterThan(200);
        // what the plain reader cannot type alone is left to the full parser
        assertThat(simple("k: null\n")).isPresent();
        assertThat(simple("k: 0x1F\n")).isEmpty();
        assertThat(simple("k: yes\n")).isEmpty();
    }

    @Test
    void blockScalarsAreReadAsTheFullParserReadsThem() {
        List<String> texts = List.of(
                "a: |\n  one\n  two\n",
                "a: |-\n  one\n  two\n",
                "a: |\n  one\n\n  two\n\n\nb: 1\n",
                "a: |\n    one\n      indented\n    two\n",
                "a: >\n  one\n  two\n\n  three\n",
                "a: >-\n  one\n    more\n  two\n  three\n",
                "a: >-\n  s=1;\n  { echo a;\n    echo b; } > x;\n  cat x\n",
                "a: | # a comment\n  one\n# less indented\nb: 2\n",
                "a: |\n  no final break",
                "a: |\n  one\n  \n  two\n",
                "l:\n  - |\n    in a list\n  - >-\n    folded\n    here\n",
                "a: |+\n  kept\n\n",
                "a: |2\n   explicit\n",
                "a: |\n\n  leading empty\n",
                "a: |\n  one\n   \n");
        int taken = 0;
        for (String text : texts) {
            if (sameWhenSimple(text)) {
                taken++;
            }
        }
        assertThat(taken).isGreaterThanOrEqualTo(11);
        assertThat(simple("a: |+\n  kept\n\n")).isEmpty();
    }

    /** Pieces of workflow files, in and out of the subset, well and badly formed ({@link WorkflowFiles#randomTasks}). */
    private static final List<String> PIECES = Stream.concat(TaskMapSplitTest.PIECES.stream(), Stream.of(
            "  t%d: { uses: shell, in: { p: t0 }, with: { command: \"cat ${in.p}/o > o\", outputs: [o] } }\n",
            "  t%d:\n    uses: shell\n    with: { n: 1, rate: 0.5,\n            on: true, tags: [a, \"b\"] }\n",
            "  t%d:\n    uses: shell # a comment\n    resources:\n      cpus: 2\n      gpu: optional\n",
            "  t%d:\n    uses: x\n    with:\n      list:\n        - 1\n        - two\n        - { k: v }\n        - k: v\n          k2: 'w'\n",
            "  t%d:\n    uses: x\n    with:\n      list:\n      - a\n      - b\n    retry: 2\n",
            "  t%d:\n    uses: x\n    with:\n      empty:\n      after: 1\n",
            "  t%d: again\n  t%d: twice\n",
            "  \"d%d\": { uses: \"sh\\tell\\u00e9\\n\" }\n",
            "  t%d: { uses: 'it''s' }\n",
            "  t%d: { a: 1, }\n",
            "  t%d: [a, [b, c], {d: e}]\n",
            "  t%d: {}\n  u%d: []\n",
            "  t%d:\n    - x\n  - y\n",
            "  t%d: x: y\n",
            "   t%d: misaligned\n",
            "  t%d: \"\\x41\"\n",
            "  t%d:\n    <<: { uses: shell }\n",
            "  t%d: !tag x\n")).toList();

    @Test
    void randomTextsAreReadByThePlainReaderAsByTheFullParserOrLeftToIt() {
        Random random = new Random(7);
        int taken = 0;
        int left = 0;
        for (int round = 0; round < 1_500; round++) {
            String header = random.nextBoolean() ? "---\nname: r\nparams: { n: 3 }\ntasks:\n" : "tasks:\n";
            String text = WorkflowFiles.randomTasks(random, header, PIECES, 1 + random.nextInt(4));
            if (random.nextInt(10) == 0) {
                text += "name: after\n";
            }
            if (sameWhenSimple(text)) {
                taken++;
            } else {
                left++;
            }
        }
        // both outcomes are exercised
        assertThat(taken).isGreaterThan(300);
        assertThat(left).isGreaterThan(300);
    }

    @Test
    void edgesOfTheSubsetAreReadAsTheFullParserReadsThem() {
        for (String text : List.of("a: 1", "a: [1, 2]", "a:\n  - x", "a: 'q'", "a: |\n  x", "a: b   # c\n", "\"a b\": 1\n",
                "a:\n- {x: 1}\n- [1, [2], {}]\n- []\n", "a: b :c\n", "a: -1\n", "a:\n  - 'k': v\n    \"l\": w\n  - x\n",
                "# c\n\n---\n# d\na:\n\n  b: 1 # e\n\n# f\n", "a: { b: \"x\" , c: [ 1 ,2 ] }\n", "a: [\n    1,\n\n    2]\n",
                "a: [ # c\n    1, # d\n    2 ]\n", "a: \"\\u00e9\\\\\\\"\"\n", "\u00e9: \u65e5\u672c\n",
                "a:", "a: b #", "a:\n  b:", "a: ''\n", "a: \"\"\n", "a: []", "a:\n  - x\nb: 1")) {
            assertThat(sameWhenSimple(text)).as("%s", text).isTrue();
        }
    }

    @Test
    void whatIsNotInTheSubsetIsLeftToTheFullParser() {
        for (String text : List.of("", "# only a comment\n", "- a\n", "  a: 1\n", "a: 1\n---\nb: 2\n", "a: &x 1\nb: *x\n",
                "a:\tb\n", "a: 1\r\nb: 2\r\n", "\ufeffa: 1\n", "a: \"\ud83d\ude00\"\n", "%YAML 1.1\n---\na: 1\n",
                "a: [1,\n2]\n", "? a\n: b\n", "a: b\n...\n")) {
            assertThat(simple(text)).as("%s", text).isEmpty();
        }
        // nested past any workflow's need: the full parser reports it, neither reader's stack overflows
        String deep = "a: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
        assertThat(simple(deep)).isEmpty();
        assertThat(full(deep).problems()).singleElement().asString().contains("w.yaml:1:", "nesting depth (1001)");
    }

    @Test
    void aLargeFlatWorkflowIsReadByThePlainReaderWithTheFullParsersResultAndProblems() {
        StringBuilder yaml = new StringBuilder("name: big\nparams: { n: 1 }\ntasks:\n");
        for (int i = 0; i < 2_000; i++) {
            String input = i == 0 ? "" : "in: { p: t" + (i - 1) + " }, ";
            yaml.append("  t").append(i).append(": { uses: shell, ").append(input)
                    .append("with: { command: \"echo ${n} ").append(i).append(" > o\", outputs: [o] } }\n");
        }
        yaml.append("  t5: { uses: shell }\n");
        yaml.append("  late: { uses: shell, in: { p: nowhere } }\n");
        assertThat(sameWhenSimple(yaml.toString())).isTrue();

        Loaded loaded = WorkflowFiles.load(dir, "big.yaml", yaml.toString());

        assertThat(WorkflowFiles.lines(loaded.problems())).containsExactly(
                dir.resolve("big.yaml") + ":2004:3: duplicate key 't5' (first at line 9)",
                dir.resolve("big.yaml") + ":2005:33: task 'late': input 'p' refers to no task named 'nowhere'");
    }

    @Test
    void aWorkflowLoadsTheSameThroughEitherReader() {
        String text = readString(WorkflowFiles.repo().resolve("workflows/hello.yaml"));
        // an anchor, which the plain reader leaves to the full parser, changing nothing else
        String anchored = text.replaceFirst("\nname: hello\n", "\nname: &n hello\n");
        assertThat(anchored).isNotEqualTo(text);
        assertThat(simple(text)).isPresent();
        assertThat(simple(anchored)).isEmpty();

        Workflow plain = WorkflowFiles.load(dir, "plain.yaml", text).orThrow();
        Workflow viaFull = WorkflowFiles.load(dir, "anchored.yaml", anchored).orThrow();

        assertThat(WorkflowFiles.model(viaFull)).isEqualTo(WorkflowFiles.model(plain));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
