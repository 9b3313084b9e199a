package org.cortexflow.engine.spi;

import java.util.List;
import java.util.Optional;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.PortSpec;

/**
 * A kind of task a workflow can use ({@code uses: NAME}). Implementations are found with
 * {@link java.util.ServiceLoader}, so a lab can add its own in a jar on the classpath
 * (list the class in {@code META-INF/services/org.cortexflow.engine.spi.TaskType}).
 *
 * <p>The declared inputs, outputs and parameters are the single source of truth for validation,
 * {@code cortexflow tasks describe} and the generated reference.
 */
public interface TaskType {

    /** The name used in workflows, {@code family.name}. */
    String name();

    /**
     * The implementation version; part of every cache key, so bump it whenever the task's output
     * for the same inputs and parameters may change.
     */
    String version();

    /** One line saying what the task does. */
    String summary();

    List<PortSpec> inputs();

    /** At least one. A task with one output writes it directly into its output directory. */
    List<PortSpec> outputs();

    List<ParamSpec> params();

    /** True for tasks such as {@code shell} that accept inputs under any name. */
    default boolean openInputs() {
        return false;
    }

    /** The declared parameter called {@code name}. */
    default Optional<ParamSpec> param(String name) {
        return params().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Does the work. Throw {@link TaskFailure} for a failure with a clear message. */
    void run(TaskContext context) throws Exception;
}
