package org.cortexflow.dsl;

import groovy.lang.Closure;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.Value;

/**
 * What a Groovy workflow script's commands do ({@link WorkflowScript} hands them on): they build
 * the same document a YAML file would be read into, and {@link DocumentReader} checks it the same way. One block serves one run
 * of the script; a sweep runs the script again, with a fresh block, for every variant.
 */
final class WorkflowBlock {

    /** How each command is written, for messages about a wrong call. */
    private static final Map<String, String> USAGE = usage();

    private final ScriptLines lines;
    private final Map<String, Value> forced;
    private final Problems problems;
    /** Whether only the tasks matter: a sweep variant's run, whose sweep block was read in the first run. */
    private final boolean tasksOnly;
    private final Map<String, Value> paramValues = new LinkedHashMap<>();
    private BlockEntries params;
    private BlockEntries tasks;
    private Entry name;
    private Entry sweep;
    private Entry schedule;

    /**
     * @param forced values that replace the declared ones as soon as a param is declared: the
     *     {@code --param} overrides and a sweep variant's values
     */
    WorkflowBlock(ScriptLines lines, Map<String, Value> forced, Problems problems) {
        this(lines, forced, problems, false);
    }

    /** @param tasksOnly skip the sweep block: a variant's run, whose sweep the first run read */
    WorkflowBlock(ScriptLines lines, Map<String, Value> forced, Problems problems, boolean tasksOnly) {
        this.lines = lines;
        this.forced = forced;
        this.problems = problems;
        this.tasksOnly = tasksOnly;
    }

    private static Map<String, String> usage() {
        Map<String, String> u = new LinkedHashMap<>();
        u.put("name", "name 'my-workflow'");
        u.put("params", "params who: 'world', n: 3, window: '3s'");
        u.put("task", "task('id', uses: 'type') { input x: 'upstream'; with param: value }");
        u.put("sweep", "sweep { matrix lambda: [0, 0.05]; zip a: [1, 2], b: ['x', 'y'] }");
        u.put("schedule", "schedule cron: '0 0 3 * * ?'");
        u.put("uses", "uses 'shell'");
        u.put("input", "input NAME: 'upstream_task'");
        u.put("with", "with param: value, other: value");
        u.put("resources", "resources cpus: 2, memory: '8G', gpu: 1");
        u.put("retry", "retry 2");
        u.put("on_error", "on_error 'ignore'");
        u.put("timeout", "timeout '10m'");
        u.put("matrix", "matrix lambda: [0, 0.05], seed: [0, 1]");
        u.put("zip", "zip a: [1, 2], b: ['x', 'y']");
        return u;
    }

    /** The workflow's name; without it, the file name. */
    void name(Object workflowName) {
        Location at = lines.caller();
        if (name != null) {
            problems.add(at, "workflow", "'name' is given twice (first at line " + name.keyLocation().line() + ")", "");
            return;
        }
        name = new Entry("name", at, ScriptValues.node(workflowName, at, "name", problems));
    }

    /** Declares workflow params with their values: {@code params who: 'world', n: 3}. */
    void params(Map<String, ?> declared) {
        Location at = lines.caller();
        params = params == null ? new BlockEntries(at) : params;
        Mapping written = ScriptValues.mapping(declared, at, "params", problems);
        Map<String, Value> typed = ParamValues.readDeclarations(written, problems);
        for (Entry e : written.entries()) {
            if (params.add(e, "params", "param", problems) && typed.containsKey(e.key())) {
                paramValues.put(e.key(), forced.getOrDefault(e.key(), typed.get(e.key())));
            }
        }
    }

    /** The declared params, as {@code params.NAME}. */
    ParamView getParams() {
        return new ParamView(paramValues);
    }

    /** A task whose type and settings are all named arguments: {@code task('a', uses: 'shell', with: [...])}. */
    void task(Map<String, ?> options, Object id) {
        task(options, id, null);
    }

    /** A task without named arguments; its block must then say {@code uses 'type'}. */
    void task(Object id, Closure<?> body) {
        task(Map.of(), id, body);
    }

    /**
     * Declares a task: {@code task('train', uses: 'student.train') { input windows: 'epochs'; with lambda: 0.1 }}.
     * The block's commands are those of {@link TaskBlock}.
     */
    void task(Map<String, ?> options, Object id, Closure<?> body) {
        String taskId = ScriptValues.text(id);
        Location at = lines.caller();
        tasks = tasks == null ? new BlockEntries(at) : tasks;
        TaskBlock block = new TaskBlock(taskId, at, lines, problems, getParams());
        boolean complete = true;
        try {
            block.options(options);
            if (body != null) {
                Closure<?> bound = body.rehydrate(block, body.getOwner(), body.getThisObject());
                bound.setResolveStrategy(Closure.DELEGATE_FIRST);
                callBlock(bound);
            }
        } catch (Exception | StackOverflowError | AssertionError e) {
            // one broken task is reported and skipped; the script goes on, so later mistakes are found too
            problems.add(failure(e));
            complete = false;
        }
        tasks.add(new Entry(taskId, at, block.toMapping(complete)), "task '" + taskId + "'", "task id", problems);
    }

