package org.cortexflow.tasks.synth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;

/**
 * Typed access to a synth task's parameters (defaults applied), shared by the tasks and the
 * {@code cortexflow synth} command. Size-dependent parameters use 0 for "the size's default".
 */
public final class SynthParams {

    private final Map<String, Value> values;

    public SynthParams(Map<String, Value> values) {
        this.values = values;
    }

    /**
     * The parameters of {@code type} with {@code given} values checked against their declarations
     * and defaults for the rest, as the engine resolves them for a workflow task.
     */
    public static SynthParams resolve(TaskType type, Map<String, ?> given) throws TaskFailure {
        Map<String, Value> out = new LinkedHashMap<>();
        for (String name : given.keySet()) {
            if (type.param(name).isEmpty()) {
                throw new TaskFailure(type.name() + " has no parameter '" + name + "'");
            }
        }
        for (ParamSpec p : type.params()) {
            Object g = given.get(p.name());
            if (g == null) {
                out.put(p.name(), p.defaultValue().orElseThrow());
            } else {
                try {
                    out.put(p.name(), p.check(Value.of(g)));
                } catch (IllegalArgumentException e) {
                    throw new TaskFailure("parameter '" + p.name() + "': " + e.getMessage());
                }
            }
        }
        return new SynthParams(out);
    }

    public Map<String, Value> values() {
        return values;
    }

    public String text(String name) {
        return values.get(name).display();
    }

    public long integer(String name) {
        return ((Value.Int) values.get(name)).value();
    }

    public double real(String name) {
        return ((Value.Real) values.get(name)).value();
    }

    public boolean bool(String name) {
        return ((Value.Bool) values.get(name)).value();
    }

    /** A DURATION parameter in seconds. */
    public double seconds(String name) {
        return ((Value.Time) values.get(name)).value().toNanos() / 1e9;
    }

    public List<String> list(String name) {
        return ParamType.strings(values.get(name));
    }

    /** An integer parameter, or {@code otherwise} when it is 0. */
    public int intOr(String name, int otherwise) {
        long v = integer(name);
        return v == 0 ? otherwise : (int) v;
    }

    /** A number parameter, or {@code otherwise} when it is 0. */
    public double realOr(String name, double otherwise) {
        double v = real(name);
        return v == 0 ? otherwise : v;
    }

    /** A duration parameter in seconds, or {@code otherwise} when it is 0. */
    public double secondsOr(String name, double otherwise) {
        double v = seconds(name);
        return v == 0 ? otherwise : v;
    }

    public StudySize size() {
        return StudySize.of(text("size"));
    }

    /** Everything, as plain JSON values (for ground_truth.json). */
    public Map<String, Object> plain() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.plain()));
        return m;
    }
}
