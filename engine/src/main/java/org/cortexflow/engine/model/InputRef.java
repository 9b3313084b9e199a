package org.cortexflow.engine.model;

import java.util.Optional;

/**
 * An input binding: the upstream task and, when it has several, which output. A task written
 * {@code id[*]} gathers: under a sweep the input is bound to every version of {@code id}
 * (one input per version, named {@code NAME[k=v,...]}), so one task can summarise all variants.
 */
public record InputRef(String task, Optional<String> output) {

    /** The suffix that makes an input gather every sweep version of its task. */
    public static final String EVERY_VERSION = "[*]";

    /** Parses {@code task} or {@code task.output}; a task id may itself contain dots only before a sweep suffix. */
    public static InputRef parse(String text) {
        int bracket = text.indexOf('[');
        int dot = text.lastIndexOf('.');
        if (dot > 0 && (bracket < 0 || dot > text.lastIndexOf(']'))) {
            return new InputRef(text.substring(0, dot), Optional.of(text.substring(dot + 1)));
        }
        return new InputRef(text, Optional.empty());
    }

    /** Whether this input gathers every sweep version of its task ({@code id[*]}). */
    public boolean gathers() {
        return task.endsWith(EVERY_VERSION);
    }

    /** The task id without the gathering suffix. */
    public String gatheredTask() {
        return gathers() ? task.substring(0, task.length() - EVERY_VERSION.length()) : task;
    }

    /** The same binding to another task, keeping the output. */
    public InputRef to(String otherTask) {
        return new InputRef(otherTask, output);
    }

    public static InputRef of(String task) {
        return new InputRef(task, Optional.empty());
    }

    @Override
    public String toString() {
        return output.isPresent() ? task + "." + output.get() : task;
    }
}