    /**
     * Runs a task block as {@code block.call()} would. Its no-argument {@code doCall} (every block
     * written {@code { ... }} or {@code { -> ... }} has one) is called by reflection: through the
     * closure's metaclass each call cost about 2 µs more. What the block throws comes out as it
     * is, checked exceptions included (Groovy code throws them undeclared).
     */
    private static void callBlock(Closure<?> block) throws Exception {
        Method doCall = NO_ARGUMENT_CALL.get(block.getClass());
        if (doCall == null) {
            block.call();
            return;
        }
        try {
            doCall.invoke(block);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static final ClassValue<Method> NO_ARGUMENT_CALL = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("doCall");
                if (m.getDeclaringClass() != type) {
                    return null;
                }
                m.setAccessible(true); // no access check, which looks for the caller's class, on each call
                return m;
            } catch (NoSuchMethodException | RuntimeException e) {
                return null; // then call() finds it
            }
        }
    };

    /** The sweep, as a block: {@code sweep { matrix lambda: [0, 0.05]; zip a: [1, 2], b: ['x', 'y'] }}. */
    void sweep(Closure<?> body) {
        if (tasksOnly) {
            return; // its lists are built again for nothing: 11,000 variants made that a tenth of a sweep's load
        }
        Location at = lines.caller();
        SweepBlock block = new SweepBlock(at, lines, problems);
        Closure<?> bound = body.rehydrate(block, body.getOwner(), body.getThisObject());
        bound.setResolveStrategy(Closure.DELEGATE_FIRST);
        bound.call();
        setSweep(block.toMapping(), at);
    }

    /** The sweep, as named arguments: {@code sweep matrix: [lambda: [0, 0.05]]}. */
    void sweep(Map<String, ?> block) {
        if (tasksOnly) {
            return;
        }
        Location at = lines.caller();
        setSweep(ScriptValues.mapping(block, at, "sweep", problems), at);
    }

    private void setSweep(Mapping block, Location at) {
        if (sweep != null) {
            problems.add(at, "sweep", "a workflow has one sweep (the first is at line " + sweep.keyLocation().line() + ")",
                    "put every swept param in one sweep block");
            return;
        }
        sweep = new Entry("sweep", at, block);
    }

    /** When the workflow runs by itself: {@code schedule cron: '0 0 3 * * ?'} (Quartz cron syntax). */
    void schedule(Map<String, ?> when) {
        Location at = lines.caller();
        if (schedule != null) {
            problems.add(at, "schedule", "is given twice (first at line " + schedule.keyLocation().line() + ")", "");
            return;
        }
        schedule = new Entry("schedule", at, ScriptValues.mapping(when, at, "schedule", problems));
    }

    /**
     * What the script declared, as the document YAML would give.
     *
     * @param complete false when the script stopped early, so that what it did not reach is not
     *     reported as missing
     */
    Mapping document(boolean complete) {
        List<Entry> entries = new ArrayList<>();
        if (name != null) {
            entries.add(name);
        }
        if (params != null) {
            Mapping p = params.toMapping();
            entries.add(new Entry("params", p.location(), p));
        }
        if (tasks != null) {
            Mapping t = tasks.toMapping();
            entries.add(new Entry("tasks", t.location(), t));
        }
        if (sweep != null) {
            entries.add(sweep);
        }
        if (schedule != null) {
            entries.add(schedule);
        }
        return new Mapping(entries, Location.of(lines.file()), complete);
    }

    /** A failure of the script as a problem at the script line where it happened. */
    Problem failure(Throwable t) {
        Location at = lines.of(t);
        if (t instanceof ScriptMistake m) {
            return new Problem(at, "script", m.getMessage(), m.hint());
        }
        if (t instanceof MissingPropertyException e && isOurs(e.getType())) {
            String property = e.getProperty();
            String hint = paramValues.containsKey(property) ? "read workflow params as params." + property
                    : Problems.didYouMean(property, paramValues.keySet());
            return new Problem(at, "script", "unknown name '" + property + "'", hint);
        }
        if (t instanceof MissingMethodException e && isOurs(e.getType())) {
            String method = e.getMethod();
            if (USAGE.containsKey(method)) {
                return new Problem(at, "script", "'" + method + "' cannot take " + argumentTypes(e.getArguments()),
                        "write " + USAGE.get(method));
            }
            String hint = Problems.didYouMean(method, USAGE.keySet());
            return new Problem(at, "script", "unknown command '" + method + "'",
                    hint.isEmpty() ? "the commands are: " + String.join(", ", USAGE.keySet()) : hint);
        }
        if (t instanceof StackOverflowError) {
            return new Problem(at, "script", "the script recursed too deeply", "");
        }
        String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        if (t instanceof AssertionError) {
            return new Problem(at, "script", "assertion failed: " + message, "");
        }
        return new Problem(at, "script", t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message), "");
    }

    private static boolean isOurs(Class<?> type) {
        return type == null || type == WorkflowBlock.class || type == TaskBlock.class || type == SweepBlock.class
                || WorkflowScript.class.isAssignableFrom(type) || groovy.lang.Closure.class.isAssignableFrom(type);
    }

    private static String argumentTypes(Object[] args) {
        if (args == null || args.length == 0) {
            return "no arguments";
        }
        List<String> types = new ArrayList<>();
        for (Object a : args) {
            types.add(a == null ? "null" : a instanceof Map ? "named arguments"
                    : a instanceof Closure ? "a block" : a.getClass().getSimpleName());
        }
        return "(" + String.join(", ", types) + ")";
    }
}
