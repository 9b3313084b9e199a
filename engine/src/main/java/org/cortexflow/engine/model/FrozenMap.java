package org.cortexflow.engine.model;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An unmodifiable map in insertion order that no one else holds a mutable reference to. Records of
 * the model copy their maps into one; handing a FrozenMap to another record is then free, which
 * matters when a sweep builds 100,000 task specs. A map of up to {@value #SCAN_LIMIT} entries (a
 * task's inputs, parameters and locations) is one array of keys and values in turn, scanned in
 * order: a tenth of the memory of a linked hash map, and two objects for the collector to copy; a
 * larger one is a linked hash map.
 */
public final class FrozenMap<K, V> extends AbstractMap<K, V> {

    private static final int SCAN_LIMIT = 8;
    private static final FrozenMap<?, ?> EMPTY = new FrozenMap<>(new Object[0], 0, null);

    /** A small map's key {@code i} at {@code 2i}, its value at {@code 2i + 1}; {@code hashed} is null then. */
    private final Object[] table;
    private final int size;
    private final Map<K, V> hashed;

    private FrozenMap(Object[] table, int size, Map<K, V> hashed) {
        this.table = table;
        this.size = size;
        this.hashed = hashed;
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
        Builder<K, V> b = new Builder<>(map.size());
        for (Map.Entry<K, V> e : map.entrySet()) {
            b.put(e.getKey(), e.getValue());
        }
        return b.build();
    }

    /** A builder for {@code expected} entries (more are allowed); built once, without a copy. */
    public static <K, V> Builder<K, V> builder(int expected) {
        return new Builder<>(expected);
    }

    /**
     * Collects entries in order; a key put twice keeps its first place and takes the last value, as
     * a map does. {@link #build} hands the collected arrays to the map, so the builder is spent.
     */
    public static final class Builder<K, V> {
        private Object[] table;
        private int size;
        private LinkedHashMap<K, V> hashed;
        private boolean built;

        private Builder(int expected) {
            int capacity = Math.max(1, Math.min(expected, SCAN_LIMIT));
            table = new Object[2 * capacity];
            if (expected > SCAN_LIMIT) {
                hashed = new LinkedHashMap<>((int) (expected / 0.75f) + 1);
            }
        }

        public Builder<K, V> put(K key, V value) {
            if (built) {
                throw new IllegalStateException("this builder was built already");
            }
            if (hashed != null) {
                hashed.put(key, value);
                return this;
            }
            for (int i = 0; i < size; i++) {
                if (table[2 * i].equals(key)) {
                    table[2 * i + 1] = value;
                    return this;
                }
            }
            if (size == SCAN_LIMIT) {
                hashed = new LinkedHashMap<>(32);
                for (int i = 0; i < size; i++) {
                    hashed.put(cast(table[2 * i]), cast(table[2 * i + 1]));
                }
                hashed.put(key, value);
                return this;
            }
            if (2 * size == table.length) {
                table = Arrays.copyOf(table, 2 * Math.min(SCAN_LIMIT, size * 2));
            }
            table[2 * size] = key;
            table[2 * size + 1] = value;
            size++;
            return this;
        }

        @SuppressWarnings("unchecked")
        public FrozenMap<K, V> build() {
            built = true;
            if (hashed != null) {
                return new FrozenMap<>(null, hashed.size(), Collections.unmodifiableMap(hashed));
            }
            if (size == 0) {
                return (FrozenMap<K, V>) EMPTY;
            }
            return new FrozenMap<>(table, size, null);
        }
    }

    @Override
    public V get(Object key) {
        if (hashed != null) {
            return hashed.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : value(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return hashed != null ? hashed.containsKey(key) : indexOf(key) >= 0;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            if (table[2 * i] == key || table[2 * i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private K key(int i) {
        return cast(table[2 * i]);
    }

    private V value(int i) {
        return cast(table[2 * i + 1]);
    }

    /** The arrays hold only what {@link Builder#put} was given, so the casts are safe. */
    @SuppressWarnings("unchecked")
    private static <X> X cast(Object o) {
        return (X) o;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        if (hashed != null) {
            hashed.forEach(action);
            return;
        }
        for (int i = 0; i < size; i++) {
            action.accept(key(i), value(i));
        }
    }

    /** As a map's hash code is defined, without an entry object per entry (sweeps hash 100,000 maps). */
    @Override
    public int hashCode() {
        if (hashed != null) {
            return hashed.hashCode();
        }
        int h = 0;
        for (int i = 0; i < size; i++) {
            h += Objects.hashCode(table[2 * i]) ^ Objects.hashCode(table[2 * i + 1]);
        }
        return h;
    }

    /** As maps are equal, without an entry object per entry. */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (hashed != null || !(o instanceof Map<?, ?> other) || other.size() != size) {
            return super.equals(o);
        }
        for (int i = 0; i < size; i++) {
            Object value = table[2 * i + 1];
            Object theirs = other.get(table[2 * i]);
            if (value == null ? theirs != null || !other.containsKey(table[2 * i]) : !value.equals(theirs)) {
                return false;
            }
        }
        return true;
    }

    /** The keys in order; unlike the entry set's, its iterator makes no object per key. */
    @Override
    public Set<K> keySet() {
        if (hashed != null) {
            return hashed.keySet();
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<K> iterator() {
                return new Walk<>() {
                    @Override
                    K at(int i) {
                        return key(i);
                    }
                };
            }

            @Override
            public boolean contains(Object key) {
                return containsKey(key);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The values in order; unlike the entry set's, its iterator makes no object per value. */
    @Override
    public Collection<V> values() {
        if (hashed != null) {
            return hashed.values();
        }
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() {
                return new Walk<>() {
                    @Override
                    V at(int i) {
                        return value(i);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        if (hashed != null) {
            return hashed.entrySet();
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Walk<>() {
                    @Override
                    Entry<K, V> at(int i) {
                        return new SimpleImmutableEntry<>(key(i), value(i));
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** A small map's positions in order, each seen as {@link #at}. */
    private abstract class Walk<T> implements Iterator<T> {
        private int next;

        abstract T at(int i);

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public T next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            return at(next++);
        }
    }
}
