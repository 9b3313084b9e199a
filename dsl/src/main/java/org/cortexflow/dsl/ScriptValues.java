package org.cortexflow.dsl;

import groovy.lang.GString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.dsl.SourceNode.Scalar;
import org.cortexflow.dsl.SourceNode.ScalarKind;
import org.cortexflow.dsl.SourceNode.Sequence;
import org.cortexflow.engine.model.Location;

/**
 * Values a Groovy script passes to the builder, as the nodes YAML would give for the same values:
 * GStrings become strings, Groovy's BigDecimal literals ({@code 0.05}) numbers, ranges lists.
 */
final class ScriptValues {

    private ScriptValues() {
    }

    static SourceNode node(Object o, Location at, String what, Problems problems) {
        if (o == null) {
            return new Scalar(ScalarKind.NULL, null, "null", at);
        }
        if (o instanceof CharSequence || o instanceof Character) {
            return Scalar.string(text(o), at);
        }
        if (o instanceof Boolean b) {
            return new Scalar(ScalarKind.BOOL, b, b.toString(), at);
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            long n = ((Number) o).longValue();
            return new Scalar(ScalarKind.INT, n, Long.toString(n), at);
        }
        if (o instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                return new Scalar(ScalarKind.INT, big.longValue(), big.toString(), at);
            }
            problems.add(at, what, "the integer " + big + " is too large", "integers must fit in 64 bits");
            return Scalar.string(big.toString(), at);
        }
        if (o instanceof BigDecimal || o instanceof Double || o instanceof Float) {
            Number n = (Number) o;
            String text = o instanceof BigDecimal d ? d.toPlainString() : n.toString();
            return new Scalar(ScalarKind.FLOAT, n.doubleValue(), text, at);
        }
        if (o instanceof Map<?, ?> map) {
            return mapping(map, at, what, problems);
        }
        if (o instanceof Iterable<?> items) {
            List<SourceNode> out = new ArrayList<>();
            for (Object item : items) {
                out.add(node(item, at, what, problems));
            }
            return new Sequence(out, at);
        }
        if (o instanceof Object[] array) {
            return node(java.util.Arrays.asList(array), at, what, problems);
        }
        problems.add(at, what, "a " + o.getClass().getSimpleName() + " cannot be a workflow value",
                "use strings, numbers, booleans, lists and maps");
        return Scalar.string(o.toString(), at);
    }

    /**
     * A value as text, as Groovy would write it. A GString whose values are strings, numbers,
     * booleans or null is joined here: Groovy's own formatter loads part of its compiler the first
     * time it is used (0.15 s).
     */
    static String text(Object o) {
        if (!(o instanceof GString g)) {
            return String.valueOf(o);
        }
        String[] strings = g.getStrings();
        Object[] values = g.getValues();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < strings.length; i++) {
            sb.append(strings[i]);
            if (i < values.length) {
                Object v = values[i];
                boolean plain = v == null || v instanceof String || v instanceof Number || v instanceof Boolean
                        || v instanceof Character;
                if (!plain) {
                    return g.toString();
                }
                sb.append(v);
            }
        }
        return sb.toString();
    }

    static Mapping mapping(Map<?, ?> map, Location at, String what, Problems problems) {
        List<Entry> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) { // not forEach: C1 calls a capturing lambda through a method handle
            entries.add(new Entry(text(e.getKey()), at, node(e.getValue(), at, what, problems)));
        }
        return new Mapping(entries, at, true);
    }
}
