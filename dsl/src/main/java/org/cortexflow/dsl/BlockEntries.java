package org.cortexflow.dsl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.engine.model.Location;

/**
 * Map entries a Groovy script gives over several calls ({@code with a: 1} then {@code with b: 2}),
 * gathered into one map. A key given twice is reported and the first kept, as in YAML.
 */
final class BlockEntries {

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Location> seen = new HashMap<>();
    private final Location location;

    BlockEntries(Location location) {
        this.location = location;
    }

    /** Adds the entry; false (with a problem) when its key was given before. */
    boolean add(Entry entry, String subject, String what, Problems problems) {
        Location first = seen.putIfAbsent(entry.key(), entry.keyLocation());
        if (first != null) {
            problems.add(entry.keyLocation(), subject, what + " '" + entry.key() + "' is given twice"
                    + (first.line() > 0 ? " (first at line " + first.line() + ")" : ""), "");
            return false;
        }
        entries.add(entry);
        return true;
    }

    void addAll(Map<?, ?> values, Location at, String subject, String what, Problems problems) {
        for (Map.Entry<?, ?> value : values.entrySet()) { // not forEach: C1 calls a capturing lambda through a method handle
            add(new Entry(ScriptValues.text(value.getKey()), at, ScriptValues.node(value.getValue(), at, subject, problems)),
                    subject, what, problems);
        }
    }

    Mapping toMapping() {
        return new Mapping(new ArrayList<>(entries), location, true);
    }
}
