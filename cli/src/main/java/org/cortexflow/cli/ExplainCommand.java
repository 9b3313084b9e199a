package org.cortexflow.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.run.Explainer;
import org.cortexflow.engine.run.RunHistory;
import org.cortexflow.engine.spi.Spelling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "explain", description = "Say whether each task (or TASK) will run, and which part of its key changed.")
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    HostOptions host;

    @Mixin
    WorkflowOptions workflow;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TASK", description = "the task to explain (default: all)")
    Optional<String> task = Optional.empty();

    @Override
    public Integer call() {
        Plan plan = workflow.plan(WorkflowOptions.discovering(), host.gpuInventory().count(), host.store);
        if (task.isPresent() && !plan.tasks().containsKey(task.get())) {
            throw new UserError("no task '" + task.get() + "' in " + workflow.file,
                    Spelling.closest(task.get(), plan.tasks().keySet(), 3).stream().findFirst()
                            .map(s -> "did you mean " + s + "?").orElse("`cortexflow dag " + workflow.file + "` shows the tasks"));
        }
        try (ContentStore store = host.openStore()) {
            Map<String, Explainer.Verdict> verdicts = new Explainer(plan, store, new RunHistory(store)).explainAll();
            for (Explainer.Verdict v : verdicts.values()) {
                if (task.isPresent() && !task.get().equals(v.taskId())) {
                    continue;
                }
                System.out.println(v.taskId() + ": " + (v.willRun() ? "will run" : "cached"));
                for (String r : v.reasons()) {
                    System.out.println("  " + r);
                }
            }
        }
        return 0;
    }
}
