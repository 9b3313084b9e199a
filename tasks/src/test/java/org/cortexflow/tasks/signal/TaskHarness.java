package org.cortexflow.tasks.signal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskType;

/** Runs one task in a test as the engine would: parameters checked and defaulted, the log captured. */
public final class TaskHarness implements TaskContext {

    private final TaskType type;
    private final Map<String, Path> inputs = new LinkedHashMap<>();
    private final Map<String, Value> params = new LinkedHashMap<>();
    private final Path sandbox;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private int cpus = 2;

    public TaskHarness(TaskType type, Path sandbox) {
        this.type = type;
        this.sandbox = sandbox;
    }

    public TaskHarness input(String name, Path dir) {
        inputs.put(name, dir);
        return this;
    }

    /** Sets a parameter from a plain Java value (String, Number, Boolean, List, Map), as a workflow would. */
    public TaskHarness param(String name, Object value) {
        params.put(name, toValue(value));
        return this;
    }

    public TaskHarness cpus(int n) {
        cpus = n;
        return this;
    }

    private static Value toValue(Object o) {
        if (o instanceof Value v) {
            return v;
        }
        if (o instanceof List<?> l) {
            return new Value.Items(l.stream().map(TaskHarness::toValue).toList());
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Value> f = new LinkedHashMap<>();
            m.forEach((k, v) -> f.put(String.valueOf(k), toValue(v)));
            return new Value.Fields(f);
        }
        if (o instanceof Boolean b) {
            return new Value.Bool(b);
        }
        if (o instanceof Integer || o instanceof Long) {
            return new Value.Int(((Number) o).longValue());
        }
        if (o instanceof Number n) {
            return new Value.Real(n.doubleValue());
        }
        return new Value.Text(String.valueOf(o));
    }

    /** Runs the task; returns the directory of its (single) output. */
    public Path run() throws Exception {
        Map<String, Value> checked = new LinkedHashMap<>();
        for (ParamSpec p : type.params()) {
            Value v = params.containsKey(p.name()) ? p.check(params.get(p.name())) : p.defaultValue().orElseThrow();
            checked.put(p.name(), v);
        }
        for (String k : params.keySet()) {
            if (type.param(k).isEmpty()) {
                throw new IllegalArgumentException(type.name() + " has no parameter " + k);
            }
        }
        params.clear();
        params.putAll(checked);
        Files.createDirectories(sandbox.resolve(type.outputs().get(0).name()));
        type.run(this);
        return sandbox.resolve(type.outputs().get(0).name());
    }

    public String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String taskId() {
        return "test";
    }

    @Override
    public Path input(String name) {
        Path p = inputs.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no input " + name);
        }
        return p;
    }

    @Override
    public Map<String, Path> inputs() {
        return inputs;
    }

    @Override
    public Path output(String name) {
        return sandbox.resolve(name);
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
        return cpus;
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
