package org.cortexflow.engine.model;

/**
 * One thing wrong with what the user wrote or asked for.
 *
 * @param location where, as precisely as known
 * @param subject the task or parameter it concerns ("" when none), e.g. {@code task 'teacher'}
 * @param message what is wrong, including what was expected
 * @param hint what to do about it ("" when there is nothing useful to add)
 */
public record Problem(Location location, String subject, String message, String hint) {

    public static Problem at(Location location, String message) {
        return new Problem(location, "", message, "");
    }

    public Problem withHint(String h) {
        return new Problem(location, subject, message, h);
    }

    public Problem about(String s) {
        return new Problem(location, s, message, hint);
    }

    /** One or two lines: {@code file:line:col: subject: message} and the hint. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (location.known()) {
            sb.append(location).append(": ");
        }
        if (!subject.isEmpty()) {
            sb.append(subject).append(": ");
        }
        sb.append(message);
        if (!hint.isEmpty()) {
            sb.append("\n  hint: ").append(hint);
        }
        return sb.toString();
    }
}
