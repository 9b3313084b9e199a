package org.cortexflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.engine.model.OnError;
import org.cortexflow.engine.model.Resources;
import org.cortexflow.engine.model.Workflow;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.Planner;
import org.cortexflow.engine.run.GpuInventory;
import org.cortexflow.engine.run.LocalExecutor;
import org.cortexflow.engine.run.ResourcePool;
import org.cortexflow.engine.run.RunHistory;
import org.cortexflow.engine.run.RunListener;
import org.cortexflow.engine.run.RunSummary;
import org.cortexflow.engine.run.TaskResult;
import org.cortexflow.engine.run.TaskStatus;
import org.cortexflow.engine.run.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowRunTest {

    @TempDir
    Path tmp;

    private final List<TaskResult> results = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void reset() {
        TestTasks.RUNS.clear();
        TestTasks.GPUS.clear();
    }

    private RunSummary run(Workflow w) {
        return run(w, new ResourcePool(2, 0, GpuInventory.NONE));
    }

    private RunSummary run(Workflow w, ResourcePool pool) {
        results.clear();
        Plan plan = new Planner(TestTasks.registry(), pool.inventory().count()).plan(w).orThrow();
        try (ContentStore store = ContentStore.open(tmp.resolve("store"))) {
            RunListener listener = new RunListener() {
                @Override
                public void finished(TaskResult r) {
                    results.add(r);
                }
            };
            return new WorkflowRun(plan, store, new RunHistory(store), pool, new LocalExecutor(), listener).execute();
        }
    }

    private TaskResult result(String id) {
        return results.stream().filter(r -> r.taskId().equals(id)).findFirst().orElseThrow();
    }

    private static Workflow chain(String text, boolean upper) {
        return new Flow("chain")
                .task("a", "test.emit", Map.of(), Map.of("text", text))
                .task("b", "test.emit", Map.of(), Map.of("text", "B"))
                .task("c", "test.concat", Map.of("a", "a", "b", "b"), Map.of("upper", upper))
                .task("d", "test.concat", Map.of("a", "c"), Map.of())
                .build();
    }

    @Test
    void secondRunIsFullyCached() {
        RunSummary first = run(chain("x", false));
        assertThat(first.ran()).isEqualTo(4);
        RunSummary second = run(chain("x", false));
        assertThat(second.ran()).isZero();
        assertThat(second.cached()).isEqualTo(4);
        assertThat(TestTasks.runs("a")).isEqualTo(1);
    }

    @Test
    void rerunAfterParamChangeRecomputesOnlyDownstream() {
        run(chain("x", false));
        RunSummary s = run(chain("y", false));
        assertThat(result("a").status()).isEqualTo(TaskStatus.RAN);
        assertThat(result("b").status()).isEqualTo(TaskStatus.CACHED);
        assertThat(result("c").status()).isEqualTo(TaskStatus.RAN);
        assertThat(result("d").status()).isEqualTo(TaskStatus.RAN);
        assertThat(s.ran()).isEqualTo(3);
    }

    @Test
    void identicalUpstreamBytesKeepDownstreamCached() {
        // "x" upper-cased and "X" upper-cased are the same bytes: d must not rerun (early cutoff)
        run(chain("x", true));
        run(chain("X", true));
        assertThat(result("a").status()).isEqualTo(TaskStatus.RAN);
        assertThat(result("c").status()).isEqualTo(TaskStatus.RAN);
        assertThat(result("d").status()).isEqualTo(TaskStatus.CACHED);
        assertThat(TestTasks.runs("d")).isEqualTo(1);
    }

    @Test
    void defaultsAreAppliedBeforeKeying() {
        run(new Flow("w").task("a", "test.emit", Map.of(), Map.of("text", "x")).build());
        RunSummary s = run(new Flow("w").task("a", "test.emit", Map.of(), Map.of("text", "x", "repeat", 1)).build());
        assertThat(s.cached()).isEqualTo(1);
    }

    @Test
    void taskNameAndResourcesAreNotPartOfTheKey() {
        run(new Flow("w").task("first", "test.emit", Map.of(), Map.of("text", "x")).build());
        RunSummary s = run(new Flow("other").task("renamed", "test.emit", Map.of(), Map.of("text", "x"),
                new Resources(2, 0, 0, false), 0, OnError.TERMINATE, Optional.empty()).build());
        assertThat(s.cached()).isEqualTo(1);
    }

    @Test
    void failedTaskKeepsSandboxSkipsDownstreamAndLeavesNoEntry() {
        Workflow w = new Flow("w")
                .task("bad", "test.flaky", Map.of(), Map.of("failures", 5))
                .task("after", "test.concat", Map.of("a", "bad"), Map.of())
                .build();
        RunSummary s = run(w);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.skipped()).isEqualTo(1);
        assertThat(s.succeeded()).isFalse();
        TaskResult bad = result("bad");
        assertThat(bad.error()).contains("planned failure");
        assertThat(bad.logTail()).anyMatch(l -> l.contains("about to fail"));
        assertThat(bad.keptSandbox()).hasValueSatisfying(p -> assertThat(p.resolve("partial.txt")).exists());
        try (ContentStore store = ContentStore.open(tmp.resolve("store"))) {
            assertThat(store.list()).isEmpty();
        }
    }

    @Test
    void retryRunsAgainUntilSuccess() {
        Workflow w = new Flow("w").task("f", "test.flaky", Map.of(), Map.of("failures", 2), Resources.DEFAULT, 2,
                OnError.TERMINATE, Optional.empty()).build();
        RunSummary s = run(w);
        assertThat(s.ran()).isEqualTo(1);
        assertThat(result("f").attempts()).isEqualTo(3);
    }

    @Test
    void ignoredFailureLetsIndependentTasksFinish() {
        Workflow w = new Flow("w")
                .task("bad", "test.flaky", Map.of(), Map.of("failures", 9), Resources.DEFAULT, 0, OnError.IGNORE, Optional.empty())
                .task("after", "test.concat", Map.of("a", "bad"), Map.of())
                .task("x", "test.emit", Map.of(), Map.of("text", "1"))
                .task("y", "test.concat", Map.of("a", "x"), Map.of())
                .build();
        RunSummary s = run(w);
        assertThat(result("y").status()).isEqualTo(TaskStatus.RAN);
        assertThat(result("after").status()).isEqualTo(TaskStatus.SKIPPED);
        assertThat(s.failed()).isEqualTo(1);
    }

    @Test
    void terminateStopsLaunchingNewTasks() {
        Workflow w = new Flow("w")
                .task("bad", "test.flaky", Map.of(), Map.of("failures", 9))
                .task("later1", "test.sleep", Map.of(), Map.of("seconds", "10ms"))
                .task("later2", "test.sleep", Map.of(), Map.of("seconds", "20ms"))
                .task("later3", "test.sleep", Map.of(), Map.of("seconds", "30ms"))
                .build();
        RunSummary s = run(w, new ResourcePool(1, 0, GpuInventory.NONE));
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.skipped()).isEqualTo(3);
        assertThat(TestTasks.runs("later3")).isZero();
    }

    @Test
    void timeoutStopsALongTask() {
        Workflow w = new Flow("w").task("slow", "test.sleep", Map.of(), Map.of("seconds", "30s"), Resources.DEFAULT, 0,
                OnError.TERMINATE, Optional.of(Duration.ofMillis(200))).build();
        long t0 = System.nanoTime();
        RunSummary s = run(w);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(result("slow").error()).contains("timed out");
    }

    @Test
    void gpuTasksGetDistinctDevices() {
        Flow f = new Flow("w");
        for (int i = 0; i < 4; i++) {
            f.task("g" + i, "test.sleep", Map.of(), Map.of("seconds", (150 + i) + "ms"), new Resources(1, 0, 1, false), 0,
                    OnError.TERMINATE, Optional.empty());
        }
        RunSummary s = run(f.build(), new ResourcePool(4, 0, GpuInventory.declared("0,1", 1)));
        assertThat(s.ran()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(TestTasks.GPUS.get("g" + i)).hasSize(1).allMatch(d -> d.equals("0") || d.equals("1"));
        }
        // with two devices and four tasks, no two overlapping tasks shared a device
        List<TaskResult> byStart = new ArrayList<>(results);
        for (TaskResult a : byStart) {
            for (TaskResult b : byStart) {
                boolean overlap = a != b && a.start().isBefore(b.end()) && b.start().isBefore(a.end());
                if (overlap) {
                    assertThat(a.gpus()).doesNotContainAnyElementsOf(b.gpus());
                }
            }
        }
    }

    @Test
    void optionalGpuRunsOnCpuWithoutDevices() {
        Workflow w = new Flow("w").task("g", "test.emit", Map.of(), Map.of("text", "x"), new Resources(1, 0, 1, true), 0,
                OnError.TERMINATE, Optional.empty()).build();
        assertThat(run(w).ran()).isEqualTo(1);
        assertThat(TestTasks.GPUS.get("g")).isEmpty();
    }

    @Test
    void cpuSlotsBoundConcurrency() {
        Flow f = new Flow("w");
        for (int i = 0; i < 6; i++) {
            f.task("s" + i, "test.sleep", Map.of(), Map.of("seconds", (50 + i) + "ms"));
        }
        run(f.build(), new ResourcePool(2, 0, GpuInventory.NONE));
        AtomicInteger maxOverlap = new AtomicInteger();
        for (TaskResult a : results) {
            int n = 0;
            for (TaskResult b : results) {
                if (!b.start().isAfter(a.start()) && b.end().isAfter(a.start())) {
                    n++;
                }
            }
            maxOverlap.accumulateAndGet(n, Math::max);
        }
        assertThat(maxOverlap.get()).isBetween(1, 2);
    }

    @Test
    void runRecordHasTraceSummaryAndResolvedWorkflow() throws Exception {
        RunSummary s = run(chain("x", false));
        assertThat(s.recordDirectory().resolve("workflow.json")).exists();
        assertThat(Files.readAllLines(s.recordDirectory().resolve("trace.jsonl"))).hasSize(4)
                .allMatch(l -> l.contains("\"key\":\"") && l.contains("\"status\":\"ran\""));
        assertThat(s.recordDirectory().resolve("summary.json")).content().contains("\"ran\" : 4");
        try (ContentStore store = ContentStore.open(tmp.resolve("store"))) {
            RunHistory h = new RunHistory(store);
            assertThat(h.runs(10)).hasSize(1);
            assertThat(h.executions(s.runId())).hasSize(4);
        }
    }

    @Test
    void twoConcurrentRunsOnOneStoreComputeEachKeyOnce() throws Exception {
        Flow f = new Flow("w");
        for (int i = 0; i < 4; i++) {
            f.task("s" + i, "test.sleep", Map.of(), Map.of("seconds", (100 + i) + "ms"));
        }
        Workflow w = f.build();
        Plan plan = new Planner(TestTasks.registry(), 0).plan(w).orThrow();
        List<RunSummary> summaries = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Runnable one = () -> {
            // both open a new store at once: each must get it, neither may fail on the other's lock
            try (ContentStore store = ContentStore.open(tmp.resolve("store"))) {
                summaries.add(new WorkflowRun(plan, store, new RunHistory(store), new ResourcePool(4, 0, GpuInventory.NONE),
                        new LocalExecutor(), RunListener.SILENT).execute());
            } catch (RuntimeException | Error e) {
                failures.add(e);
            }
        };
        Thread a = new Thread(one);
        Thread b = new Thread(one);
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(failures).isEmpty();
        assertThat(summaries).hasSize(2).allMatch(RunSummary::succeeded);
        for (int i = 0; i < 4; i++) {
            assertThat(TestTasks.runs("s" + i)).isEqualTo(1);
        }
        assertThat(summaries.stream().mapToInt(RunSummary::ran).sum()).isEqualTo(4);
    }
}
