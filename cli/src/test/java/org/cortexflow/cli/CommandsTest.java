package org.cortexflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {

    @TempDir
    Path tmp;

    static Path repo() {
        return Path.of(System.getProperty("cortexflow.repo", "..")).toAbsolutePath().normalize();
    }

    static Path hello() {
        return repo().resolve("workflows/hello.yaml");
    }

    private String store() {
        return tmp.resolve("store").toString();
    }

    @Test
    void everySubcommandIsRegisteredUnderItsOwnNameAndListedByHelp() {
        Main.COMMANDS.forEach(name ->
                assertThat(new picocli.CommandLine(Main.command(name)).getCommandName()).isEqualTo(name));
        String usage = CliRunner.run().out();
        Main.COMMANDS.forEach(name -> assertThat(usage).contains("  " + name + " "));
        assertThat(CliRunner.run("help", "validate").out()).contains("Check a workflow without running anything");
        assertThat(CliRunner.run("--help").out()).contains("validate");
    }

    @Test
    void everySubcommandTakesHelp() {
        for (String name : Main.COMMANDS) {
            if (name.equals("help")) {
                continue;
            }
            CliRunner.Result r = CliRunner.run(name, "--help");
            assertThat(r.exit()).as(name + ": " + r.err()).isZero();
            assertThat(r.out()).as(name).contains("Usage: cortexflow " + name);
        }
        assertThat(CliRunner.run("tasks", "describe", "--help").out()).contains("Usage: cortexflow tasks describe");
    }

    @Test
    void helloRunsThenIsFullyCached() {
        CliRunner.Result first = CliRunner.run("run", hello().toString(), "--store", store());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("5 ran, 0 cached, 0 failed, 0 skipped")
                .as("the final tasks' artifacts are listed").contains(tmp.resolve("store").resolve("objects").toString());
        CliRunner.Result second = CliRunner.run("run", hello().toString(), "--store", store());
        assertThat(second.out()).contains("0 ran, 5 cached, 0 failed, 0 skipped");
    }

    @Test
    void aStoreThatCannotBeOpenedIsReportedAfterThePlansOwnProblems() throws Exception {
        // the store is opened while the workflow is planned: either failure must come out cleanly
        java.nio.file.Path notADirectory = java.nio.file.Files.writeString(tmp.resolve("file"), "x");
        CliRunner.Result r = CliRunner.run("run", hello().toString(), "--store", notADirectory.toString());
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.err()).startsWith("error: cannot use " + notADirectory + " as the cache store").doesNotContain("Exception");
        java.nio.file.Path bad = java.nio.file.Files.writeString(tmp.resolve("bad.yaml"), "tasks:\n  a: { uses: shel }\n");
        CliRunner.Result both = CliRunner.run("run", bad.toString(), "--store", notADirectory.toString());
        assertThat(both.exit()).isEqualTo(Main.INVALID);
        assertThat(both.err()).contains("unknown task type 'shel'").doesNotContain("cache store");
    }

    @Test
    void changingOneParameterRerunsOnlyWhatDependsOnIt() {
        CliRunner.run("run", hello().toString(), "--store", store());
        CliRunner.Result r = CliRunner.run("run", hello().toString(), "--store", store(), "--param", "who=EEG");
        assertThat(r.out()).contains("4 ran, 1 cached").contains("cached  motto");
    }

    @Test
    void identicalOutputStopsTheRerunEarly() {
        CliRunner.run("run", hello().toString(), "--store", store(), "-p", "who=eeg", "-p", "shout=true");
        CliRunner.run("run", hello().toString(), "--store", store(), "-p", "who=EEG", "-p", "shout=false");
        // greet is cached (EEG ran before? no: it ran just now), loud reruns with shout, and its bytes equal the first run's
        CliRunner.Result r = CliRunner.run("run", hello().toString(), "--store", store(), "-p", "who=EEG", "-p", "shout=true");
        assertThat(r.out()).contains("done    loud").contains("cached  combined").contains("cached  stats");
    }

    @Test
    void explainNamesTheChangedParameter() {
        CliRunner.run("run", hello().toString(), "--store", store());
        CliRunner.Result r = CliRunner.run("explain", hello().toString(), "greet", "--store", store(), "-p", "who=EEG");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("greet: will run").contains("parameter command echo 'hello world'")
                .contains("-> echo 'hello EEG'");
    }

    /** The planner's problems (types, parameters) and the front end's (inputs) in one list, by line. */
    @Test
    void validateListsProblemsInFileOrderWhicheverCheckFoundThem() throws Exception {
        Path bad = tmp.resolve("order.yaml");
        Files.writeString(bad, """
                name: order
                tasks:
                  a: { uses: shel, with: { command: "x" } }
                  b: { uses: text.stats, in: { text: nope } }
                  c: { uses: text.stats, in: { text: a }, with: { filez: [1] } }
                """);
        String err = CliRunner.run("validate", bad.toString()).err();
        assertThat(err.indexOf("order.yaml:3:")).isNotNegative().isLessThan(err.indexOf("order.yaml:4:"));
        assertThat(err.indexOf("order.yaml:4:")).isLessThan(err.indexOf("order.yaml:5:"));
    }

    @Test
    void validateReportsEveryProblemWithLocationAndExitsNonZero() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, """
                name: bad
                tasks:
                  a: { uses: shel, with: { command: "x" } }
                  b: { uses: text.stats, in: { text: a }, with: { filez: [1] } }
                  d: { uses: text.stats, in: { text: e } }
                  e: { uses: text.stats, in: { text: d } }
                """);
        CliRunner.Result r = CliRunner.run("validate", bad.toString());
        assertThat(r.exit()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("bad.yaml:3:").contains("unknown task type 'shel'").contains("did you mean shell?")
                .contains("bad.yaml:4:").contains("unknown parameter 'filez'").contains("did you mean files?")
                .contains("cycle: d -> e -> d").doesNotContain("Exception");
    }

    @Test
    void validOk() {
        CliRunner.Result r = CliRunner.run("validate", hello().toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("ok").contains("5 tasks");
    }

    @Test
    void everyShippedWorkflowValidatesWithItsSweep() throws Exception {
        try (var files = Files.list(repo().resolve("workflows"))) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.(yaml|groovy|json)")).sorted().toList()) {
                CliRunner.Result r = f.getFileName().toString().equals("predann-study.yaml")
                        // reads a study from disk: the validator checks that its paths exist
                        ? CliRunner.run("validate", f.toString(), "--sweep", "--param",
                                "study=" + Files.createDirectories(tmp.resolve("study/stimuli")).getParent())
                        : CliRunner.run("validate", f.toString(), "--sweep");
                assertThat(r.exit()).as(f + ": " + r.out() + r.err()).isZero();
            }
        }
        CliRunner.Result demo = CliRunner.run("validate", repo().resolve("workflows/demo.yaml").toString(), "--sweep");
        assertThat(demo.out()).contains("2 sweep variants");
    }

    @Test
    void malformedYamlIsAUserErrorWithoutStackTrace() throws Exception {
        Path bad = tmp.resolve("broken.yaml");
        Files.writeString(bad, "name: x\ntasks:\n  a: { uses: shell, with: { command: \"unterminated }\n");
        CliRunner.Result r = CliRunner.run("run", bad.toString(), "--store", store());
        assertThat(r.exit()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("broken.yaml:").doesNotContain("at org.");
    }

    @Test
    void failingShellTaskExitsNonZeroAndPrintsLogTailAndSandbox() throws Exception {
        Path wf = tmp.resolve("fail.yaml");
        Files.writeString(wf, """
                name: fail
                tasks:
                  boom: { uses: shell, with: { command: "echo working; echo oops >&2; exit 3", outputs: [x] } }
                  after: { uses: text.stats, in: { text: boom } }
                """);
        CliRunner.Result r = CliRunner.run("run", wf.toString(), "--store", store());
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.out()).contains("FAILED  boom: command exited with code 3").contains("| oops").contains("sandbox kept at")
                .contains("skipped after");
    }

    @Test
    void dagPrintsMermaidAndDot() {
        assertThat(CliRunner.run("dag", hello().toString()).out()).startsWith("flowchart TD").contains("-->");
        assertThat(CliRunner.run("dag", hello().toString(), "--format", "dot").out()).startsWith("digraph").contains("->");
    }

    @Test
    void tasksListsAndDescribesFromMetadata() {
        assertThat(CliRunner.run("tasks").out()).contains("shell").contains("text.stats");
        CliRunner.Result d = CliRunner.run("tasks", "describe", "text.write");
        assertThat(d.out()).contains("text").contains("required").contains("file").contains("default out.txt");
        assertThat(CliRunner.run("tasks", "describe", "text.wrte").err()).contains("did you mean text.write");
    }

    @Test
    void execWritesTheArtifactIntoOut() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("a.txt"), "one two\nthree\n");
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run("exec", "text.stats", "--input", "text=" + in, "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(out.resolve("metrics.json")).content().contains("\"words\" : 3").contains("\"lines\" : 2");
        CliRunner.Result again = CliRunner.run("exec", "text.stats", "--input", "text=" + in, "--out", out.toString());
        assertThat(again.exit()).isEqualTo(Main.INVALID);
        assertThat(again.err()).contains("not empty");
    }

    @Test
    void cacheLsGcVerifyAndRunsHistory() throws Exception {
        CliRunner.run("run", hello().toString(), "--store", store());
        assertThat(CliRunner.run("cache", "ls", "--store", store()).out()).contains("5 entries");
        assertThat(CliRunner.run("cache", "verify", "--store", store()).out()).contains("verified 5 entries: 0 corrupt");
        // corrupt one entry by hand: verify reports and quarantines it, and the next run recomputes it
        Path metrics;
        try (var s = Files.walk(Path.of(store(), "objects"))) {
            metrics = s.filter(p -> p.getFileName().toString().equals("metrics.json")).findFirst().orElseThrow();
        }
        Files.writeString(metrics, "tampered");
        CliRunner.Result v = CliRunner.run("cache", "verify", "--store", store());
        assertThat(v.exit()).isEqualTo(Main.FAILED);
        assertThat(v.out()).contains("CORRUPT").contains("text.stats");
        assertThat(CliRunner.run("run", hello().toString(), "--store", store()).out()).contains("1 ran, 4 cached");
        CliRunner.Result runs = CliRunner.run("runs", "ls", "--store", store(), "--json");
        assertThat(runs.out()).contains("\"workflow\" : \"hello\"").contains("\"status\" : \"succeeded\"");
        String id = runs.out().replaceAll("(?s).*?\"id\" : \"([^\"]+)\".*", "$1");
        assertThat(CliRunner.run("runs", "show", id, "--store", store()).out()).contains("stats").contains("ran");
        CliRunner.run("run", hello().toString(), "--store", store(), "-p", "who=EEG"); // 4 new entries, motto shared
        assertThat(CliRunner.run("cache", "gc", "--keep-runs", "1", "--store", store()).out()).contains("removed 4 entries")
                .contains("kept 5");
        assertThat(CliRunner.run("cache", "gc", "--max-size", "0", "--store", store()).out()).contains("kept 0");
    }

    @Test
    void runsGcForgetsOldRunsButNotTheCacheNorTheNewest() throws Exception {
        for (String who : List.of("a", "b", "c")) {
            assertThat(CliRunner.run("run", hello().toString(), "--store", store(), "-p", "who=" + who).exit()).isZero();
        }
        Path runs = Path.of(store(), "runs");
        List<Path> before;
        try (var dirs = Files.list(runs)) {
            before = dirs.sorted().toList();
        }
        assertThat(before).hasSize(3);
        String entries = CliRunner.run("cache", "ls", "--store", store()).out();
        // the newest run's record directory (ids sort by second only: look it up)
        String newest = CliRunner.run("runs", "ls", "--store", store(), "--json", "-n", "1").out()
                .replaceAll("(?s).*?\"record\" : \"([^\"]+)\".*", "$1");

        CliRunner.Result gc = CliRunner.run("runs", "gc", "--keep", "1", "--store", store());

        assertThat(gc.exit()).as(gc.err()).isZero();
        assertThat(gc.out()).contains("removed 2 runs (10 task records").contains("kept 1");
        String left = CliRunner.run("runs", "ls", "--store", store(), "--json").out();
        assertThat(left.split("\"id\"")).hasSize(2);
        assertThat(left).contains(newest);
        try (var dirs = Files.list(runs)) {
            assertThat(dirs.toList()).singleElement().asString().isEqualTo(newest);
        }
        assertThat(CliRunner.run("cache", "ls", "--store", store()).out()).isEqualTo(entries);
        // the newest run's tasks are still known: the same parameters are fully cached and explained
        assertThat(CliRunner.run("run", hello().toString(), "--store", store(), "-p", "who=c").out()).contains("0 ran, 5 cached");
        assertThat(CliRunner.run("runs", "gc", "--keep", "0", "--store", store()).exit()).isEqualTo(Main.INVALID);
    }

    @Test
    void storeThatCannotBeCreatedIsAClearError() throws Exception {
        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        CliRunner.Result r = CliRunner.run("run", hello().toString(), "--store", file.resolve("s").toString());
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("cannot use").contains("hint:").doesNotContain("at org.");
    }

    @Test
    void taskReferenceInDocsIsUpToDate() throws Exception {
        CliRunner.Result r = CliRunner.run("tasks", "--markdown");
        assertThat(Files.readString(repo().resolve("docs/tasks.md")).strip())
                .as("docs/tasks.md is stale: regenerate it with ./cortexflow tasks --markdown > docs/tasks.md")
                .isEqualTo(r.out().strip());
    }
}
