package org.cortexflow.engine.model;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One task as the user declared it, after parameter interpolation: immutable, no runtime state.
 *
 * @param id unique name in the workflow (with a sweep suffix such as {@code student[lambda=0.1]})
 * @param type the task type's name, e.g. {@code eeg.filter}
 * @param inputs input name to the upstream task (and output) bound to it
 * @param params parameters as written (not yet coerced, no defaults)
 * @param where locations: "task", "uses", "param.NAME", "input.NAME", "resources", ...
 */
public record TaskSpec(String id, String type, Map<String, InputRef> inputs, Map<String, Value> params,
                       Resources resources, int retry, OnError onError, Optional<Duration> timeout,
                       Map<String, Location> where) {

    public TaskSpec {
        inputs = FrozenMap.of(inputs);
        params = FrozenMap.of(params);
        where = FrozenMap.of(where);
    }

    /** The most precise known location for {@code part}, else the task's. */
    public Location at(String part) {
        Location l = where.get(part);
        if (l != null && l.known()) {
            return l;
        }
        return where.getOrDefault("task", Location.NONE);
    }

    public TaskSpec withId(String newId) {
        return new TaskSpec(newId, type, inputs, params, resources, retry, onError, timeout, where);
    }

    public TaskSpec withInputs(Map<String, InputRef> newInputs) {
        return new TaskSpec(id, type, newInputs, params, resources, retry, onError, timeout, where);
    }

    public TaskSpec withParams(Map<String, Value> newParams) {
        return new TaskSpec(id, type, inputs, newParams, resources, retry, onError, timeout, where);
    }
}
