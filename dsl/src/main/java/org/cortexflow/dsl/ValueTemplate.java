package org.cortexflow.dsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.dsl.SourceNode.Scalar;
import org.cortexflow.dsl.SourceNode.Sequence;
import org.cortexflow.engine.model.Value;

/**
 * A value written in a task that may refer to workflow params: parsed once, rendered for each set
 * of param values. Strings stay text (after interpolation): the engine coerces them to the
 * parameter's declared type, so {@code 3s} written in a task is not read as a duration here.
 */
sealed interface ValueTemplate {

    Value render(Map<String, Value> params);

    /** Adds the params this value refers to. */
    void collectParams(Set<String> into);

    /** A value that refers to no param. */
    record Fixed(Value value) implements ValueTemplate {
        public Value render(Map<String, Value> params) {
            return value;
        }

        public void collectParams(Set<String> into) {
        }
    }

    record Interpolated(Interpolation text) implements ValueTemplate {
        public Value render(Map<String, Value> params) {
            return text.render(params);
        }

        public void collectParams(Set<String> into) {
            into.addAll(text.paramNames());
        }
    }

    record ListOf(List<ValueTemplate> items) implements ValueTemplate {
        public Value render(Map<String, Value> params) {
            List<Value> out = new ArrayList<>(items.size());
            for (ValueTemplate item : items) {
                out.add(item.render(params));
            }
            return new Value.Items(out);
        }

        public void collectParams(Set<String> into) {
            items.forEach(i -> i.collectParams(into));
        }
    }

    record MapOf(Map<String, ValueTemplate> fields) implements ValueTemplate {
        public Value render(Map<String, Value> params) {
            Map<String, Value> out = new LinkedHashMap<>();
            fields.forEach((k, v) -> out.put(k, v.render(params)));
            return new Value.Fields(out);
        }

        public void collectParams(Set<String> into) {
            fields.values().forEach(v -> v.collectParams(into));
        }
    }

    /**
     * The template for a node; empty, with a problem, where the node holds nothing.
     *
     * @param what what the value is, for problems (made only for one: a generated workflow has 100,000 tasks)
     * @param params the declared workflow params
     * @param inputs the task's input names, for checking {@code ${in.NAME}}
     */
    static Optional<ValueTemplate> of(SourceNode node, Supplier<String> what, Set<String> params, Set<String> inputs,
                                      Problems problems) {
        if (node instanceof Scalar s) {
            switch (s.kind()) {
                case STRING:
                    String text = (String) s.value();
                    if (text.indexOf('$') < 0) {
                        return Optional.of(new Fixed(new Value.Text(text)));
                    }
                    Interpolation parsed = Interpolation.parse(text, s.location(), what, params, inputs, problems);
                    return Optional.of(parsed.isConstant() ? new Fixed(parsed.render(Map.of())) : new Interpolated(parsed));
                case INT:
                    return Optional.of(new Fixed(new Value.Int((Long) s.value())));
                case FLOAT:
                    return Optional.of(new Fixed(new Value.Real((Double) s.value())));
                case BOOL:
                    return Optional.of(new Fixed(new Value.Bool((Boolean) s.value())));
                default:
                    problems.add(s.location(), what.get(), "has no value", "write a value, or remove the key");
                    return Optional.empty();
            }
        }
        boolean constant = true;
        if (node instanceof Sequence seq) {
            List<ValueTemplate> items = new ArrayList<>(seq.items().size());
            for (SourceNode item : seq.items()) {
                Optional<ValueTemplate> t = of(item, what, params, inputs, problems);
                if (t.isPresent()) {
                    items.add(t.get());
                    constant &= t.get() instanceof Fixed;
                }
            }
            ValueTemplate list = new ListOf(items);
            return Optional.of(constant ? new Fixed(list.render(Map.of())) : list);
        }
        Map<String, ValueTemplate> fields = new LinkedHashMap<>();
        for (Entry e : ((Mapping) node).entries()) {
            Optional<ValueTemplate> t = of(e.value(), what, params, inputs, problems);
            if (t.isPresent()) {
                fields.put(e.key(), t.get());
                constant &= t.get() instanceof Fixed;
            }
        }
        ValueTemplate map = new MapOf(fields);
        return Optional.of(constant ? new Fixed(map.render(Map.of())) : map);
    }
}
