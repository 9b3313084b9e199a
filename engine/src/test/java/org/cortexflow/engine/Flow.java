package org.cortexflow.engine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.OnError;
import org.cortexflow.engine.model.Resources;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.model.Workflow;

/** Builds workflows in tests without a front end. */
public final class Flow {

    private final String name;
    private final Map<String, TaskSpec> tasks = new LinkedHashMap<>();

    public Flow(String name) {
        this.name = name;
    }

    public Flow task(String id, String type, Map<String, String> inputs, Map<String, Object> params) {
        return task(id, type, inputs, params, Resources.DEFAULT, 0, OnError.TERMINATE, Optional.empty());
    }

    Flow task(String id, String type, Map<String, String> inputs, Map<String, Object> params, Resources resources,
              int retry, OnError onError, Optional<Duration> timeout) {
        Map<String, InputRef> in = new LinkedHashMap<>();
        inputs.forEach((k, v) -> in.put(k, InputRef.parse(v)));
        Map<String, Value> p = new LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, Value.of(v)));
        tasks.put(id, new TaskSpec(id, type, in, p, resources, retry, onError, timeout,
                Map.of("task", new Location("test.yaml", tasks.size() + 1, 3))));
        return this;
    }

    public Workflow build() {
        return new Workflow(name, "test.yaml", Map.of(), tasks, List.of(), Optional.empty());
    }
}
