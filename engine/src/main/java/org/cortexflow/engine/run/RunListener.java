package org.cortexflow.engine.run;

import org.cortexflow.engine.plan.Plan;

/** Follows a run as it happens: progress displays, tests. Called from the scheduler thread. */
public interface RunListener {

    RunListener SILENT = new RunListener() {
    };

    default void planned(Plan plan, String runId) {
    }

    default void started(String taskId, int attempt) {
    }

    /** A task ended, whatever its status. */
    default void finished(TaskResult result) {
    }

    default void retrying(String taskId, int attempt, String error) {
    }

    default void completed(RunSummary summary) {
    }
}
