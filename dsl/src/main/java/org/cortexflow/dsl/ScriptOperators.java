package org.cortexflow.dsl;

import org.codehaus.groovy.runtime.StringGroovyMethods;

/**
 * What a workflow script's operators compute where {@link DirectOperators} compiles them as plain
 * calls: the same values Groovy's dispatch gives, without it. Ints wrap on overflow, as in Groovy.
 *
 * <p>The methods are called by compiled scripts; they are public for that reason only.
 */
public final class ScriptOperators {

    private ScriptOperators() {
    }

    public static int plus(int a, int b) {
        return a + b;
    }

    public static int minus(int a, int b) {
        return a - b;
    }

    public static int multiply(int a, int b) {
        return a * b;
    }

    public static boolean lessThan(int a, int b) {
        return a < b;
    }

    public static boolean lessThanEqual(int a, int b) {
        return a <= b;
    }

    public static boolean greaterThan(int a, int b) {
        return a > b;
    }

    public static boolean greaterThanEqual(int a, int b) {
        return a >= b;
    }

    public static boolean equal(int a, int b) {
        return a == b;
    }

    public static boolean notEqual(int a, int b) {
        return a != b;
    }

    /** {@code text + value}: the {@code String.plus} Groovy picks for the value's class. */
    public static String concat(String text, Object value) {
        return value instanceof CharSequence chars ? StringGroovyMethods.plus(text, chars) : StringGroovyMethods.plus((CharSequence) text, value);
    }
}
