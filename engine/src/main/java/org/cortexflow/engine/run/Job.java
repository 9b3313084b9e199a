package org.cortexflow.engine.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.cache.Digest;
import org.cortexflow.engine.plan.PlannedTask;

/**
 * One attempt at one task: where its inputs are, which sandbox it writes into, what it was granted.
 * Runtime state of a single execution, kept apart from the immutable {@link PlannedTask}.
 */
public final class Job {

    private final PlannedTask task;
    private final Digest key;
    private final int attempt;
    private final Map<String, Path> inputs;
    private final Path sandbox;
    private final Map<String, Path> outputs;
    private final ResourcePool.Grant grant;
    private final TaskLog log;
    private final List<Process> processes = new ArrayList<>();
    private volatile boolean cancelled;
    private volatile String cancelReason = "";
    private volatile Thread runner;
    private volatile long peakRssKb;
    private volatile Path stateDirectory;
    private volatile boolean stateAsked;

    public Job(PlannedTask task, Digest key, int attempt, Map<String, Path> inputs, Path sandbox, Map<String, Path> outputs,
               ResourcePool.Grant grant, TaskLog log) {
        this.task = task;
        this.key = key;
        this.attempt = attempt;
        this.inputs = Map.copyOf(inputs);
        this.sandbox = sandbox;
        this.outputs = Map.copyOf(outputs);
        this.grant = grant;
        this.log = log;
    }

    public PlannedTask task() {
        return task;
    }

    public Digest key() {
        return key;
    }

    public int attempt() {
        return attempt;
    }

    public Map<String, Path> inputs() {
        return inputs;
    }

    public Path sandbox() {
        return sandbox;
    }

    /** Where the task keeps state across attempts (checkpoints); by default beside the sandbox. */
    public Path stateDirectory() {
        stateAsked = true;
        Path s = stateDirectory;
        return s != null ? s : sandbox.resolveSibling(sandbox.getFileName() + ".state");
    }

    /**
     * Whether the task asked for its state directory. A task that keeps state asks for it in every
     * attempt (to find its checkpoints), so one that did not ask has none to clear.
     */
    public boolean stateAsked() {
        return stateAsked;
    }

    /** Sets the state directory: one per cache key, so that a later attempt finds the same one. */
    public void useStateDirectory(Path dir) {
        this.stateDirectory = dir;
    }

    /** Output name to the directory it is written into, inside the sandbox. */
    public Map<String, Path> outputs() {
        return outputs;
    }

    public ResourcePool.Grant grant() {
        return grant;
    }

    /** The attempt's log file (created on first write). */
    public Path log() {
        return log.file();
    }

    TaskLog taskLog() {
        return log;
    }

    public Optional<Duration> timeout() {
        return task.spec().timeout();
    }

    public boolean cancelled() {
        return cancelled;
    }

    public String cancelReason() {
        return cancelReason;
    }

    public long peakRssKb() {
        return peakRssKb;
    }

    void notePeakRss(long kb) {
        if (kb > peakRssKb) {
            peakRssKb = kb;
        }
    }

    void runsOn(Thread t) {
        runner = t;
    }

    synchronized void register(Process p) {
        processes.add(p);
        if (cancelled) {
            kill(p);
        }
    }

    synchronized void unregister(Process p) {
        processes.remove(p);
    }

    /** Stops the attempt: kills its processes (and theirs) and interrupts its thread. */
    public void cancel(String reason) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelReason = reason;
            cancelled = true;
            processes.forEach(Job::kill);
        }
        Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
