package org.cortexflow.engine.plan;

import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.spi.TaskType;

/**
 * A task ready for the scheduler: its spec, its type, its parameters coerced with defaults
 * applied, and its place in the graph.
 *
 * @param params every declared parameter after coercion and defaults (the key's parameter part)
 * @param upstream ids of the tasks it reads from, in input order
 * @param priority length of the longest chain of tasks from this one to a sink (critical path)
 * @param order position in the workflow file, to break priority ties
 */
public record PlannedTask(TaskSpec spec, TaskType type, Map<String, Value> params, List<String> upstream,
                          int priority, int order) {

    public String id() {
        return spec.id();
    }
}
