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

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The status as the trace and the index write it: {@code ran}, {@code cached}, ... */
    public String label() {
        return label;
    }
}
