package org.cortexflow.dsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.dsl.SourceNode.Scalar;
import org.cortexflow.dsl.SourceNode.Sequence;
import org.cortexflow.engine.model.Units;
import org.cortexflow.engine.model.Value;

/**
 * How workflow params, sweep values and {@code --param} overrides become typed values. Unlike task
 * parameters (which the engine coerces to their declared types), a workflow param has no declared
 * type, so its type is read from how it is written: {@code 3s} is a duration, {@code 8G} a size.
 */
final class ParamValues {

    /** Param names must be usable as {@code ${name}} and as Groovy's {@code params.name}. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A {@code ${} that is not the escape <code>$${</code>. */
    private static final Pattern REFERENCE = Pattern.compile("(?<!\\$)\\$\\{");

    private static final Pattern HAS_LETTER = Pattern.compile(".*[A-Za-z].*");

    private ParamValues() {
    }

    /** A duration when it reads as one, a size when it reads as one with a unit, else text. */
    static Value fromString(String s) {
        Optional<java.time.Duration> duration = Units.parseDuration(s);
        if (duration.isPresent()) {
            return new Value.Time(duration.get());
        }
        // a bare number in quotes stays text: only "512M", "8G", "100B" are sizes
        if (HAS_LETTER.matcher(s).matches()) {
            Optional<Long> size = Units.parseSize(s);
            if (size.isPresent()) {
                return new Value.Bytes(size.get());
            }
        }
        return new Value.Text(s);
    }

    /** The node as a param value; empty, with a problem, where it holds nothing. */
    static Optional<Value> fromNode(SourceNode node, String what, Problems problems) {
        if (node instanceof Scalar s) {
            switch (s.kind()) {
                case STRING:
                    if (REFERENCE.matcher(s.text()).find()) {
                        problems.add(s.location(), what, "params cannot refer to other params ('" + s.text() + "')",
                                "write the value out, or refer to both params in the task that uses them");
                    }
                    return Optional.of(fromString((String) s.value()));
                case INT:
                    return Optional.of(new Value.Int((Long) s.value()));
                case FLOAT:
                    return Optional.of(new Value.Real((Double) s.value()));
                case BOOL:
                    return Optional.of(new Value.Bool((Boolean) s.value()));
                default:
                    problems.add(s.location(), what, "has no value", "write a value, or remove it");
                    return Optional.empty();
            }
        }
        if (node instanceof Sequence seq) {
            List<Value> out = new ArrayList<>(seq.items().size());
            for (SourceNode item : seq.items()) {
                fromNode(item, what, problems).ifPresent(out::add);
            }
            return Optional.of(new Value.Items(out));
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (Entry e : ((Mapping) node).entries()) {
            fromNode(e.value(), what, problems).ifPresent(v -> out.put(e.key(), v));
        }
        return Optional.of(new Value.Fields(out));
    }

    /** The {@code params:} block, in the order written. */
    static Map<String, Value> readDeclarations(SourceNode node, Problems problems) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (!(node instanceof Mapping map)) {
            if (!(node instanceof Scalar s && s.kind() == SourceNode.ScalarKind.NULL)) {
                problems.add(node.location(), "params", "expected a map of NAME: value, found " + node.describe(), "");
            }
            return out;
        }
        for (Entry e : map.entries()) {
            String name = e.key();
            if (!NAME.matcher(name).matches() || name.equals("in")) {
                problems.add(e.keyLocation(), "params", "'" + name + "' cannot be a param name",
                        name.equals("in") ? "'in' is reserved for ${in.NAME}"
                                : "use letters, digits and '_', starting with a letter or '_'");
                continue;
            }
            fromNode(e.value(), "param '" + name + "'", problems).ifPresent(v -> out.put(name, v));
        }
        return out;
    }
}
