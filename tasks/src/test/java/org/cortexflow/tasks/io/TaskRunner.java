package org.cortexflow.tasks.io;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskType;

/** Runs one task in a temporary sandbox, as the engine would: declared defaults applied, params checked. */
final class TaskRunner implements TaskContext {

    private final TaskType type;
    private final Path sandbox;
    private final Map<String, Path> inputs;
    private final Map<String, Value> params = new LinkedHashMap<>();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private TaskRunner(TaskType type, Path sandbox, Map<String, Path> inputs, Map<String, Object> given) {
        this.type = type;
        this.sandbox = sandbox;
        this.inputs = inputs;
        for (ParamSpec p : type.params()) {
            Object v = given.get(p.name());
            params.put(p.name(), v == null ? p.defaultValue().orElseThrow(() -> new IllegalArgumentException(
                    "missing " + p.name())) : p.check(Value.of(v)));
        }
        for (String k : given.keySet()) {
            if (type.param(k).isEmpty()) {
                throw new IllegalArgumentException("unknown param " + k);
            }
        }
    }

    /** Runs {@code type} with {@code params}; returns the runner (log, output directory). */
    static TaskRunner run(TaskType type, Path sandbox, Map<String, Object> params) throws Exception {
        TaskRunner r = new TaskRunner(type, sandbox, Map.of(), params);
        type.run(r);
        return r;
    }

    /** Runs {@code type} with artifacts bound to inputs. */
    static TaskRunner run(TaskType type, Path sandbox, Map<String, Path> inputs, Map<String, Object> params) throws Exception {
        TaskRunner r = new TaskRunner(type, sandbox, inputs, params);
        type.run(r);
        return r;
    }

    String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** The directory of the task's first output. */
    Path out() {
        return output(type.outputs().get(0).name());
    }

    @Override
    public String taskId() {
        return "t";
    }

    @Override
    public Path input(String name) {
        return inputs.get(name);
    }

    @Override
    public Map<String, Path> inputs() {
        return inputs;
    }

    @Override
    public Path output(String name) {
        for (PortSpec p : type.outputs()) {
            if (p.name().equals(name)) {
                try {
                    return Files.createDirectories(sandbox.resolve(type.outputs().size() == 1 ? "out" : name));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        throw new IllegalArgumentException("no output " + name);
    }

    @Override
    public Path sandbox() {
        return sandbox;
    }

    @Override
    public Map<String, Value> params() {
        return params;
    }

    @Override
    public Value param(String name) {
        return params.get(name);
    }

    @Override
    public int cpus() {
        return 1;
    }

    @Override
    public List<String> gpus() {
        return List.of();
    }

    @Override
    public Map<String, String> environment() {
        return Map.of();
    }

    @Override
    public PrintStream log() {
        return log;
    }

    @Override
    public int exec(List<String> command, Path directory) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean cancelled() {
        return false;
    }
}
