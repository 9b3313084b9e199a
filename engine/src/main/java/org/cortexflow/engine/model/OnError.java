package org.cortexflow.engine.model;

/** What a task failure does to the rest of the run (after its retries are spent). */
public enum OnError {
    /** Stop the run now: kill running tasks, start nothing new. */
    TERMINATE,
    /** Start nothing new, let running tasks finish, then fail the run. */
    FINISH,
    /** Record the failure, skip what depends on the task, run everything else. */
    IGNORE
}
