package org.cortexflow.tasks.synth;

import org.cortexflow.engine.spi.TaskFailure;

/** Whether a long generation should stop (the run was cancelled or the task timed out). */
@FunctionalInterface
public interface Cancel {

    /** Never cancelled. */
    Cancel NEVER = () -> false;

    boolean cancelled();

    /** Throws when cancelled; called between blocks and items. */
    default void check() throws TaskFailure {
        if (cancelled()) {
            throw new TaskFailure("cancelled");
        }
    }
}
