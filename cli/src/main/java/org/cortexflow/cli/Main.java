package org.cortexflow.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.cortexflow.cache.StoreException;
import org.cortexflow.dsl.WorkflowLoader;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code cortexflow} command. */
@Command(name = "cortexflow", mixinStandardHelpOptions = true, version = "cortexflow 0.1.0",
        scope = CommandLine.ScopeType.INHERIT, // every subcommand takes --help too
        description = "Workflow engine for EEG, fMRI and ANN-representation experiments.")
public final class Main implements Callable<Integer> {

    /**
     * The subcommands' names, as their {@code @Command}s give them, in the order help lists them.
     * Only the one named on the command line is set up (and its class loaded): reading the
     * annotations of all of them was a sixth of every start.
     */
    static final List<String> COMMANDS = List.of("run", "demo", "validate", "dag", "explain", "tasks", "exec",
            "inspect", "synth", "cache", "runs", "help");

    /** A new instance of the subcommand {@code name}, one of {@link #COMMANDS}. */
    static Object command(String name) {
        return switch (name) {
            case "run" -> new RunCommand();
            case "demo" -> new DemoCommand();
            case "validate" -> new ValidateCommand();
            case "dag" -> new DagCommand();
            case "explain" -> new ExplainCommand();
            case "tasks" -> new TasksCommand();
            case "exec" -> new ExecCommand();
            case "inspect" -> new InspectCommand();
            case "synth" -> new SynthCommand();
            case "cache" -> new CacheCommand();
            case "runs" -> new RunsCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
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
        // SLF4J otherwise searches every jar for its provider (a twentieth of a cached rerun's CPU):
        // it is logback, configured by LogSetup. Quiet about having been told so.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        if (first(args).equals("validate") || first(args).equals("dag")) {
            // these never find a workflow loaded before (run does, and then needs no compiler)
            for (String arg : args) {
                WorkflowLoader.prepare(arg);
            }
        }
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main());
        String first = first(args);
        if (COMMANDS.contains(first) && !first.equals("help")) {
            cl.addSubcommand(first, command(first));
        } else if (!first.equals("--version") && !first.equals("-V")) {
            COMMANDS.forEach(name -> cl.addSubcommand(name, command(name)));
        }
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, debug, commandLine.getErr()));
        return cl.execute(args);
    }

    private static String first(String[] args) {
        return args.length > 0 ? args[0] : "";
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
