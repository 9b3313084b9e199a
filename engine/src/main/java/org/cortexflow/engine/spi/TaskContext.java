package org.cortexflow.engine.spi;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.Value;

/** What a running task sees: its inputs, its output directory, its parameters and its slot. */
public interface TaskContext {

    /** The task's id in the workflow. */
    String taskId();

    /** Directory of the artifact bound to input {@code name}; throws if unbound. */
    Path input(String name);

    /** Every bound input, name to directory. */
    Map<String, Path> inputs();

    /** The directory to write output {@code name} into (created, empty). */
    Path output(String name);

    /** The task's sandbox: its working directory, which holds its output directories. */
    Path sandbox();

    /**
     * A directory for state that must outlive a failed, killed or timed-out attempt, such as training
     * checkpoints: the next attempt of the same task with the same cache key (in this run or a later
     * one) sees the same directory, with what the previous attempt left there. Created on first call;
     * removed once the task's output is stored. Never part of the output artifact.
     */
    default Path stateDirectory() throws java.io.IOException {
        return java.nio.file.Files.createDirectories(sandbox().resolveSibling(sandbox().getFileName() + ".state"));
    }

    /** Every parameter, coerced to its declared type, defaults applied. */
    Map<String, Value> params();

    Value param(String name);

    default String string(String name) {
        return param(name).display();
    }

    default long integer(String name) {
        return ((Value.Int) param(name)).value();
    }

    default double real(String name) {
        return ((Value.Real) param(name)).value();
    }

    default boolean bool(String name) {
        return ((Value.Bool) param(name)).value();
    }

    default Duration duration(String name) {
        return ((Value.Time) param(name)).value();
    }

    /** The thread budget: CPU slots granted to this task. */
    int cpus();

    /** GPU device ids granted to this task; empty when it runs on CPU. */
    List<String> gpus();

    /**
     * Environment for subprocesses: thread budget ({@code OMP_NUM_THREADS}, {@code MKL_NUM_THREADS},
     * {@code OMP_WAIT_POLICY=PASSIVE}) and {@code CUDA_VISIBLE_DEVICES}.
     */
    Map<String, String> environment();

    /** The task's log (kept with the run record, not in the artifact). */
    PrintStream log();

    /**
     * Runs a subprocess in {@code directory} with {@link #environment()}, its output appended to
     * the log; killed when the task times out or the run is cancelled.
     *
     * @return the exit code
     */
    int exec(List<String> command, Path directory) throws java.io.IOException, InterruptedException;

    /** True once the run is cancelled or the task timed out; long loops should check it. */
    boolean cancelled();
}
