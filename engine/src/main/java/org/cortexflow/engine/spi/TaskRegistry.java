package org.cortexflow.engine.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.cortexflow.cache.Digest;
import org.cortexflow.cache.Keys;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.PortSpec;

/** The task types on the classpath, by name. */
public final class TaskRegistry {

    private final Map<String, TaskType> types;
    private Digest fingerprint;

    public TaskRegistry(Collection<? extends TaskType> all) {
        Map<String, TaskType> byName = new TreeMap<>();
        for (TaskType t : all) {
            TaskType previous = byName.put(t.name(), t);
            if (previous != null && previous.getClass() != t.getClass()) {
                throw new IllegalStateException("two task types are called " + t.name() + ": "
                        + previous.getClass().getName() + " and " + t.getClass().getName());
            }
        }
        this.types = byName;
    }

    /** Every {@link TaskType} that {@link ServiceLoader} finds. */
    public static TaskRegistry discover() {
        List<TaskType> found = new ArrayList<>();
        ServiceLoader.load(TaskType.class).forEach(found::add);
        return new TaskRegistry(found);
    }

    public Optional<TaskType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public List<TaskType> all() {
        List<TaskType> list = new ArrayList<>(types.values());
        list.sort(Comparator.comparing(TaskType::name));
        return list;
    }

    /**
     * A digest of everything about these types that a plan and its cache keys are made from: names,
     * implementation versions, ports, parameters with their types and defaults. Two registries with
     * one fingerprint plan a workflow alike.
     */
    public synchronized Digest fingerprint() {
        if (fingerprint != null) {
            return fingerprint;
        }
        List<Object> all = new ArrayList<>();
        for (TaskType t : all()) {
            List<Object> params = new ArrayList<>();
            for (ParamSpec p : t.params()) {
                params.add(List.of(p.name(), p.type().name(), p.defaultValue().map(v -> List.of(v.canonical())).orElse(List.of())));
            }
            all.add(List.of(t.name(), t.version(), t.inputs().stream().map(PortSpec::name).toList(),
                    t.outputs().stream().map(PortSpec::name).toList(), params));
        }
        fingerprint = Keys.hash("task-types", all);
        return fingerprint;
    }

    /** Known names closest to {@code name} by edit distance, best first, for "did you mean". */
    public List<String> closest(String name, int max) {
        return Spelling.closest(name, types.keySet(), max);
    }
}
