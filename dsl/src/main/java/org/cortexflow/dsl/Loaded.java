package org.cortexflow.dsl;

import java.util.List;
import java.util.Optional;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.model.Workflow;

/**
 * A loaded workflow file: the workflow as far as it could be read, and every problem found in it,
 * in file order.
 *
 * @param workflow the tasks that could be read; tasks with a fatal mistake (no {@code uses}) are
 *     left out, a bad setting falls back to its default
 * @param problems empty when the file is correct
 * @param identity when known, a string that only this exact workflow has: the key of the
 *     loaded-workflow cache's entry for a YAML or JSON file, a digest of the loaded workflow for a
 *     Groovy script
 */
public record Loaded(Workflow workflow, List<Problem> problems, Optional<String> identity) {

    public Loaded {
        problems = List.copyOf(problems);
    }

    public Loaded(Workflow workflow, List<Problem> problems) {
        this(workflow, problems, Optional.empty());
    }

    /** The workflow, or throws {@link UserError} with every problem if there are any. */
    public Workflow orThrow() {
        if (!problems.isEmpty()) {
            throw new UserError(problems);
        }
        return workflow;
    }
}
