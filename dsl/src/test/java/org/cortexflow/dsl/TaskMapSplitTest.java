package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.dsl.SourceNode.Scalar;
import org.cortexflow.dsl.SourceNode.Sequence;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A YAML tasks map read in two parts at once ({@link TaskMapSplit}, {@link YamlTreeReader#readCut})
 * gives what reading it whole gives, locations and problems included, at every cut; where the text
 * alone cannot show that a cut is wrong, the reading says so and the file is read whole.
 */
class TaskMapSplitTest {

    @TempDir
    Path dir;

    private static final String BLOCK_TASKS = """
            # a header comment
            name: mixed
            params:
              n: 3
            tasks:
              read:
                uses: shell
                with:
                  command: |
                    echo a > out.txt
                    echo b >> out.txt
                  outputs: [out.txt]
              # a comment at the tasks' indent
              'quoted id': { uses: shell, in: { p: read }, with: { command: "cat ${in.p}/out.txt", outputs: [x] } }
              plain:
                uses: shell
                with:
                  command: a plain scalar
                    that goes on
                  list:
                    - 1
                    - two
                    - { k: v }

              "double": &shared { uses: shell, with: { command: true } }
              again: *shared
              last:
                uses: shell
                resources: { cpus: 2 }
            """;

    /** What a reading gave, everything located: the tree, the tasks in the order handed over, and the problems. */
    private record Reading(String tree, List<String> tasks, List<String> problems) {
    }

    private static Reading whole(String text) {
        Problems problems = new Problems();
        List<String> tasks = new ArrayList<>();
        Optional<SourceNode> root = YamlTreeReader.read(text, "w.yaml", false, problems, sink(tasks));
        return new Reading(root.map(WorkflowFiles::render).orElse("-"), tasks, lines(problems));
    }

    private static Optional<Reading> cut(String text, TaskMapSplit at) {
        Problems problems = new Problems();
        List<String> tasks = new ArrayList<>();
        return YamlTreeReader.readCut(text, at, "w.yaml", problems, sink(tasks))
                .map(root -> new Reading(root.map(WorkflowFiles::render).orElse("-"), tasks, lines(problems)));
    }

    private static List<String> lines(Problems problems) {
        return problems.sorted().stream().map(Problem::format).toList();
    }

    private static YamlTreeReader.TaskSink sink(List<String> into) {
        return new YamlTreeReader.TaskSink() {
            @Override
            public void begin(List<Entry> before) {
                into.add("begin " + before.size());
            }

            @Override
            public void accept(Entry task) {
                into.add(task.key() + "@" + task.keyLocation() + "=" + WorkflowFiles.render(task.value()));
            }

            @Override
            public void end() {
                into.add("end");
            }
        };
    }

    /** Every distinct cut of the text, from its first line to its last. */
    private static List<TaskMapSplit> everyCut(String text) {
        List<TaskMapSplit> cuts = new ArrayList<>();
        for (int from = 0; from < text.length(); from++) {
            Optional<TaskMapSplit> at = TaskMapSplit.at(text, from);
            if (at.isPresent() && (cuts.isEmpty() || !cuts.get(cuts.size() - 1).equals(at.get()))) {
                cuts.add(at.get());
            }
        }
        return cuts;
    }

    @Test
    void cutsAreMadeOnlyAtTheLinesThatStartATask() {
        List<Integer> lines = everyCut(BLOCK_TASKS).stream().map(c -> c.linesBefore() + 1).toList();

        assertThat(lines).containsExactly(14, 15, 25, 26, 27);
        for (TaskMapSplit c : everyCut(BLOCK_TASKS)) {
            assertThat(c.offset() == 0 || BLOCK_TASKS.charAt(c.offset() - 1) == '\n').isTrue();
        }
    }

    @Test
    void readingInTwoPartsGivesWhatAWholeReadGivesAtEveryCut() {
        Reading whole = whole(BLOCK_TASKS);
        assertThat(whole.problems()).isEmpty();
        assertThat(whole.tasks()).hasSize(8);

        // at line 26 'again' is an alias of an anchor before the cut: the part after it cannot be
        // parsed alone, and the first part's parser reads on over it
        for (TaskMapSplit at : everyCut(BLOCK_TASKS)) {
            assertThat(cut(BLOCK_TASKS, at)).as("cut at line %d", at.linesBefore() + 1).contains(whole);
        }
    }

    @Test
    void aKeyGivenOnBothSidesOfTheCutIsReportedAsAWholeReadReportsIt() {
        String text = """
                tasks:
                  a: { uses: shell, with: { command: 'true' } }
                  b: { uses: shell, with: { command: 'true' } }
                  a: { uses: shell, with: { command: 'false' } }
                """;
        Reading whole = whole(text);
        assertThat(whole.problems()).singleElement().asString().contains("w.yaml:4", "duplicate key 'a' (first at line 2)");

        for (TaskMapSplit at : everyCut(text)) {
            assertThat(cut(text, at)).contains(whole);
        }
    }

    @Test
    void aFlowMapOrQuotedStringOpenAtTheCutIsReadAsAWholeReadReadsIt() {
        String flow = """
                tasks:
                  a: { uses: shell,
                  with: { command: 'true' } }
                  b: { uses: shell, with: { command: 'true' } }
                """;
        String quoted = """
                tasks:
                  a: { uses: shell, with: { command: "first line
                  b: x" } }
                  c: { uses: shell, with: { command: 'true' } }
                """;
        for (String text : List.of(flow, quoted)) {
            List<TaskMapSplit> cuts = everyCut(text);
            assertThat(cuts).extracting(TaskMapSplit::linesBefore).containsExactly(2, 3);
            assertThat(cut(text, cuts.get(1))).contains(whole(text));
        }
        // the flow map's rest cannot be parsed alone: the first part's parser reads on over it
        assertThat(cut(flow, everyCut(flow).get(0))).contains(whole(flow));
        // the quoted string's rest can, but then the first part ends inside it: read it whole
        assertThat(cut(quoted, everyCut(quoted).get(0))).isEmpty();
        assertThat(whole(quoted).tasks()).hasSize(4);
    }

    @Test
    void aSyntaxErrorOnEitherSideIsReportedAsAWholeReadReportsIt() {
        String task = "  %s: { uses: shell, with: { command: 'true' } }\n";
        for (String broken : List.of("  b: { uses: shell, with: [ }\n", "  b: { uses: shell\n")) {
            for (int at = 0; at < 4; at++) {
                StringBuilder text = new StringBuilder("tasks:\n");
                for (int i = 0; i < 4; i++) {
                    text.append(i == at ? broken : String.format(task, "t" + i));
                }
                Reading whole = whole(text.toString());
                assertThat(whole.problems()).singleElement().asString().contains("invalid YAML");
                for (TaskMapSplit cut : everyCut(text.toString())) {
                    // the same, or nothing: an unclosed flow map before the cut ends the first part
                    // in an error a whole read does not report there, and the text is read whole
                    Optional<Reading> split = cut(text.toString(), cut);
                    split.ifPresent(r -> assertThat(r).isEqualTo(whole));
                    assertThat(split.isPresent() || broken.endsWith("shell\n") && at < cut.linesBefore()).isTrue();
                }
            }
        }
    }

    /** Pieces of a tasks map, well and badly formed; %d is a number unique in the text, %p an earlier one. */
    static final List<String> PIECES = List.of(
            "  t%d: { uses: shell, with: { command: 'x' } }\n",
            "  t%d:\n    uses: shell\n    with:\n      command: |\n        line one\n        t9: not a key\n",
            "  t%d: &a%d { uses: shell }\n",
            "  t%d: *a%p\n",
            "  t%d: { uses: shell,\n  with: {} }\n",
            "  t%d: \"first\n  t9: second\"\n",
            "  t%d: plain\n    continued\n",
            "  # a comment\n",
            "\n",
            "  t%d: [ }\n",
            "  t%p: again\n",
            "  'q%d': { uses: shell }\n");

    @Test
    void randomTextsAreReadInTwoPartsAsAWholeReadReadsThem() {
        java.util.Random random = new java.util.Random(42);
        int held = 0;
        int refused = 0;
        for (int round = 0; round < 300; round++) {
            String header = random.nextBoolean() ? "name: r\ntasks:\n" : "tasks:\n";
            String text = WorkflowFiles.randomTasks(random, header, PIECES, 2 + random.nextInt(7));
            Reading whole = whole(text);
            for (TaskMapSplit at : everyCut(text)) {
                Optional<Reading> split = cut(text, at);
                if (split.isPresent()) {
                    assertThat(split.get()).as("%s cut at line %d", text, at.linesBefore() + 1).isEqualTo(whole);
                    held++;
                } else {
                    refused++;
                }
            }
        }
        // both outcomes are exercised: most cuts hold, some are refused and read whole
        assertThat(held).isGreaterThan(10 * refused);
        assertThat(refused).isPositive();
    }

    @Test
    void textsACutCouldChangeAreNotCut() {
        String task = "  a: { uses: shell }\n  b: { uses: shell }\n";
        assertThat(TaskMapSplit.at("tasks:\n" + task + "name: after\n", 0)).isEmpty();
        assertThat(TaskMapSplit.at("tasks:\n" + task + "---\nname: second\n", 0)).isEmpty();
        assertThat(TaskMapSplit.at("tasks:\n" + task + "  <<: *more\n", 0)).isEmpty();
        assertThat(TaskMapSplit.at("tasks:\n" + task + "  ? complex\n", 0)).isEmpty();
        assertThat(TaskMapSplit.at("tasks:\n" + task + "  &x c: { uses: shell }\n", 0)).isEmpty();
        assertThat(TaskMapSplit.at("tasks:\r" + task, 0)).isEmpty();
        assertThat(TaskMapSplit.at("tasks:\n" + task + "  c: \u2028\n", 0)).isEmpty();
        assertThat(TaskMapSplit.at("tasks: { a: 1 }\n" + task, 0)).isEmpty();
        assertThat(TaskMapSplit.at("tasks:#x\n" + task, 0)).isEmpty();
        // a comment at column 0 does not end the map; windows line ends are lines too
        assertThat(TaskMapSplit.at("tasks: # the tasks\n" + task + "# done\n", 1)).contains(new TaskMapSplit(40, 2));
        assertThat(TaskMapSplit.at("tasks:\r\n  a: 1\r\n  b: 2\r\n", 1)).contains(new TaskMapSplit(16, 2));
        // small texts are read whole
        assertThat(TaskMapSplit.find("tasks:\n" + task)).isEmpty();
    }

    @Test
    void aLargeYamlFileLoadsAsItsJsonTwin() {
        // the anchor keeps the file from the plain reader (SimpleYaml), which would read it whole
        StringBuilder yaml = new StringBuilder("name: big\nparams: { n: &n 1 }\ntasks:\n");
        StringBuilder json = new StringBuilder("{\"name\": \"big\", \"params\": {\"n\": 1}, \"tasks\": {");
        int count = 0;
        while (yaml.length() <= TaskMapSplit.MIN_CHARS) {
            String input = count == 0 ? "" : "in: { p: t" + (count - 1) + " }, ";
            yaml.append("  t").append(count).append(": { uses: shell, ").append(input)
                    .append("with: { command: \"echo ${n} ").append(count).append(" > o\", outputs: [o] } }\n");
            json.append(count == 0 ? "" : ", ").append("\"t").append(count).append("\": {\"uses\": \"shell\", ")
                    .append(count == 0 ? "" : "\"in\": {\"p\": \"t" + (count - 1) + "\"}, ")
                    .append("\"with\": {\"command\": \"echo ${n} ").append(count).append(" > o\", \"outputs\": [\"o\"]}}");
            count++;
        }
        json.append("}}");
        assertThat(TaskMapSplit.find(yaml.toString())).isPresent();
        assertThat(YamlTreeReader.readSimple(yaml.toString(), "big.yaml", new Problems(), null)).isEmpty();

        Loaded fromYaml = WorkflowFiles.load(dir, "big.yaml", yaml.toString());
        Loaded fromJson = WorkflowFiles.load(dir, "big.json", json.toString());

        assertThat(fromYaml.problems()).isEmpty();
        Workflow w = fromYaml.orThrow();
        assertThat(w.tasks()).hasSize(count);
        assertThat(WorkflowFiles.model(w)).isEqualTo(WorkflowFiles.model(fromJson.orThrow()));
        // locations after the cut are the file's own lines
        assertThat(w.tasks().get("t" + (count - 1)).at("task").line()).isEqualTo(count + 3);
    }

    @Test
    void aLargeYamlFileWithAMistakeAfterTheCutReportsItAtItsLine() {
        StringBuilder yaml = new StringBuilder("name: &n big\ntasks:\n"); // not for the plain reader: an anchor
        int count = 0;
        while (yaml.length() <= TaskMapSplit.MIN_CHARS) {
            yaml.append("  t").append(count++).append(": { uses: shell, with: { command: 'true' } }\n");
        }
        yaml.append("  t1: { uses: shell, with: { command: 'again' } }\n");
        yaml.append("  late: { uses: shell, in: { p: nowhere } }\n");

        Loaded loaded = WorkflowFiles.load(dir, "big.yaml", yaml.toString());

        assertThat(WorkflowFiles.lines(loaded.problems())).containsExactly(
                dir.resolve("big.yaml") + ":" + (count + 3) + ":3: duplicate key 't1' (first at line 4)",
                dir.resolve("big.yaml") + ":" + (count + 4) + ":33: task 'late': input 'p' refers to no task named 'nowhere'");
    }
}
