package org.cortexflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.run.Explainer;
import org.cortexflow.engine.run.GpuInventory;
import org.cortexflow.engine.run.LocalExecutor;
import org.cortexflow.engine.run.ResourcePool;
import org.cortexflow.engine.run.RunHistory;
import org.cortexflow.engine.run.RunListener;
import org.cortexflow.engine.run.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainerTest {

    @TempDir
    Path tmp;

    private static Plan plan(String text) {
        return TestTasks.emitThenConcat(text);
    }

    private Map<String, Explainer.Verdict> explain(Plan p) {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            return new Explainer(p, store, new RunHistory(store)).explainAll();
        }
    }

    private void run(Plan p) {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            new WorkflowRun(p, store, new RunHistory(store), new ResourcePool(1, 0, GpuInventory.NONE), new LocalExecutor(),
                    RunListener.SILENT).execute();
        }
    }

    @Test
    void explainNamesTheChangedParameterWithOldAndNewValue() {
        run(plan("old"));
        Map<String, Explainer.Verdict> v = explain(plan("new"));
        assertThat(v.get("a").willRun()).isTrue();
        assertThat(v.get("a").reasons()).anyMatch(r -> r.contains("parameter text old -> new"));
        assertThat(v.get("c").willRun()).isTrue();
        assertThat(v.get("c").reasons()).anyMatch(r -> r.contains("comes from 'a', which will run"));
    }

    @Test
    void explainSaysCachedWhenNothingChanged() {
        run(plan("same"));
        Map<String, Explainer.Verdict> v = explain(plan("same"));
        assertThat(v.values()).allMatch(x -> !x.willRun());
    }

    @Test
    void explainNamesTheChangedInputDigest() {
        run(plan("one"));
        run(plan("two"));
        // the store now holds both; drop c's newest entry so that c must rerun against a's output
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            Explainer.Verdict c = new Explainer(plan("one"), store, new RunHistory(store)).explainAll().get("c");
            assertThat(c.willRun()).isFalse();
            store.remove(c.key().orElseThrow());
        }
        Map<String, Explainer.Verdict> v = explain(plan("one"));
        assertThat(v.get("c").reasons()).anyMatch(r -> r.contains("input a digest"));
    }

    @Test
    void explainOfANeverRunWorkflowSaysSo() {
        assertThat(explain(plan("x")).get("a").reasons()).anyMatch(r -> r.contains("no earlier run"));
    }
}
