package org.cortexflow.dsl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.dsl.SourceNode.Scalar;
import org.cortexflow.dsl.SourceNode.Sequence;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Value;

/**
 * The {@code --param NAME=VALUE} overrides of one run. A value is read like a YAML value
 * ({@code 0.1} is a number, {@code 3s} a duration, {@code [1, 2]} a list), and whatever does not
 * read as one is plain text, so {@code --param cmd=echo a: b} means what it says.
 */
final class ParamOverrides {

    private final Map<String, Value> values;

    private ParamOverrides(Map<String, Value> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    static ParamOverrides parse(Map<String, String> raw) {
        Map<String, Value> out = new LinkedHashMap<>();
        raw.forEach((name, text) -> out.put(name.trim(), value(text)));
        return new ParamOverrides(out);
    }

    /** The override values by name, in the order given. */
    Map<String, Value> values() {
        return values;
    }

    /** {@code declared} with the overrides applied; an override of an undeclared param is reported. */
    Map<String, Value> applyTo(Map<String, Value> declared, Problems problems) {
        Map<String, Value> out = new LinkedHashMap<>(declared);
        values.forEach((name, value) -> {
            if (declared.containsKey(name)) {
                out.put(name, value);
            } else {
                String hint = Problems.didYouMean(name, declared.keySet());
                if (hint.isEmpty()) {
                    hint = declared.isEmpty() ? "the workflow declares no params"
                            : "the workflow's params are: " + String.join(", ", declared.keySet());
                }
                problems.add(Location.NONE, "--param " + name, "the workflow has no param named '" + name + "'", hint);
            }
        });
        return out;
    }

    static Value value(String text) {
        Problems ignored = new Problems();
        Optional<SourceNode> node = YamlTreeReader.read(text, "--param", ignored);
        if (!ignored.isEmpty() || node.isEmpty()) {
            return new Value.Text(text);
        }
        String trimmed = text.trim();
        SourceNode n = node.get();
        boolean readsAsWritten = n instanceof Scalar s && s.kind() != SourceNode.ScalarKind.NULL
                || n instanceof Sequence && trimmed.startsWith("[")
                || n instanceof Mapping && trimmed.startsWith("{");
        if (!readsAsWritten) {
            return new Value.Text(text);
        }
        return ParamValues.fromNode(n, "--param", ignored).orElse(new Value.Text(text));
    }
}
