package org.cortexflow.engine.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.spi.TaskContext;

/** The {@link TaskContext} of one local attempt. */
final class JobContext implements TaskContext {

    private final Job job;
    private final PrintStream log;
    private final Map<String, String> environment;

    JobContext(Job job, PrintStream log) {
        this.job = job;
        this.log = log;
        this.environment = environmentFor(job.grant());
    }

    /** Thread budget and device binding for subprocesses. */
    static Map<String, String> environmentFor(ResourcePool.Grant grant) {
        Map<String, String> env = new LinkedHashMap<>();
        String threads = Integer.toString(grant.cpus());
        env.put("OMP_NUM_THREADS", threads);
        env.put("MKL_NUM_THREADS", threads);
        env.put("OPENBLAS_NUM_THREADS", threads);
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        // a task without a granted device sees none, so two tasks never share one by accident
        env.put("CUDA_VISIBLE_DEVICES", String.join(",", grant.gpus()));
        return env;
    }

    @Override
    public String taskId() {
        return job.task().id();
    }

    @Override
    public Path input(String name) {
        Path p = job.inputs().get(name);
        if (p == null) {
            throw new IllegalArgumentException("task " + taskId() + " has no input bound as '" + name + "'");
        }
        return p;
    }

    @Override
    public Map<String, Path> inputs() {
        return job.inputs();
    }

    @Override
    public Path output(String name) {
        Path p = job.outputs().get(name);
        if (p == null) {
            throw new IllegalArgumentException(job.task().type().name() + " declares no output '" + name + "'");
        }
        return p;
    }

    @Override
    public Path sandbox() {
        return job.sandbox();
    }

    @Override
    public Path stateDirectory() throws IOException {
        return Files.createDirectories(job.stateDirectory());
    }

    @Override
    public Map<String, Value> params() {
        return job.task().params();
    }

    @Override
    public Value param(String name) {
        Value v = job.task().params().get(name);
        if (v == null) {
            throw new IllegalArgumentException(job.task().type().name() + " declares no parameter '" + name + "'");
        }
        return v;
    }

    @Override
    public int cpus() {
        return job.grant().cpus();
    }

    @Override
    public List<String> gpus() {
        return job.grant().gpus();
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public PrintStream log() {
        return log;
    }

    @Override
    public int exec(List<String> command, Path directory) throws IOException, InterruptedException {
        log.flush();
        job.taskLog().open(); // the header goes before the subprocess's output
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(job.log().toFile()));
        pb.environment().putAll(environment);
        Process p = pb.start();
        job.register(p);
        try {
            long pollMs = 2;
            while (!p.waitFor(pollMs, TimeUnit.MILLISECONDS)) {
                job.notePeakRss(peakRssKb(p.pid()));
                pollMs = Math.min(200, pollMs * 2);
            }
            return p.exitValue();
        } finally {
            job.unregister(p);
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    /** VmHWM of a process from /proc, 0 where that is not available. */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has exited, or this is not Linux
        }
        return 0;
    }

    @Override
    public boolean cancelled() {
        return job.cancelled() || Thread.currentThread().isInterrupted();
    }
}
