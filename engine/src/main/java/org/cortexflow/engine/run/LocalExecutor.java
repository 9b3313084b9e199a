package org.cortexflow.engine.run;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs tasks in this JVM; tasks that need a program start it through their context. */
public final class LocalExecutor implements Executor {

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void run(Job job) throws Exception {
        try (PrintStream log = new PrintStream(job.taskLog(), true, StandardCharsets.UTF_8)) {
            job.task().type().run(new JobContext(job, log));
        }
    }
}
