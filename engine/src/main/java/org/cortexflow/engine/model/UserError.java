package org.cortexflow.engine.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one error type for mistakes the user can fix: bad workflow files, bad parameters, missing
 * inputs, failed tasks. The CLI prints its problems and exits non-zero, without a stack trace.
 */
public final class UserError extends RuntimeException {

    private final List<Problem> problems;

    public UserError(List<Problem> problems) {
        super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a UserError needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public UserError(Problem problem) {
        this(List.of(problem));
    }

    public UserError(String message, String hint) {
        this(new Problem(Location.NONE, "", message, hint));
    }

    public List<Problem> problems() {
        return problems;
    }
}
