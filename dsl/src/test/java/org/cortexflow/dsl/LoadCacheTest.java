package org.cortexflow.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.model.Workflow;
import org.cortexflow.engine.plan.Planner;
import org.cortexflow.engine.run.GpuInventory;
import org.cortexflow.engine.run.LocalExecutor;
import org.cortexflow.engine.run.ResourcePool;
import org.cortexflow.engine.run.RunHistory;
import org.cortexflow.engine.run.RunListener;
import org.cortexflow.engine.run.WorkflowRun;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskRegistry;
import org.cortexflow.engine.spi.TaskType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCacheTest {

    @TempDir
    Path tmp;

    private static final String SWEPT = """
            name: swept
            params: { lr: 0.1, seed: 0, wait: 3s, size: 8G, tags: [a, b], opts: { k: 1 } }
            sweep: { matrix: { seed: [0, 1] } }
            schedule: { cron: "0 0 3 * * ?" }
            tasks:
              a: { uses: text.write, with: { text: "x ${seed}", file: out.txt } }
              b:
                uses: shell
                in: { x: a, y: "a" }
                with: { command: "cat ${in.x}/out.txt # ${lr} ${tags} ${wait}", outputs: [out.txt], extra: { n: -3, f: 2.5e-3, t: true } }
                resources: { cpus: 2, memory: 1G, gpu: optional }
                retry: 2
                on_error: ignore
                timeout: 90s
              c: { uses: shell, in: { all: "b[*]" }, with: { command: "ls ${in.all}", outputs: [] } }
            """;

    private List<Path> workflows() throws IOException {
        try (Stream<Path> files = Files.list(WorkflowFiles.repo().resolve("workflows"))) {
            return Stream.concat(files.filter(p -> p.toString().endsWith(".yaml")).sorted(),
                    Stream.of(WorkflowFiles.write(tmp, "swept.yaml", SWEPT))).toList();
        }
    }

    @Test
    void everyWorkflowSurvivesTheCodecExactly() throws IOException {
        for (Path file : workflows()) {
            for (boolean sweep : new boolean[] {false, true}) {
                Workflow w = WorkflowLoader.load(file, Map.of(), sweep).orThrow();
                assertThat(WorkflowCodec.decode(WorkflowCodec.encode(w))).as(file + " sweep " + sweep).isEqualTo(w);
            }
        }
    }

    @Test
    void damagedBytesAreRefusedWithOneKindOfError() throws IOException {
        Workflow w = WorkflowLoader.load(workflows().get(workflows().size() - 1), Map.of(), true).orThrow();
        byte[] good = WorkflowCodec.encode(w);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> WorkflowCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] flipped = good.clone();
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
            try {
                WorkflowCodec.decode(flipped); // a flip inside a string or a number can still decode
            } catch (IllegalArgumentException expected) {
                // refused, as it should be
            }
        }
    }

    @Test
    void aSecondLoadComesFromTheCacheAndAChangedFileDoesNot() throws IOException {
        Path file = WorkflowFiles.write(tmp, "w.yaml", SWEPT);
        LoadCache cache = new LoadCache(tmp.resolve("cache"), "test-code");
        Workflow first = cache.load(file, Map.of(), true).orThrow();
        assertThat(entries()).hasSize(1);
        // a miss writes a new file and renames it over the entry: a hit leaves the same file in place
        Path entry = entries().get(0);
        Object written = fileKey(entry);
        assertThat(cache.load(file, Map.of(), true).orThrow()).isEqualTo(first);
        assertThat(fileKey(entry)).isEqualTo(written);

        Files.writeString(file, SWEPT.replace("lr: 0.1", "lr: 0.2"));
        Workflow changed = cache.load(file, Map.of(), true).orThrow();
        assertThat(changed.params().get("lr").display()).isEqualTo("0.2");
        assertThat(entries()).hasSize(2);

        Files.writeString(file, SWEPT);
        assertThat(cache.load(file, Map.of("lr", "0.3"), true).orThrow().params().get("lr").display()).isEqualTo("0.3");
        assertThat(cache.load(file, Map.of(), false).orThrow().tasks()).hasSize(3);
        assertThat(new LoadCache(tmp.resolve("cache"), "other-code").load(file, Map.of(), true).orThrow()).isEqualTo(first);
        assertThat(entries()).hasSize(5);
        assertThat(fileKey(entry)).isEqualTo(written);
    }

    @Test
    void aLoadedWorkflowsIdentityFollowsEverythingItIsMadeOf() throws IOException {
        Path file = WorkflowFiles.write(tmp, "w.yaml", SWEPT);
        LoadCache cache = new LoadCache(tmp.resolve("cache"), "test-code");
        String fresh = cache.load(file, Map.of(), true).identity().orElseThrow();
        assertThat(cache.load(file, Map.of(), true).identity()).as("from the cache").hasValue(fresh);
        assertThat(cache.load(file, Map.of("lr", "0.3"), true).identity()).isNotEqualTo(java.util.Optional.of(fresh));
        assertThat(cache.load(file, Map.of(), false).identity()).isNotEqualTo(java.util.Optional.of(fresh));
        assertThat(new LoadCache(tmp.resolve("cache"), "other-code").load(file, Map.of(), true).identity())
                .isNotEqualTo(java.util.Optional.of(fresh));
        Files.writeString(file, SWEPT.replace("lr: 0.1", "lr: 0.2"));
        assertThat(cache.load(file, Map.of(), true).identity()).isNotEqualTo(java.util.Optional.of(fresh));
        assertThat(WorkflowLoader.load(file, Map.of(), true).identity()).as("not through the cache").isEmpty();

        // a script's identity is what it made this time
        Path script = WorkflowFiles.write(tmp, "w.groovy", """
                task('t', uses: 'shell') { with command: "echo ${System.getProperty('cortexflow.test.id')}", outputs: [] }
                """);
        try {
            System.setProperty("cortexflow.test.id", "one");
            String one = cache.load(script, Map.of(), false).identity().orElseThrow();
            assertThat(cache.load(script, Map.of(), false).identity()).hasValue(one);
            System.setProperty("cortexflow.test.id", "two");
            assertThat(cache.load(script, Map.of(), false).identity()).isNotEqualTo(java.util.Optional.of(one));
        } finally {
            System.clearProperty("cortexflow.test.id");
        }
        Path bad = WorkflowFiles.write(tmp, "bad.yaml", "tasks:\n  a: { uses: shell, with: { command: '${nope}' } }\n");
        assertThat(cache.load(bad, Map.of(), false).identity()).as("a file with problems").isEmpty();
    }

    /** Writes its text parameter to out.txt; the only task type the next test needs. */
    private static final class Emit implements TaskType {
        public String name() { return "test.emit"; }
        public String version() { return "1"; }
        public String summary() { return "write text"; }
        public List<PortSpec> inputs() { return List.of(); }
        public List<PortSpec> outputs() {
            return List.of(PortSpec.of("out", ArtifactKind.TEXT, ""));
        }
        public List<ParamSpec> params() {
            return List.of(ParamSpec.required("text", ParamType.STRING, ""));
        }
        public void run(TaskContext ctx) throws IOException {
            Files.writeString(ctx.output("out").resolve("out.txt"), ctx.string("text"));
        }
    }

    @Test
    void aRunOfAFileLoadedThroughTheCacheLeavesItsMemoUnderThePlansIdentity() throws IOException {
        Path file = WorkflowFiles.write(tmp, "w.yaml", "name: w\ntasks:\n  a: { uses: test.emit, with: { text: x } }\n");
        LoadCache cache = new LoadCache(tmp.resolve("store").resolve("workflows"), "test-code");
        var registry = new TaskRegistry(List.of(new Emit()));
        for (int run = 0; run < 2; run++) {
            Loaded loaded = cache.load(file, Map.of(), false);
            var plan = new Planner(registry, 0).plan(loaded.workflow(), loaded.identity()).orThrow();
            try (var store = ContentStore.open(tmp.resolve("store"))) {
                var summary = new WorkflowRun(plan, store, new RunHistory(store),
                        new ResourcePool(1, 0, GpuInventory.NONE),
                        new LocalExecutor(), new RunListener() { }).execute();
                assertThat(summary.cached()).isEqualTo(run);
                assertThat(store.root().resolve("memo").resolve(plan.identity().orElseThrow())).isRegularFile();
            }
        }
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    @Test
    void aDamagedEntryIsDroppedAndTheFileLoadedAgain() throws IOException {
        Path file = WorkflowFiles.write(tmp, "w.yaml", SWEPT);
        LoadCache cache = new LoadCache(tmp.resolve("cache"), "test-code");
        Workflow first = cache.load(file, Map.of(), true).orThrow();
        Path entry = entries().get(0);
        byte[] stored = Files.readAllBytes(entry);
        for (int at : new int[] {0, 10, stored.length / 2, stored.length - 1}) {
            byte[] bad = stored.clone();
            bad[at] ^= 0x40;
            Files.write(entry, bad);
            assertThat(cache.load(file, Map.of(), true).orThrow()).isEqualTo(first);
            assertThat(Files.readAllBytes(entry)).isEqualTo(stored);
        }
        Files.write(entry, java.util.Arrays.copyOf(stored, stored.length - 7));
        assertThat(cache.load(file, Map.of(), true).orThrow()).isEqualTo(first);
        assertThat(Files.readAllBytes(entry)).isEqualTo(stored);
    }

    @Test
    void filesWithProblemsAreNotKept() throws IOException {
        LoadCache cache = new LoadCache(tmp.resolve("cache"), "test-code");
        Path bad = WorkflowFiles.write(tmp, "bad.yaml", "tasks:\n  a: { uses: shell, with: { command: '${nope}' } }\n");
        assertThat(cache.load(bad, Map.of(), false).problems()).isNotEmpty();
        assertThat(cache.load(bad, Map.of(), false).problems()).isNotEmpty();
        Path broken = WorkflowFiles.write(tmp, "broken.groovy", "task('a') {\n");
        assertThat(cache.load(broken, Map.of(), false).problems()).singleElement().asString().contains("Groovy:");
        assertThat(cache.load(broken, Map.of(), false).problems()).singleElement().asString().contains("Groovy:");
        assertThat(Files.exists(tmp.resolve("cache"))).isFalse();
        Path missing = tmp.resolve("missing.yaml");
        assertThat(cache.load(missing, Map.of(), false).problems()).singleElement().asString().contains("no such file");
    }

    @Test
    void groovyScriptsKeepTheirClassesButRunEveryTime() throws IOException {
        LoadCache cache = new LoadCache(tmp.resolve("cache"), "test-code");
        Path script = WorkflowFiles.write(tmp, "w.groovy", """
                params n: 1
                def word = System.getProperty('cortexflow.test.word')
                (1..params.n).each { i ->
                    task("t${i}", uses: 'shell') { with command: "echo ${word}", outputs: [] }
                }
                """);
        String property = "cortexflow.test.word";
        try {
            System.setProperty(property, "first");
            Workflow first = cache.load(script, Map.of(), false).orThrow();
            List<Path> entries = entries(tmp.resolve("cache"));
            assertThat(entries).singleElement().asString().endsWith(".gc");
            byte[] stored = Files.readAllBytes(entries.get(0));

            // the script runs again from the kept classes: it sees the new value and the override
            System.setProperty(property, "second");
            Workflow second = cache.load(script, Map.of("n", "2"), false).orThrow();
            assertThat(second.tasks()).containsOnlyKeys("t1", "t2");
            assertThat(second.tasks().get("t1").params().get("command").toString()).contains("second");
            assertThat(second.tasks().get("t1").at("task").line()).isEqualTo(4);
            assertThat(entries(tmp.resolve("cache"))).containsExactlyElementsOf(entries);

            // a damaged entry is deleted and the script compiled again, with the same result
            Random random = new Random(7);
            for (int i = 0; i < 200; i++) {
                byte[] bad = stored.clone();
                bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
                Files.write(entries.get(0), bad);
                System.setProperty(property, "first");
                assertThat(cache.load(script, Map.of(), false).orThrow()).isEqualTo(first);
                assertThat(Files.readAllBytes(entries.get(0))).isEqualTo(stored);
            }
            Files.write(entries.get(0), java.util.Arrays.copyOf(stored, stored.length / 2));
            assertThat(cache.load(script, Map.of(), false).orThrow()).isEqualTo(first);
            assertThat(Files.readAllBytes(entries.get(0))).isEqualTo(stored);
        } finally {
            System.clearProperty(property);
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void onlyTheNewestEntriesAreKept() throws IOException {
        LoadCache cache = new LoadCache(tmp.resolve("cache"), "test-code");
        Path file = WorkflowFiles.write(tmp, "w.yaml", SWEPT);
        for (int i = 0; i < LoadCache.KEEP + 5; i++) {
            cache.load(file, Map.of("seed", Integer.toString(i)), false).orThrow();
        }
        assertThat(entries()).hasSize(LoadCache.KEEP);
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve("cache"))) {
            return files.filter(p -> p.toString().endsWith(".wf")).sorted().toList();
        }
    }
}
