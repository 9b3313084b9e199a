package org.cortexflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.run.GpuInventory;
import org.cortexflow.engine.run.LocalExecutor;
import org.cortexflow.engine.run.ResourcePool;
import org.cortexflow.engine.run.RunHistory;
import org.cortexflow.engine.run.RunListener;
import org.cortexflow.engine.run.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryPruneTest {

    @TempDir
    Path tmp;

    private static Plan plan(String text) {
        return TestTasks.emitThenConcat(text);
    }

    private void run(ContentStore store, Plan p) {
        new WorkflowRun(p, store, new RunHistory(store), new ResourcePool(1, 0, GpuInventory.NONE), new LocalExecutor(),
                RunListener.SILENT).execute();
    }

    @Test
    void pruningKeepsTheNewestRunsAndAnyRunThatHasNotEnded() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            RunHistory history = new RunHistory(store);
            // the oldest run never ends: killed, or still going in another process
            RunHistory.Recorder unfinished = history.begin(plan("x"));
            Path unfinishedDir = unfinished.directory();
            for (String text : List.of("one", "two", "three", "four")) {
                Thread.sleep(5); // distinct start times
                run(store, plan(text));
            }
            List<RunHistory.RunRow> before = history.runs(10);
            assertThat(before).hasSize(5);

            RunHistory.Pruned pruned = history.prune(2);

            assertThat(pruned.runs()).isEqualTo(2);
            assertThat(pruned.taskRecords()).isEqualTo(4);
            assertThat(pruned.bytes()).isPositive();
            assertThat(pruned.kept()).isEqualTo(3);
            List<RunHistory.RunRow> after = history.runs(10);
            assertThat(after).extracting(RunHistory.RunRow::id)
                    .containsExactly(before.get(0).id(), before.get(1).id(), before.get(4).id());
            assertThat(Files.isDirectory(unfinishedDir)).isTrue();
            assertThat(Files.exists(before.get(2).directory())).isFalse();
            assertThat(history.executions(before.get(2).id())).isEmpty();
            assertThat(history.executions(before.get(0).id())).hasSize(2);
            // entries are the cache's: all eight outputs are still there
            assertThat(store.list()).hasSize(8);
            assertThatThrownBy(() -> history.prune(0)).isInstanceOf(IllegalArgumentException.class);
            unfinished.close();
        }
    }
}
