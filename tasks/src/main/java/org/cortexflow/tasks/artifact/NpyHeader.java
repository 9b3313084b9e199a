package org.cortexflow.tasks.artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0, as the NumPy format
 * specification "numpy.lib.format" defines them): dtype, memory order and shape.
 *
 * @param dtype the array-protocol type string, e.g. {@code <f4}, {@code <f8}, {@code <i2}
 * @param fortranOrder whether the data is column-major (the first axis varies fastest)
 * @param shape the array's shape; empty for a scalar
 * @param dataOffset the byte offset of the first element in the file
 */
public record NpyHeader(String dtype, boolean fortranOrder, long[] shape, long dataOffset) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** NumPy refuses headers longer than this by default; so do we, rather than read garbage. */
    private static final int MAX_HEADER = 1 << 20;

    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes per element, from the dtype. */
    public int itemSize() {
        return Integer.parseInt(dtype.substring(2));
    }

    public ByteOrder byteOrder() {
        return dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** The header bytes for this dtype and shape, padded so the data starts on a 64-byte boundary. */
    public static byte[] encode(String dtype, boolean fortranOrder, long... shape) {
        return encodePadded(0, dtype, fortranOrder, shape);
    }

    /**
     * As {@link #encode}, but at least {@code minLength} bytes long (NumPy accepts any space padding),
     * so a header can be rewritten in place once the final shape is known.
     */
    public static byte[] encodePadded(int minLength, String dtype, boolean fortranOrder, long... shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(dtype).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]).append(i == 0 && shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        dict.append("), }");
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        boolean v1 = (10 + text.length + 1 + 63) / 64 * 64 - 10 <= 0xFFFF;
        int prefix = v1 ? 10 : 12;
        int total = prefix + text.length + 1;
        int padded = (Math.max(total, minLength) + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) {
            b.putShort((short) (padded - prefix));
        } else {
            b.putInt(padded - prefix);
        }
        b.put(text);
        while (b.position() < padded - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** Reads and checks the header of {@code file}; the dtype must be one {@link NpyArray} can read. */
    public static NpyHeader read(FileChannel ch, Path file) throws IOException, FileFormatError {
        long fileSize = ch.size();
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(pre, 0);
        if (pre.position() < 10) {
            throw new FileFormatError(file, 0, "magic", "file too short for a .npy header (" + fileSize + " bytes)");
        }
        byte[] magic = Arrays.copyOf(pre.array(), 6);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new FileFormatError(file, 0, "magic", "not a NumPy .npy file (no \\x93NUMPY magic)");
        }
        int major = pre.get(6);
        long headerLen;
        int prefix;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(pre.getShort(8));
            prefix = 10;
        } else if (major == 2 || major == 3) {
            headerLen = Integer.toUnsignedLong(pre.getInt(8));
            prefix = 12;
        } else {
            throw new FileFormatError(file, 6, "version", "unknown .npy format version " + major + "." + pre.get(7),
                    "versions 1.0, 2.0 and 3.0 are supported");
        }
        if (headerLen > MAX_HEADER || prefix + headerLen > fileSize) {
            throw new FileFormatError(file, 8, "header_len", "header length " + headerLen
                    + " does not fit the file (" + fileSize + " bytes)");
        }
        ByteBuffer text = ByteBuffer.allocate((int) headerLen);
        ch.read(text, prefix);
        String dict = new String(text.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String dtype = group(DESCR, dict, file, prefix, "descr");
        if (!dtype.matches("[<>|=](f[48]|[iu][1248]|b1)")) {
            throw new FileFormatError(file, prefix, "descr", "unsupported dtype '" + dtype + "'",
                    "numeric dtypes (float, int, uint, bool) are supported");
        }
        if (dtype.charAt(0) == '=') {
            dtype = "<" + dtype.substring(1);
        }
        boolean fortran = group(ORDER, dict, file, prefix, "fortran_order").equals("True");
        List<Long> dims = new ArrayList<>();
        for (String s : group(SHAPE, dict, file, prefix, "shape").split(",")) {
            if (!s.isBlank()) {
                try {
                    long d = Long.parseLong(s.strip().replace("L", ""));
                    if (d < 0) {
                        throw new NumberFormatException();
                    }
                    dims.add(d);
                } catch (NumberFormatException e) {
                    throw new FileFormatError(file, prefix, "shape", "bad dimension '" + s.strip() + "'");
                }
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        NpyHeader h = new NpyHeader(dtype, fortran, shape, prefix + headerLen);
        long need;
        try {
            need = Math.addExact(h.dataOffset, Math.multiplyExact(h.size(), h.itemSize()));
        } catch (ArithmeticException e) {
            throw new FileFormatError(file, prefix, "shape", "shape " + Arrays.toString(shape) + " overflows");
        }
        if (need > fileSize) {
            throw new FileFormatError(file, h.dataOffset, "data", "shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + need + " bytes but the file has " + fileSize, "the file is truncated");
        }
        return h;
    }

    private static String group(Pattern p, String dict, Path file, long offset, String field) throws FileFormatError {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw new FileFormatError(file, offset, field, "header has no '" + field + "' entry: " + dict.strip());
        }
        return m.group(1);
    }
}
