package org.cortexflow.cli;

import java.util.concurrent.Callable;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.Planner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", description = "Check a workflow without running anything; report every error with file:line:column.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    HostOptions host;

    @Mixin
    WorkflowOptions workflow;

    @Override
    public Integer call() {
        Planner.Result result = workflow.check(WorkflowOptions.discovering(), host.gpuInventory().count());
        if (!result.problems().isEmpty()) {
            for (Problem p : result.problems()) {
                System.err.println("error: " + p.format());
            }
            System.err.println(result.problems().size() + (result.problems().size() == 1 ? " problem" : " problems")
                    + " in " + workflow.file);
            return Main.INVALID;
        }
        Plan plan = result.plan().orElseThrow();
        System.out.printf("ok: %s is valid (%d tasks, %d dependencies%s)%n", workflow.file, plan.tasks().size(),
                plan.graph().edgeSet().size(),
                plan.workflow().variants().isEmpty() ? "" : ", " + plan.workflow().variants().size() + " sweep variants");
        return 0;
    }
}
