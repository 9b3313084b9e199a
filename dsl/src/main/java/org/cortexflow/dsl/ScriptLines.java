package org.cortexflow.dsl;

import java.util.Arrays;
import org.cortexflow.engine.model.Location;

/**
 * The script line that made a builder call or threw an exception. Compiled scripts mark each
 * statement's line as they go ({@link LineMarking}), so a builder call reads the line of the
 * statement it is in; an exception's line comes from its stack trace (the nearest frame of the
 * script class or one of its closures, {@code hello$_run_closure1}). Groovy keeps no columns at
 * run time, so locations here have a line only.
 *
 * <p>The static methods are called by compiled scripts; they are public for that reason only.
 */
public final class ScriptLines {

    /** The current line and the lines of the script-declared methods' callers, per thread. */
    private static final ThreadLocal<Marks> MARKS = ThreadLocal.withInitial(Marks::new);

    private final String scriptClass;
    private final String closurePrefix;
    private final String file;

    ScriptLines(String scriptClass, String file) {
        this.scriptClass = scriptClass;
        this.closurePrefix = scriptClass + "$";
        this.file = file;
    }

    /** The script is about to run the statement at {@code line}. */
    public static void mark(int line) {
        MARKS.get().line = line;
    }

    /** A method the script declares is called: its caller's line is kept until {@link #leave}. */
    public static void enter() {
        MARKS.get().push();
    }

    /** The method returns (or throws): the caller's line is current again. */
    public static void leave() {
        MARKS.get().pop();
    }

    /** Forgets the marks of an earlier run on this thread, which may have ended with an exception. */
    static void reset() {
        MARKS.get().clear();
    }

    String file() {
        return file;
    }

    /** The script line of the current builder call. */
    Location caller() {
        int line = MARKS.get().line;
        return line > 0 ? new Location(file, line, 0) : Location.of(file);
    }

    private boolean isScript(String className) {
        return className.equals(scriptClass) || className.startsWith(closurePrefix);
    }

    /** The script line where {@code failure} happened, or the file when it did not come from the script. */
    Location of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (isScript(e.getClassName()) && e.getLineNumber() > 0) {
                    return new Location(file, e.getLineNumber(), 0);
                }
            }
        }
        return Location.of(file);
    }

    private static final class Marks {
        int line;
        int[] callers = new int[16];
        int depth;

        void push() {
            if (depth == callers.length) {
                callers = Arrays.copyOf(callers, depth * 2);
            }
            callers[depth++] = line;
        }

        void pop() {
            if (depth > 0) {
                line = callers[--depth];
            }
        }

        void clear() {
            line = 0;
            depth = 0;
        }
    }
}
