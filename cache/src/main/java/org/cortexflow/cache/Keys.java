package org.cortexflow.cache;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        encode(value, out);
        return out.toByteArray();
    }

    private static void encode(Object value, ByteArrayOutputStream out) {
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
            writeLength(list.size(), out);
            for (Object item : list) {
                encode(item, out);
            }
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.write('m');
            writeLength(sorted.size(), out);
            sorted.forEach((k, v) -> {
                atom('s', k, out);
                encode(v, out);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("no canonical form for "
                    + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static void atom(char tag, String text, ByteArrayOutputStream out) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(tag);
        writeLength(bytes.length, out);
        out.writeBytes(bytes);
    }

    private static void writeLength(int n, ByteArrayOutputStream out) {
        out.writeBytes(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
    }
}
