package org.cortexflow.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.cortexflow.cache.StoreException;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cortexflow} command. */
@Command(name = "cortexflow", mixinStandardHelpOptions = true, version = "cortexflow 0.1.0",
        description = "Workflow engine for EEG, fMRI and ANN-representation experiments.",
        subcommands = {RunCommand.class, DemoCommand.class, ValidateCommand.class, DagCommand.class, ExplainCommand.class,
                TasksCommand.class, ExecCommand.class, InspectCommand.class, SynthCommand.class, CacheCommand.class,
                RunsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** Exit codes. */
    static final int FAILED = 1;
    static final int INVALID = 2;
    static final int INTERNAL = 70;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, printing user errors without stack traces. */
    public static int execute(String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, debug, commandLine.getErr()));
        return cl.execute(args);
    }

    static int report(Throwable e, boolean debug, PrintWriter err) {
        if (e instanceof UserError u) {
            for (Problem p : u.problems()) {
                err.println("error: " + p.format());
            }
            if (u.problems().size() > 1) {
                err.println(u.problems().size() + " problems");
            }
            err.flush();
            return INVALID;
        }
        if (e instanceof StoreException s) {
            err.println("error: " + s.getMessage());
            if (s.hint() != null && !s.hint().isEmpty()) {
                err.println("  hint: " + s.hint());
            }
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return FAILED;
        }
        err.println("internal error: " + e);
        if (debug) {
            e.printStackTrace(err);
        } else {
            err.println("  run again with --debug for the stack trace, and please report it");
        }
        err.flush();
        return INTERNAL;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }
}
