package org.cortexflow.dsl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Value;

/**
 * A string with {@code ${name}} references to workflow params, parsed once and rendered for each
 * set of param values (a sweep renders it once per variant).
 *
 * <ul>
 *   <li>A string that is exactly {@code ${name}} renders as the param's typed value.</li>
 *   <li>Embedded references render as the param's {@link Value#display()}; the result is text.</li>
 *   <li>{@code ${in.NAME}} is left as written: the shell task replaces it with the directory of
 *       input NAME when it runs. NAME must be one of the task's inputs.</li>
 *   <li><code>$${</code> is a literal <code>${</code>.</li>
 * </ul>
 */
final class Interpolation {

    static final String INPUT_PREFIX = "in.";

    /** A reference to a workflow param. Literal parts are plain Strings. */
    private record ParamRef(String name) {
    }

    private final List<Object> parts;

    private Interpolation(List<Object> parts) {
        this.parts = parts;
    }

    /**
     * Parses {@code text}, reporting unknown params, unknown inputs and unterminated references at
     * {@code at}. A reference that cannot be resolved is kept as literal text so rendering never fails.
     *
     * @param inputs the task's input names; null where {@code ${in.NAME}} makes no sense (params)
     */
    static Interpolation parse(String text, Location at, Supplier<String> subject, Set<String> params, Set<String> inputs,
                               Problems problems) {
        List<Object> parts = new ArrayList<>(2);
        StringBuilder literal = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int dollar = text.indexOf('$', i);
            if (dollar < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, dollar);
            if (text.startsWith("$${", dollar)) {
                literal.append("${");
                i = dollar + 3;
                continue;
            }
            if (!text.startsWith("${", dollar)) {
                literal.append('$');
                i = dollar + 1;
                continue;
            }
            int close = text.indexOf('}', dollar + 2);
            if (close < 0) {
                problems.add(at, subject.get(), "unterminated '${' in '" + text + "'",
                        "close it with '}', or write '$${' for a literal '${'");
                literal.append(text, dollar, text.length());
                break;
            }
            String name = text.substring(dollar + 2, close).trim();
            i = close + 1;
            if (name.startsWith(INPUT_PREFIX)) {
                // left as written: the shell task puts the input's directory there when it runs
                checkInput(name.substring(INPUT_PREFIX.length()), text, dollar, close, at, subject, inputs, problems);
                literal.append(text, dollar, close + 1);
            } else if (params.contains(name)) {
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(new ParamRef(name));
            } else {
                String written = text.substring(dollar, close + 1);
                String hint = name.isEmpty() ? "write ${NAME} with NAME one of the workflow's params"
                        : Problems.suggestion(name, params);
                problems.add(at, subject.get(), "'" + written + "' refers to no workflow param"
                        + (name.isEmpty() ? "" : " named '" + name + "'"), hint);
                literal.append(written);
            }
        }
        if (literal.length() > 0 || parts.isEmpty()) {
            parts.add(literal.toString());
        }
        return new Interpolation(parts);
    }

    /** Checks the input {@code name} of the reference {@code text[dollar, close]}. */
    private static void checkInput(String name, String text, int dollar, int close, Location at, Supplier<String> subject,
                                   Set<String> inputs, Problems problems) {
        if (inputs != null && inputs.contains(name)) {
            return;
        }
        String written = text.substring(dollar, close + 1);
        if (inputs == null) {
            problems.add(at, subject.get(), "'" + written + "' names a task input, but only task parameters can use inputs", "");
        } else if (!inputs.contains(name)) {
            String hint = inputs.isEmpty() ? "declare the input under 'in:' (Groovy: input NAME: 'task')"
                    : Problems.suggestion(name, inputs);
            problems.add(at, subject.get(), "'" + written + "' refers to no input of this task named '" + name + "'", hint);
        }
    }

    /** True when the text holds no param reference, so it renders the same for every variant. */
    boolean isConstant() {
        return parts.size() == 1 && parts.get(0) instanceof String;
    }

    /** The params referred to, in order of appearance. */
    Set<String> paramNames() {
        Set<String> out = new LinkedHashSet<>();
        for (Object part : parts) {
            if (part instanceof ParamRef ref) {
                out.add(ref.name());
            }
        }
        return out;
    }

    /** The value for these params, which must hold every name in {@link #paramNames()}. */
    Value render(Map<String, Value> params) {
        if (parts.size() == 1) {
            Object only = parts.get(0);
            return only instanceof ParamRef ref ? params.get(ref.name()) : new Value.Text((String) only);
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            out.append(part instanceof ParamRef ref ? params.get(ref.name()).display() : (String) part);
        }
        return new Value.Text(out.toString());
    }
}
