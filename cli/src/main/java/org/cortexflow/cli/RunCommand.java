package org.cortexflow.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.engine.model.Futures;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.run.GpuInventory;
import org.cortexflow.engine.run.LocalExecutor;
import org.cortexflow.engine.run.RunHistory;
import org.cortexflow.engine.run.RunSummary;
import org.cortexflow.engine.run.WorkflowRun;
import org.cortexflow.engine.spi.TaskRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run a workflow: tasks whose key is cached are not run again.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    HostOptions host;

    @Mixin
    WorkflowOptions workflow;

    @Option(names = {"-q", "--quiet"}, description = "print only failures and the summary")
    boolean quiet;

    @Override
    public Integer call() {
        return run(host, workflow, quiet);
    }

    static int run(HostOptions host, WorkflowOptions workflow, boolean quiet) {
        // the store is opened, and the task types found, while the workflow is loaded (the SQLite
        // driver's start is a tenth of a second, the search of every jar for task types half of
        // that); a plan's problems are reported first, once the store is closed
        CompletableFuture<ContentStore> opening = Futures.start("cortexflow-open-store", host::openStore);
        CompletableFuture<TaskRegistry> discovering = Futures.start("cortexflow-task-types", () -> {
            TaskRegistry found = TaskRegistry.discover();
            found.fingerprint(); // for the plan's identity, made here while the main thread loads the file
            return found;
        });
        Plan plan;
        GpuInventory gpus;
        try {
            gpus = host.gpuInventory();
            plan = workflow.plan(() -> Futures.join(discovering), gpus.count(), host.store);
        } catch (RuntimeException | Error e) {
            // nothing may still be writing into the store when the command returns
            try {
                Futures.join(opening).close();
            } catch (RuntimeException ignored) {
                // the plan's problem is the one to report
            }
            throw e;
        }
        try (ContentStore store = Futures.join(opening)) {
            WorkflowRun run = new WorkflowRun(plan, store, new RunHistory(store), host.pool(gpus), new LocalExecutor(),
                    new TerminalProgress(System.out, quiet, store::entryDirectory));
            Thread hook = new Thread(() -> {
                run.cancel("cancelled by the user");
                try {
                    run.awaitRecorded(Duration.ofSeconds(10));
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
            }, "cortexflow-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
            RunSummary summary = run.execute();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                return 130;
            }
            if (summary.succeeded()) {
                return 0;
            }
            return "cancelled".equals(summary.status()) ? 130 : Main.FAILED;
        }
    }
}
