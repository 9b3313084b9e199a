package org.cortexflow.engine.model;

import java.util.Optional;

/** An input binding: the upstream task and, when it has several, which output. */
public record InputRef(String task, Optional<String> output) {

    /** Parses {@code task} or {@code task.output}; a task id may itself contain dots only before a sweep suffix. */
    public static InputRef parse(String text) {
        int bracket = text.indexOf('[');
        int dot = text.lastIndexOf('.');
        if (dot > 0 && (bracket < 0 || dot > text.lastIndexOf(']'))) {
            return new InputRef(text.substring(0, dot), Optional.of(text.substring(dot + 1)));
        }
        return new InputRef(text, Optional.empty());
    }

    public static InputRef of(String task) {
        return new InputRef(task, Optional.empty());
    }

    @Override
    public String toString() {
        return output.map(o -> task + "." + o).orElse(task);
    }
}
