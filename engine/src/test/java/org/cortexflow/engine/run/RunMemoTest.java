package org.cortexflow.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.cache.Digest;
import org.cortexflow.engine.Flow;
import org.cortexflow.engine.TestTasks;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.model.Workflow;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.Planner;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskRegistry;
import org.cortexflow.engine.spi.TaskType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run memo answers a rerun of the same plan only with what it can show unchanged; every case
 * where a stale answer would be wrong is a test here.
 */
class RunMemoTest {

    @TempDir
    Path tmp;

    private final List<TaskResult> results = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void reset() {
        TestTasks.RUNS.clear();
    }

    /** Writes the clock: a different output every time it runs. */
    static final class Clock implements TaskType {
        public String name() { return "test.clock"; }
        public String version() { return "1"; }
        public String summary() { return "write the time"; }
        public List<PortSpec> inputs() { return List.of(); }
        public List<PortSpec> outputs() { return List.of(PortSpec.of("out", ArtifactKind.TEXT, "")); }
        public List<ParamSpec> params() { return List.of(); }
        public void run(TaskContext ctx) throws Exception {
            Files.writeString(ctx.output("out").resolve("out.txt"), Long.toString(System.nanoTime()));
        }
    }

    /** Copies the file its path parameter names. */
    static final class Copy implements TaskType {
        public String name() { return "test.copy"; }
        public String version() { return "1"; }
        public String summary() { return "copy a file"; }
        public List<PortSpec> inputs() { return List.of(); }
        public List<PortSpec> outputs() { return List.of(PortSpec.of("out", ArtifactKind.TEXT, "")); }
        public List<ParamSpec> params() { return List.of(ParamSpec.required("file", ParamType.PATH, "what to copy")); }
        public void run(TaskContext ctx) throws Exception {
            TestTasks.RUNS.computeIfAbsent(ctx.taskId(), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            Files.copy(Path.of(ctx.string("file")), ctx.output("out").resolve("out.txt"));
        }
    }

    private static TaskRegistry registry() {
        return new TaskRegistry(List.of(new TestTasks.Emit(), new TestTasks.Concat(), new Clock(), new Copy()));
    }

    private static Plan plan(Workflow w) {
        return new Planner(registry(), 0).plan(w, Optional.of("test:" + w.name())).orThrow();
    }

    private static Workflow chain() {
        return new Flow("chain")
                .task("a", "test.emit", Map.of(), Map.of("text", "x"))
                .task("b", "test.emit", Map.of(), Map.of("text", "B"))
                .task("c", "test.concat", Map.of("a", "a", "b", "b"), Map.of())
                .task("d", "test.concat", Map.of("a", "c"), Map.of())
                .build();
    }

    private ContentStore store() {
        return ContentStore.open(tmp.resolve("store"));
    }

    private RunSummary run(Plan plan) {
        results.clear();
        try (ContentStore store = store()) {
            RunListener listener = new RunListener() {
                @Override
                public void finished(TaskResult r) {
                    results.add(r);
                }
            };
            return new WorkflowRun(plan, store, new RunHistory(store), new ResourcePool(2, 0, GpuInventory.NONE),
                    new LocalExecutor(), listener).execute();
        }
    }

    private TaskStatus status(String id) {
        return results.stream().filter(r -> r.taskId().equals(id)).findFirst().orElseThrow().status();
    }

    private Digest key(String id) {
        return results.stream().filter(r -> r.taskId().equals(id)).findFirst().orElseThrow().key().orElseThrow();
    }

    /** What task {@code id}'s entry holds, as the last run left it. */
    private String outputOf(String id) throws java.io.IOException {
        try (ContentStore store = store()) {
            return Files.readString(store.entryDirectory(key(id)).resolve("out.txt"));
        }
    }

    /** The memo as the next run of {@code plan} would read it. */
    private RunMemo memo(Plan plan) {
        try (ContentStore store = store()) {
            return RunMemo.read(store, plan.identity().orElseThrow(), store.generation());
        }
    }

    @Test
    void aRerunOfTheSamePlanIsAnsweredByTheMemoWithTheKeysALookupFinds() {
        Plan plan = plan(chain());
        run(plan);
        RunMemo memo = memo(plan);
        assertThat(memo.size()).isEqualTo(4);
        // what it recalls is what keying and looking up give
        RunMemo.Remembered a = memo.recall(plan.task("a"), new Digest[0]);
        assertThat(a).isNotNull();
        assertThat(a.key()).isEqualTo(key("a"));
        try (ContentStore store = store()) {
            assertThat(store.lookup(a.key()).orElseThrow().outputs()).isEqualTo(a.entry().outputs());
        }
        RunSummary again = run(plan);
        assertThat(again.cached()).isEqualTo(4);
        assertThat(List.of("a", "b", "c", "d")).allSatisfy(id -> assertThat(TestTasks.runs(id)).isEqualTo(1));
        // and it does not recall a task whose inputs are not the ones it saw
        Digest other = a.entry().outputs().get("out");
        assertThat(memo.recall(plan.task("c"), new Digest[] {other, other})).isNull();
    }

    @Test
    void anEntryDeletedThroughTheStoreMakesTheMemoUnusableAndTheTaskRuns() {
        Plan plan = plan(chain());
        run(plan);
        Digest b = key("b");
        try (ContentStore store = store()) {
            store.remove(b); // as cache gc or verify would
        }
        assertThat(memo(plan).size()).as("written under an older generation").isZero();
        RunSummary s = run(plan);
        assertThat(status("b")).isEqualTo(TaskStatus.RAN);
        assertThat(TestTasks.runs("b")).isEqualTo(2);
        assertThat(s.cached()).isEqualTo(3); // c and d see the same bytes again
        assertThat(memo(plan).size()).as("written again").isEqualTo(4);
    }

