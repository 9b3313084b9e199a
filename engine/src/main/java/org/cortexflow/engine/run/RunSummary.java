package org.cortexflow.engine.run;

import java.nio.file.Path;
import java.time.Duration;

/** Counts and wall time of one run, and where its record is. */
public record RunSummary(String runId, String workflow, String status, int ran, int cached, int failed, int skipped,
                         Duration wall, Path recordDirectory) {

    public boolean succeeded() {
        return failed == 0 && skipped == 0 && "succeeded".equals(status);
    }

    public int total() {
        return ran + cached + failed + skipped;
    }
}
