package org.cortexflow.dsl;

/**
 * Thrown into a Groovy script by the builder for a mistake the script cannot carry on after, such
 * as reading an undeclared param; reported as a problem at the script line that made it.
 */
final class ScriptMistake extends RuntimeException {

    private final String hint;

    ScriptMistake(String message, String hint) {
        super(message, null, false, true);
        this.hint = hint;
    }

    String hint() {
        return hint;
    }
}
