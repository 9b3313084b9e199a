package org.cortexflow.engine.run;

/** How a task ended in a run. */
public enum TaskStatus {
    /** Computed in this run. */
    RAN,
    /** Its key was in the store (or another process computed it meanwhile). */
    CACHED,
    /** It failed after its retries. */
    FAILED,
    /** An upstream failed, or the run stopped before it could start. */
    SKIPPED;

    public String label() {
        return name().toLowerCase();
    }
}
