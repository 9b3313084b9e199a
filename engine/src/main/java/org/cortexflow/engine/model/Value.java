package org.cortexflow.engine.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A typed parameter value, as written in a workflow and after coercion to a parameter's declared
 * type. {@link #canonical()} is what enters a cache key.
 */
public sealed interface Value {

    /** The structure {@code Keys} hashes: tagged so that 1, 1.0, "1" and 1s differ. */
    Object canonical();

    /** A plain Java value for JSON: String, Long, Double, Boolean, List or Map. */
    Object plain();

    /** How a person would write it. */
    String display();

    /** The name of this value's kind, for error messages. */
    String kind();

    // Text's and Int's equality is written out: a record's is linked through method handles, which
    // C1-compiled code calls slowly, and sweeps compare and hash the values of 100,000 tasks.

    record Text(String value) implements Value {
        public Object canonical() { return value; }
        public Object plain() { return value; }
        public String display() { return value; }
        public String kind() { return "string"; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && value.equals(t.value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }

    record Int(long value) implements Value {
        public Object canonical() { return value; }
        public Object plain() { return value; }
        public String display() { return Long.toString(value); }
        public String kind() { return "integer"; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Int i && value == i.value;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(value);
        }
    }

    record Real(double value) implements Value {
        public Object canonical() { return value; }
        public Object plain() { return value; }
        public String display() {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) + ".0" : Double.toString(value);
        }
        public String kind() { return "number"; }
    }

    record Bool(boolean value) implements Value {
        public Object canonical() { return value; }
        public Object plain() { return value; }
        public String display() { return Boolean.toString(value); }
        public String kind() { return "boolean"; }
    }

    /** A duration, canonical in nanoseconds. */
    record Time(Duration value) implements Value {
        public Object canonical() { return List.of("duration", value.toNanos()); }
        public Object plain() { return display(); }
        public String display() { return Units.formatDuration(value); }
        public String kind() { return "duration"; }
    }

    /** A size in bytes. */
    record Bytes(long value) implements Value {
        public Object canonical() { return List.of("size", value); }
        public Object plain() { return display(); }
        public String display() { return Units.formatSize(value); }
        public String kind() { return "size"; }
    }

    record Items(List<Value> values) implements Value {
        public Items {
            values = List.copyOf(values);
        }
        public Object canonical() {
            List<Object> out = new ArrayList<>(values.size());
            values.forEach(v -> out.add(v.canonical()));
            return out;
        }
        public Object plain() {
            List<Object> out = new ArrayList<>(values.size());
            values.forEach(v -> out.add(v.plain()));
            return out;
        }
        public String display() {
            List<String> parts = new ArrayList<>();
            values.forEach(v -> parts.add(v.display()));
            return "[" + String.join(", ", parts) + "]";
        }
        public String kind() { return "list"; }
    }

    /** A map with string keys, kept in key order. */
    record Fields(Map<String, Value> values) implements Value {
        public Fields {
            values = Collections.unmodifiableMap(new TreeMap<>(values));
        }
        public Object canonical() {
            Map<String, Object> out = new TreeMap<>();
            values.forEach((k, v) -> out.put(k, v.canonical()));
            return List.of("map", out);
        }
        public Object plain() {
            Map<String, Object> out = new LinkedHashMap<>();
            values.forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }
        public String display() {
            List<String> parts = new ArrayList<>();
            values.forEach((k, v) -> parts.add(k + ": " + v.display()));
            return "{" + String.join(", ", parts) + "}";
        }
        public String kind() { return "map"; }
    }

    static Value text(String s) {
        return new Text(s);
    }

    /** A Java value (from YAML, Groovy or JSON) as a Value: strings stay strings until coerced. */
    static Value of(Object o) {
        if (o instanceof Value v) {
            return v;
        }
        if (o instanceof CharSequence s) {
            return new Text(s.toString());
        }
        if (o instanceof Boolean b) {
            return new Bool(b);
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte
                || o instanceof java.math.BigInteger) {
            return new Int(((Number) o).longValue());
        }
        if (o instanceof Number n) {
            return new Real(n.doubleValue());
        }
        if (o instanceof Duration d) {
            return new Time(d);
        }
        if (o instanceof List<?> list) {
            List<Value> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(of(x)));
            return new Items(out);
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, Value> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
            return new Fields(out);
        }
        throw new IllegalArgumentException("unsupported value " + o + " (" + (o == null ? "null" : o.getClass().getSimpleName()) + ")");
    }
}
