package org.cortexflow.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.cortexflow.cache.StoreException;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code cortexflow} command. */
@Command(name = "cortexflow", mixinStandardHelpOptions = true, version = "cortexflow 0.1.0",
        description = "Workflow engine for EEG, fMRI and ANN-representation experiments.")
public final class Main implements Callable<Integer> {

    /**
     * The subcommands, by the names their {@code @Command} gives them, in the order help lists them.
     * Only the one named on the command line is set up: reading the annotations of all of them was
     * a sixth of every start.
     */
    static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("demo", DemoCommand::new);
        m.put("validate", ValidateCommand::new);
        m.put("dag", DagCommand::new);
        m.put("explain", ExplainCommand::new);
        m.put("tasks", TasksCommand::new);
        m.put("exec", ExecCommand::new);
        m.put("inspect", InspectCommand::new);
        m.put("synth", SynthCommand::new);
        m.put("cache", CacheCommand::new);
        m.put("runs", RunsCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /** Exit codes. */
    static final int FAILED = 1;
    static final int INVALID = 2;
    static final int INTERNAL = 70;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, printing user errors without stack traces. */
    public static int execute(String... args) {
        // picocli otherwise loads groovy.lang.Closure, and with it much of Groovy, on every start
        // (a quarter of a second here); Groovy workflows load it when they need it
        System.setProperty("picocli.disable.closures", "true");
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        if (COMMANDS.containsKey(first) && !first.equals("help")) {
            cl.addSubcommand(first, COMMANDS.get(first).get());
        } else if (!first.equals("--version") && !first.equals("-V")) {
            COMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }
}
