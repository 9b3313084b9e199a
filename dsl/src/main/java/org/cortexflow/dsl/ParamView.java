package org.cortexflow.dsl;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.cortexflow.engine.model.Value;

/**
 * What a Groovy script sees as {@code params}: the workflow params after {@code --param} overrides
 * and, in a sweep, the variant's values, as plain Java values (Long, Double, String, Boolean, List,
 * Map; durations and sizes as their text, e.g. {@code '3s'}). Reading a param that is not declared
 * stops the script with a problem rather than giving null.
 */
public final class ParamView extends AbstractMap<String, Object> {

    private final Map<String, Value> values;

    ParamView(Map<String, Value> values) {
        this.values = values;
    }

    /** The param's value; a mistake when the workflow declares no such param. */
    @Override
    public Object get(Object name) {
        Value v = values.get(name);
        if (v == null) {
            String hint = Problems.didYouMean(String.valueOf(name), values.keySet());
            throw new ScriptMistake("no workflow param named '" + name + "'",
                    hint.isEmpty() ? "declare it first: params " + name + ": VALUE" : hint);
        }
        return v.plain();
    }

    @Override
    public boolean containsKey(Object name) {
        return values.containsKey(name);
    }

    @Override
    public Object put(String name, Object value) {
        throw new ScriptMistake("params cannot be changed by assignment",
                "declare values with: params " + name + ": VALUE; override them with --param " + name + "=VALUE");
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<Entry<String, Value>> it = values.entrySet().iterator();
                return new Iterator<>() {
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    public Entry<String, Object> next() {
                        Entry<String, Value> e = it.next();
                        return new SimpleImmutableEntry<>(e.getKey(), e.getValue().plain());
                    }
                };
            }

            @Override
            public int size() {
                return values.size();
            }
        };
    }
}
