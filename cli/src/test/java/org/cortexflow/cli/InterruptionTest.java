package org.cortexflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real {@code cortexflow run} process killed mid-run, then resumed. */
class InterruptionTest {

    @TempDir
    Path tmp;

    private Path workflow() throws Exception {
        StringBuilder sb = new StringBuilder("name: slow\ntasks:\n");
        for (int i = 0; i < 8; i++) {
            sb.append("  s").append(i).append(": { uses: shell, with: { command: \"sleep 0.3; echo ").append(i)
                    .append(" > o.txt\", outputs: [o.txt] } }\n");
        }
        sb.append("  gather: { uses: shell, in: { ");
        for (int i = 0; i < 8; i++) {
            sb.append(i == 0 ? "" : ", ").append("i").append(i).append(": s").append(i);
        }
        sb.append(" }, with: { command: \"cat ");
        for (int i = 0; i < 8; i++) {
            sb.append("${in.i").append(i).append("}/o.txt ");
        }
        sb.append("> all.txt\", outputs: [all.txt] } }\n");
        Path wf = tmp.resolve("slow.yaml");
        Files.writeString(wf, sb.toString());
        return wf;
    }

    private Process start(Path wf, Path store) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.cortexflow.cli.Main", "run",
                wf.toString(), "--store", store.toString(), "--cpus", "2")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child-" + store.getFileName() + ".log").toFile()).start();
    }

    private static long entries(Path store) throws Exception {
        Path objects = store.resolve("objects");
        if (!Files.isDirectory(objects)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(objects, 2)) {
            return s.filter(p -> p.getNameCount() - objects.getNameCount() == 2).count();
        }
    }

    private static void waitForEntries(Path store, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (entries(store) < n) {
            assertThat(System.currentTimeMillis()).as("waiting for %d entries", n).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void killNineMidRunThenResumeGivesTheSameOutputsAsAnUninterruptedRun() throws Exception {
        Path wf = workflow();
        Path killed = tmp.resolve("killed");
        Process p = start(wf, killed);
        waitForEntries(killed, 2);
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long done = entries(killed);
        assertThat(done).isBetween(2L, 8L);

        CliRunner.Result resumed = CliRunner.run("run", wf.toString(), "--store", killed.toString(), "--cpus", "2");
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("0 failed, 0 skipped").containsPattern("[1-9] cached");
        assertThat(CliRunner.run("cache", "verify", "--store", killed.toString()).out()).contains(": 0 corrupt");

        Path clean = tmp.resolve("clean");
        assertThat(CliRunner.run("run", wf.toString(), "--store", clean.toString(), "--cpus", "2").exit()).isZero();
        assertThat(RunOutputs.ofLastRun(killed)).isEqualTo(RunOutputs.ofLastRun(clean));
    }

    @Test
    void terminationSignalCancelsCleanlyAndTheNextRunResumes() throws Exception {
        Path wf = workflow();
        Path store = tmp.resolve("term");
        Process p = start(wf, store);
        waitForEntries(store, 1);
        p.destroy(); // SIGTERM, like Ctrl-C: the shutdown hook stops tasks and records the run
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        List<String> log = Files.readAllLines(tmp.resolve("child-term.log"));
        assertThat(String.join("\n", log)).doesNotContain("Exception");
        CliRunner.Result runs = CliRunner.run("runs", "ls", "--store", store.toString(), "--json");
        assertThat(runs.out()).contains("\"status\" : \"cancelled\"");
        CliRunner.Result resumed = CliRunner.run("run", wf.toString(), "--store", store.toString());
        assertThat(resumed.exit()).isZero();
        assertThat(resumed.out()).containsPattern("[1-9] cached");
    }
}
