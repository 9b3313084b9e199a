package org.cortexflow.engine.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The task types on the classpath, by name. */
public final class TaskRegistry {

    private final Map<String, TaskType> types;

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

    /** Known names closest to {@code name} by edit distance, best first, for "did you mean". */
    public List<String> closest(String name, int max) {
        return Spelling.closest(name, types.keySet(), max);
    }
}
