package org.cortexflow.dsl;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.model.Location;

/**
 * Finds the script line that made a builder call or threw an exception: the nearest stack frame of
 * the compiled script class or of one of its closures ({@code hello$_run_closure1}). Groovy keeps
 * no columns at run time, so locations here have a line only.
 */
final class ScriptLines {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final String scriptClass;
    private final String closurePrefix;
    private final String file;
    /** Call sites by builder part: a sweep runs the script once per variant, and the lines do not change. */
    private final Map<String, Location> remembered = new HashMap<>();

    ScriptLines(String scriptClass, String file) {
        this.scriptClass = scriptClass;
        this.closurePrefix = scriptClass + "$";
        this.file = file;
    }

    String file() {
        return file;
    }

    private boolean isScript(String className) {
        return className.equals(scriptClass) || className.startsWith(closurePrefix);
    }

    /**
     * The script line of the current builder call. {@code part} names the call (e.g.
     * {@code task:train/with#1}); a part seen in an earlier run of the script reuses its line
     * instead of walking the stack again.
     */
    Location caller(String part) {
        Location known = remembered.get(part);
        if (known != null) {
            return known;
        }
        Optional<Integer> line = WALKER.walk(frames -> frames
                .filter(f -> isScript(f.getClassName()) && f.getLineNumber() > 0)
                .map(StackWalker.StackFrame::getLineNumber)
                .findFirst());
        Location at = line.map(l -> new Location(file, l, 0)).orElse(Location.of(file));
        remembered.put(part, at);
        return at;
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
}
