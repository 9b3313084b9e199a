package org.cortexflow.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.engine.run.RunHistory;

/** What the newest run in a store recorded per task, for comparing two runs. */
final class RunOutputs {

    private RunOutputs() {
    }

    /** Task id to its key and output digests. */
    static Map<String, String> ofLastRun(Path store) {
        try (ContentStore s = ContentStore.open(store)) {
            RunHistory h = new RunHistory(s);
            Map<String, String> out = new TreeMap<>();
            h.executions(h.runs(1).get(0).id()).forEach(e -> out.put(e.taskId(), e.key().orElse("") + " " + e.outputs()));
            return out;
        }
    }
}