    @Test
    void anEntryDirectoryDeletedByHandIsComputedAgain() throws Exception {
        Plan plan = plan(chain());
        run(plan);
        try (ContentStore store = store()) {
            ContentStore.deleteTree(store.entryDirectory(key("c")));
        }
        run(plan);
        assertThat(status("c")).isEqualTo(TaskStatus.RAN);
        assertThat(status("d")).isEqualTo(TaskStatus.CACHED);
        assertThat(outputOf("c")).isEqualTo("xB");
    }

    @Test
    void aTaskWhoseUpstreamProducedOtherBytesIsKeyedAgain() throws Exception {
        Plan plan = plan(new Flow("clocked")
                .task("t", "test.clock", Map.of(), Map.of())
                .task("c", "test.concat", Map.of("a", "t"), Map.of())
                .build());
        run(plan);
        Digest before = key("c");
        try (ContentStore store = store()) {
            ContentStore.deleteTree(store.entryDirectory(key("t"))); // t runs again and writes another time
        }
        run(plan);
        assertThat(status("t")).isEqualTo(TaskStatus.RAN);
        // the memo knew c with t's old output: recalling it would hand on a stale result
        assertThat(status("c")).isEqualTo(TaskStatus.RAN);
        assertThat(key("c")).isNotEqualTo(before);
    }

    @Test
    void aTaskReadingAFileIsKeyedEveryTimeAndSeesTheFileChange() throws Exception {
        Path file = Files.writeString(tmp.resolve("input.txt"), "first");
        Plan plan = plan(new Flow("files")
                .task("read", "test.copy", Map.of(), Map.of("file", file.toString()))
                .task("c", "test.concat", Map.of("a", "read"), Map.of())
                .build());
        run(plan);
        assertThat(memo(plan).recall(plan.task("read"), new Digest[0])).isNull();
        Files.writeString(file, "second, longer");
        run(plan);
        assertThat(status("read")).isEqualTo(TaskStatus.RAN);
        assertThat(status("c")).isEqualTo(TaskStatus.RAN);
        assertThat(outputOf("c")).isEqualTo("second, longer");
    }

    @Test
    void aDamagedMemoIsIgnoredAndWrittenAgain() throws Exception {
        Plan plan = plan(chain());
        run(plan);
        Path file;
        try (ContentStore store = store()) {
            file = RunMemo.file(store, plan.identity().orElseThrow());
        }
        byte[] good = Files.readAllBytes(file);
        for (int i = 0; i < 100; i++) {
            byte[] bad = good.clone();
            int at = (i * 7919) % bad.length;
            bad[at] ^= (byte) (1 << (i % 8));
            Files.write(file, bad);
            assertThat(memo(plan).size()).as("flip at %d", at).isZero();
        }
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        assertThat(memo(plan).size()).isZero();
        RunSummary s = run(plan);
        assertThat(s.cached()).isEqualTo(4);
        assertThat(memo(plan).size()).isEqualTo(4);
    }

    @Test
    void thePlanIdentityCoversTheTaskTypesDefaultsAndTheHost() {
        Workflow w = chain();
        Optional<String> id = Optional.of("test:w");
        String base = new Planner(registry(), 0).plan(w, id).orThrow().identity().orElseThrow();
        assertThat(new Planner(registry(), 0).plan(w, id).orThrow().identity()).hasValue(base);
        assertThat(new Planner(registry(), 1).plan(w, id).orThrow().identity()).isNotEqualTo(Optional.of(base));
        assertThat(new Planner(registry(), 0).plan(w, Optional.of("test:other")).orThrow().identity())
                .isNotEqualTo(Optional.of(base));
        TaskType emit = new TestTasks.Emit();
        TaskType emitWithOtherDefault = new TaskType() { // the same type, but 'repeat' defaults to 2
            public String name() { return emit.name(); }
            public String version() { return emit.version(); }
            public String summary() { return emit.summary(); }
            public List<PortSpec> inputs() { return emit.inputs(); }
            public List<PortSpec> outputs() { return emit.outputs(); }
            public List<ParamSpec> params() {
                return List.of(ParamSpec.required("text", ParamType.STRING, "what to write"),
                        ParamSpec.optional("repeat", ParamType.INT, 2, "times").range(1, 100));
            }
            public void run(TaskContext ctx) throws Exception {
                emit.run(ctx);
            }
        };
        TaskRegistry changed = new TaskRegistry(List.of(emitWithOtherDefault, new TestTasks.Concat(), new Clock(), new Copy()));
        assertThat(new Planner(changed, 0).plan(w, id).orThrow().identity()).isNotEqualTo(Optional.of(base));
        assertThat(new Planner(registry(), 0).plan(w).orThrow().identity()).isEmpty();
    }

    @Test
    void runsOfOnePlanShareOneResolvedWorkflowWrittenAsWithoutAnIdentity() throws Exception {
        Plan plan = plan(chain());
        RunSummary first = run(plan);
        RunSummary second = run(plan);
        RunSummary plain = run(new Planner(registry(), 0).plan(chain()).orThrow());
        Path one = first.recordDirectory().resolve("workflow.json");
        Path two = second.recordDirectory().resolve("workflow.json");
        assertThat(Files.isSameFile(one, two)).isTrue();
        assertThat(Files.readString(two)).isEqualTo(Files.readString(plain.recordDirectory().resolve("workflow.json")));
    }
}
