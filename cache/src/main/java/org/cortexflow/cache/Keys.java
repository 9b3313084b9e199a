package org.cortexflow.cache;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one place that turns structures into digests. Every key is the SHA-256 of a tagged,
 * canonical encoding whose first element is {@link #SCHEME}, so a change of encoding causes
 * misses, never false hits.
 *
 * <p>Encodable values: String, Boolean, Integer/Long, Double, BigDecimal, Digest, List, and Map
 * with String keys (encoded in key order). Every atom is length-prefixed, so no two structures
 * share one byte string.
 */
public final class Keys {

    /**
     * Version of the key encoding; bump it whenever {@link #canonical} or the content digest of
     * files ({@link ContentDigest}) changes. 2: file contents by XXH3-128 chunks instead of SHA-256.
     */
    static final int SCHEME_NUMBER = 2;

    /** The scheme as it enters every key; its number is also the index's SQLite user_version. */
    public static final String SCHEME = "cortexflow-key/" + SCHEME_NUMBER;

    private Keys() {
    }

    /** Hash of {@code [SCHEME, tag, [parts...]]}. */
    public static Digest hash(String tag, Object... parts) {
        return Digest.of(canonical(List.of(SCHEME, tag, List.of(parts))));
    }

    /** The canonical bytes of a structure. */
    public static byte[] canonical(Object value) {
        Buffer out = new Buffer();
        encode(value, out);
        return Arrays.copyOf(out.bytes, out.size);
    }

    /** A growing byte array; ByteArrayOutputStream locks on every write, and keys write many small atoms. */
    private static final class Buffer {
        byte[] bytes = new byte[512];
        int size;

        void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        /** The decimal digits of {@code n} (not negative) and ':'. */
        void length(int n) {
            ensure(11);
            int digits = 1;
            for (int rest = n; rest >= 10; rest /= 10) {
                digits++;
            }
            for (int i = size + digits - 1; i >= size; i--) {
                bytes[i] = (byte) ('0' + n % 10);
                n /= 10;
            }
            size += digits;
            bytes[size++] = ':';
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    private static void encode(Object value, Buffer out) {
        if (value instanceof String s) {
            atom('s', s, out);
        } else if (value instanceof Boolean b) {
            atom('b', b ? "1" : "0", out);
        } else if (value instanceof Integer || value instanceof Long) {
            atom('i', value.toString(), out);
        } else if (value instanceof Double d) {
            atom('f', d == 0.0 ? "0.0" : Double.toString(d), out); // -0.0 and 0.0 are one value
        } else if (value instanceof BigDecimal d) {
            atom('d', d.stripTrailingZeros().toPlainString(), out);
        } else if (value instanceof Digest d) {
            atom('h', d.hex(), out);
        } else if (value instanceof List<?> list) {
            out.write('l');
            out.length(list.size());
            for (Object item : list) {
                encode(item, out);
            }
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            Map<?, ?> sorted = map instanceof SortedMap<?, ?> s && s.comparator() == null ? map : sortedCopy(map);
            out.write('m');
            out.length(sorted.size());
            for (var e : sorted.entrySet()) {
                atom('s', (String) e.getKey(), out);
                encode(e.getValue(), out);
            }
            out.write('e');
        } else {
            throw new IllegalArgumentException("no canonical form for "
                    + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static TreeMap<String, Object> sortedCopy(Map<?, ?> map) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put((String) k, v));
        return sorted;
    }

    private static void atom(char tag, String text, Buffer out) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(tag);
        out.length(bytes.length);
        out.write(bytes);
    }
}
