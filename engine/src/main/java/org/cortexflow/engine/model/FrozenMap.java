package org.cortexflow.engine.model;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An unmodifiable map in insertion order that no one else holds a mutable reference to. Records of
 * the model copy their maps into one; handing a FrozenMap to another record is then free, which
 * matters when a sweep builds 100,000 task specs.
 */
public final class FrozenMap<K, V> extends AbstractMap<K, V> {

    private static final FrozenMap<?, ?> EMPTY = new FrozenMap<>(Map.of());
    private final Map<K, V> entries;

    private FrozenMap(Map<K, V> entries) {
        this.entries = entries;
    }

    /** {@code map} itself when it is already frozen, else a frozen copy. */
    @SuppressWarnings("unchecked")
    public static <K, V> FrozenMap<K, V> of(Map<K, V> map) {
        if (map instanceof FrozenMap<K, V> frozen) {
            return frozen;
        }
        if (map.isEmpty()) {
            return (FrozenMap<K, V>) EMPTY;
        }
        return new FrozenMap<>(Collections.unmodifiableMap(new LinkedHashMap<>(map)));
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public V get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }
}
