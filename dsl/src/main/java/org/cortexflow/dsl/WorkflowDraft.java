package org.cortexflow.dsl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.model.Value;

/**
 * What a workflow document declares, checked for structure, before tasks are rendered.
 *
 * @param params the declared params with the {@code --param} overrides applied
 * @param sweep the sweep block, when it has one without problems
 */
record WorkflowDraft(String name, Map<String, Value> params, Optional<SweepPlan> sweep, Optional<String> schedule,
                     List<TaskTemplate> tasks) {
}
