package org.cortexflow.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow as the front ends hand it to the engine: parameters resolved, sweeps expanded into
 * concrete tasks (tasks shared by all variants appear once).
 *
 * @param source the file it came from
 * @param params the workflow parameters after overrides
 * @param tasks tasks by id, in declaration order
 * @param variants one map of swept parameter values per sweep variant; empty without a sweep
 * @param schedule a Quartz cron expression, when the workflow has one
 */
public record Workflow(String name, String source, Map<String, Value> params, Map<String, TaskSpec> tasks,
                       List<Map<String, Value>> variants, Optional<String> schedule) {

    public Workflow {
        params = FrozenMap.of(params);
        tasks = FrozenMap.of(tasks);
        variants = List.copyOf(variants);
    }
}
