package org.cortexflow.engine.run;

/**
 * Where an attempt runs. Staging (sandbox, inputs, locks) and completion (output checks, moving
 * into the store) are done by the engine around {@link #run}, so a backend only has to start the
 * work and wait for it: the local one calls the task in-process, a grid backend would submit
 * {@code cortexflow exec} for the job's sandbox and poll its status.
 */
public interface Executor {

    /** A short name for traces, e.g. {@code local}. */
    String name();

    /**
     * Runs one attempt to completion in the calling thread.
     *
     * @throws Exception whatever the task threw; {@link org.cortexflow.engine.spi.TaskFailure} for a
     *     failure the task explained itself
     */
    void run(Job job) throws Exception;
}
