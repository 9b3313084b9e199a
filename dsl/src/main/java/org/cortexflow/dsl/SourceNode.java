package org.cortexflow.dsl;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cortexflow.engine.model.Location;

/**
 * A value as written in a workflow file, with where it was written. The YAML reader builds these
 * from the file; the Groovy builder builds the same shapes from the script's calls, so everything
 * after this point is shared by both front ends.
 */
sealed interface SourceNode permits SourceNode.Scalar, SourceNode.Sequence, SourceNode.Mapping {

    Location location();

    /** "a string", "a list", ... for messages that say what was found instead. */
    String describe();

    /** False for a list or map that a syntax error cut short (its error is reported already). */
    default boolean complete() {
        return true;
    }

    /** What a scalar was resolved to. Quoted YAML scalars are always strings. */
    enum ScalarKind { STRING, INT, FLOAT, BOOL, NULL }

    /**
     * @param value a String, Long, Double or Boolean matching {@code kind}; null for NULL
     * @param text the scalar as written
     */
    record Scalar(ScalarKind kind, Object value, String text, Location location) implements SourceNode {

        static Scalar string(String s, Location at) {
            return new Scalar(ScalarKind.STRING, s, s, at);
        }

        boolean isString() {
            return kind == ScalarKind.STRING;
        }

        public String describe() {
            switch (kind) {
                case STRING:
                    return "the string '" + text + "'";
                case NULL:
                    return "nothing";
                case INT:
                    return "the integer " + text;
                case FLOAT:
                    return "the number " + text;
                default:
                    return "the boolean " + text;
            }
        }
    }

    /** @param complete false when a syntax error cut the list short */
    record Sequence(List<SourceNode> items, Location location, boolean complete) implements SourceNode {
        public Sequence {
            items = List.copyOf(items);
        }

        Sequence(List<SourceNode> items, Location location) {
            this(items, location, true);
        }

        public String describe() {
            return "a list";
        }
    }

    /** One key and its value; the key's own location is where "unknown key" problems point. */
    record Entry(String key, Location keyLocation, SourceNode value) {
    }

    /**
     * A map in the order written. Duplicate keys were reported when it was built and only the first
     * was kept. Most maps are small, so lookups scan; a large one (the tasks of a generated
     * workflow) is indexed on first lookup.
     */
    final class Mapping implements SourceNode {

        private static final int SCAN_LIMIT = 8;

        private final List<Entry> entries;
        private final Location location;
        private final boolean complete;
        private Map<String, Entry> index;

        /** @param complete false when a syntax error (or a failing script) cut the map short */
        Mapping(List<Entry> entries, Location location, boolean complete) {
            this(entries, location, complete, null);
        }

        /** @param index the entries by key when the reader built that map already, else null */
        Mapping(List<Entry> entries, Location location, boolean complete, Map<String, Entry> index) {
            this.entries = Collections.unmodifiableList(entries);
            this.location = location;
            this.complete = complete;
            this.index = index == null ? null : Collections.unmodifiableMap(index);
        }

        List<Entry> entries() {
            return entries;
        }

        @Override
        public Location location() {
            return location;
        }

        @Override
        public boolean complete() {
            return complete;
        }

        Optional<Entry> entry(String key) {
            if (entries.size() <= SCAN_LIMIT) {
                for (Entry e : entries) {
                    if (e.key().equals(key)) {
                        return Optional.of(e);
                    }
                }
                return Optional.empty();
            }
            return Optional.ofNullable(index().get(key));
        }

        Optional<SourceNode> get(String key) {
            return entry(key).map(Entry::value);
        }

        /** The keys, for membership tests. */
        Set<String> keys() {
            return index().keySet();
        }

        private Map<String, Entry> index() {
            if (index == null) {
                Map<String, Entry> out = new HashMap<>(entries.size() * 2);
                for (Entry e : entries) {
                    out.putIfAbsent(e.key(), e);
                }
                index = Collections.unmodifiableMap(out);
            }
            return index;
        }

        @Override
        public String describe() {
            return "a map";
        }
    }
}
