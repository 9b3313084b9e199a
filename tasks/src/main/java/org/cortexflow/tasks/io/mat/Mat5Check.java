package org.cortexflow.tasks.io.mat;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * Walks the element structure of a MAT v5 file before a library parses it: every tag's byte count
 * must fit inside its parent, every numeric array's dimensions must match its data's size,
 * compressed variables must inflate to what their tag says. A damaged file is reported here with
 * the offset of the bad element, rather than becoming an allocation of whatever a damaged field
 * claims. Follows MathWorks' "MAT-File Format" (version 5) document. Data bytes are skipped, not kept.
 */
final class Mat5Check {

    /** A top-level variable: its name, class, dimensions and the offset of its tag. */
    record Top(String name, int matlabClass, long[] dims, long offset, boolean compressed) {
    }

    private static final int MI_INT8 = 1;
    private static final int MI_INT32 = 5;
    private static final int MI_UINT32 = 6;
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;
    private static final int MAX_DEPTH = 64;
    private static final int OPAQUE = 17;
    private static final int FUNCTION = 16;

    private final Path file;
    private final ByteOrder order;
    private long base;
    private boolean inflating;

    private Mat5Check(Path file, ByteOrder order) {
        this.file = file;
        this.order = order;
    }

    /** The variables of the file, after checking the structure of each. */
    static List<Top> scan(Path file, FileChannel ch) throws IOException, FileFormatError {
        long size = ch.size();
        byte[] head = new byte[128];
        java.nio.ByteBuffer hb = java.nio.ByteBuffer.wrap(head);
        while (hb.hasRemaining()) {
            if (ch.read(hb, hb.position()) < 0) {
                throw new FileFormatError(file, hb.position(), "header", "the file ends inside its 128-byte header");
            }
        }
        String endian = new String(head, 126, 2, StandardCharsets.ISO_8859_1);
        ByteOrder order;
        if (endian.equals("IM")) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (endian.equals("MI")) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new FileFormatError(file, 126, "endian indicator", "expected 'IM' or 'MI', found '" + printable(endian) + "'");
        }
        Mat5Check c = new Mat5Check(file, order);
        List<Top> tops = new ArrayList<>();
        long pos = 128;
        while (pos < size) {
            if (size - pos < 8) {
                throw new FileFormatError(file, pos, "tag", "the file ends inside an element tag (" + (size - pos) + " bytes left)",
                        "the file is truncated");
            }
            // not closed: closing a channel's stream would close the channel
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(pos)), 1 << 16);
            Counting raw = new Counting(in, pos);
            try {
                int type = c.int32(raw);
                long n = Integer.toUnsignedLong(c.int32(raw));
                if (type >>> 16 != 0) {
                    throw new FileFormatError(file, pos, "tag", "a small data element at the top level");
                }
                if (n > size - pos - 8) {
                    throw new FileFormatError(file, pos + 4, "tag byte count", "element of " + n + " bytes but only "
                            + (size - pos - 8) + " remain in the file", "the file is truncated");
                }
                if (type == MI_COMPRESSED) {
                    tops.add(c.compressed(raw, pos, n));
                    pos += 8 + n;
                } else if (type == MI_MATRIX) {
                    c.base = 0;
                    c.inflating = false;
                    tops.add(c.top(raw, pos, n, false));
                    pos += 8 + pad8(n);
                } else {
                    throw new FileFormatError(file, pos, "tag type", "expected a matrix (14) or compressed (15) element at the"
                            + " top level, found type " + type);
                }
            } catch (EOFException e) {
                throw new FileFormatError(file, raw.pos, "element", "the file ends inside an element", "the file is truncated");
            }
        }
        return tops;
    }

    private Top compressed(Counting raw, long pos, long n) throws IOException, FileFormatError {
        Inflater inf = new Inflater();
        try (InputStream z = new InflaterInputStream(new Limited(raw, n), inf, 1 << 16)) {
            Counting in = new Counting(new BufferedInputStream(z, 1 << 16), 0);
            inflating = true;
            base = pos + 8;
            int type = int32(in);
            long len = Integer.toUnsignedLong(int32(in));
            if (type != MI_MATRIX) {
                throw new FileFormatError(file, pos + 8, "compressed element", "inflates to element type " + type
                        + ", expected a matrix (14)");
            }
            return top(in, pos, len, true);
        } catch (ZipException | EOFException e) {
            throw new FileFormatError(file, pos + 8, "compressed element", "does not inflate to the element its data declares: "
                    + e.getMessage(), "the file is damaged or truncated");
        } finally {
            inf.end();
        }
    }

    private Top top(Counting in, long pos, long len, boolean compressed) throws IOException, FileFormatError {
        Header h = matrix(in, len, 0);
        return new Top(h.name, h.matlabClass, h.dims, pos, compressed);
    }

    private record Header(int matlabClass, long[] dims, String name) {
    }

    /** Checks one miMATRIX body of {@code len} bytes; returns its header. */
    private Header matrix(Counting in, long len, int depth) throws IOException, FileFormatError {
        long start = in.pos;
        if (depth > MAX_DEPTH) {
            throw error(in.pos, "matrix", "cells or structs nested more than " + MAX_DEPTH + " deep");
        }
        if (len == 0) {
            return new Header(0, new long[] {0, 0}, "");
        }
        long end = start + len;
        Element flags = element(in, end);
        if (flags.type != MI_UINT32 || flags.bytes != 8) {
            throw error(flags.offset, "array flags", "expected 8 bytes of uint32, found type " + flags.type + " with " + flags.bytes + " bytes");
        }
        int f0 = int32(in);
        int32(in);
        flags.finish(in);
        int cls = f0 & 0xFF;
        boolean complex = (f0 & 0x800) != 0;
        if (cls == OPAQUE) {
            skipTo(in, end);
            return new Header(cls, new long[] {1, 1}, "");
        }
        Element de = element(in, end);
        if (de.type != MI_INT32 || de.bytes % 4 != 0 || de.bytes < 8) {
            throw error(de.offset, "dimensions", "expected at least two int32 dimensions, found type " + de.type + " with "
                    + de.bytes + " bytes");
        }
        long[] dims = new long[(int) (de.bytes / 4)];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = int32(in);
            if (dims[i] < 0) {
                throw error(de.offset, "dimensions", "negative dimension " + dims[i]);
            }
            numel = dims[i] == 0 || numel == 0 ? 0 : multiply(numel, dims[i], de.offset);
        }
        de.finish(in);
        Element ne = element(in, end);
        if (ne.type != MI_INT8 && ne.type != 2) {
            throw error(ne.offset, "array name", "expected int8 text, found type " + ne.type);
        }
        byte[] nb = in.read((int) Math.min(ne.bytes, 1 << 16));
        ne.finish(in);
        String name = new String(nb, StandardCharsets.ISO_8859_1);
        switch (cls) {
            case 1 -> { // cell
                for (long i = 0; i < numel; i++) {
                    child(in, end, depth);
                }
            }
            case 2, 3 -> { // struct, object
                if (cls == 3) {
                    Element cn = element(in, end);
                    cn.skip(in);
                }
                Element fl = element(in, end);
                if (fl.type != MI_INT32 || fl.bytes != 4) {
                    throw error(fl.offset, "field name length", "expected one int32");
                }
                int fnlen = int32(in);
                fl.finish(in);
                Element fn = element(in, end);
                if (fnlen <= 0 || fn.bytes % fnlen != 0) {
                    throw error(fn.offset, "field names", fn.bytes + " bytes of names do not divide into names of " + fnlen);
                }
                long fields = fn.bytes / fnlen;
                fn.skip(in);
                long children = fields == 0 ? 0 : multiply(numel, fields, fn.offset);
                for (long i = 0; i < children; i++) {
                    child(in, end, depth);
                }
            }
            case 4 -> { // char
                Element d = element(in, end);
                if (numel > d.bytes) {
                    throw error(d.offset, "char data", numel + " characters cannot be stored in " + d.bytes + " bytes");
                }
                d.skip(in);
            }
            case 5 -> skipTo(in, end); // sparse: ir, jc, pr, pi; bounded by the element
            case FUNCTION -> skipTo(in, end);
            default -> {
                if (cls < 6 || cls > 15) {
                    throw error(flags.offset, "array class", "unknown MATLAB class " + cls);
                }
                for (int part = 0; part < (complex ? 2 : 1); part++) {
                    Element d = element(in, end);
                    int size = elementSize(d.type);
                    if (size == 0) {
                        throw error(d.offset, "numeric data", "unknown data type " + d.type);
                    }
                    if (d.bytes != multiply(numel, size, d.offset)) {
                        throw error(d.offset, "numeric data", "dimensions " + java.util.Arrays.toString(dims) + " need "
                                + numel * size + " bytes of type " + d.type + ", the element holds " + d.bytes);
                    }
                    d.skip(in);
                }
            }
        }
        if (in.pos > end) {
            throw error(start, "matrix", "its parts overrun the " + len + " bytes its tag declares");
        }
        skipTo(in, end);
        return new Header(cls, dims, name);
    }

    private void child(Counting in, long end, int depth) throws IOException, FileFormatError {
        Element c = element(in, end);
        if (c.type != MI_MATRIX) {
            throw error(c.offset, "cell or field", "expected a matrix element, found type " + c.type);
        }
        matrix(in, c.bytes, depth + 1);
        c.finish(in);
    }

    /** A data element's tag: its type, its byte count and where its data ends (padding included). */
    private final class Element {
        final int type;
        final long bytes;
        final long offset;
        final long dataEnd;

        Element(int type, long bytes, long offset, long dataEnd) {
            this.type = type;
            this.bytes = bytes;
            this.offset = offset;
            this.dataEnd = dataEnd;
        }

        void skip(Counting in) throws IOException {
            in.skipFully(dataEnd - in.pos);
        }

        void finish(Counting in) throws IOException, FileFormatError {
            if (in.pos > dataEnd) {
                throw error(offset, "element", "read past its end");
            }
            in.skipFully(dataEnd - in.pos);
        }
    }

    private Element element(Counting in, long parentEnd) throws IOException, FileFormatError {
        long at = in.pos;
        if (parentEnd - at < 8) {
            throw error(at, "tag", "an element tag does not fit in the " + (parentEnd - at) + " bytes left of its parent");
        }
        int t = int32(in);
        if (t >>> 16 != 0) { // small data element: byte count in the upper half, data in the next 4 bytes
            int n = t >>> 16;
            if (n > 4) {
                throw error(at, "tag", "small element of " + n + " bytes (at most 4)");
            }
            return new Element(t & 0xFFFF, n, at, at + 8);
        }
        long n = Integer.toUnsignedLong(int32(in));
        if (n > parentEnd - at - 8) {
            throw error(at + 4, "tag byte count", "element of " + n + " bytes but only " + (parentEnd - at - 8)
                    + " remain in its parent");
        }
        return new Element(t, n, at, at + 8 + pad8(n));
    }

    private static int elementSize(int type) {
        return switch (type) {
            case 1, 2, 16 -> 1;
            case 3, 4, 17 -> 2;
            case 5, 6, 7, 18 -> 4;
            case 9, 12, 13 -> 8;
            default -> 0;
        };
    }

    private void skipTo(Counting in, long end) throws IOException {
        in.skipFully(end - in.pos);
    }

    private int int32(Counting in) throws IOException {
        byte[] b = in.read(4);
        return order == ByteOrder.LITTLE_ENDIAN
                ? (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24
                : (b[3] & 0xFF) | (b[2] & 0xFF) << 8 | (b[1] & 0xFF) << 16 | (b[0] & 0xFF) << 24;
    }

    private long multiply(long a, long b, long at) throws FileFormatError {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw error(at, "dimensions", "the element count overflows");
        }
    }

    private FileFormatError error(long pos, String field, String problem) {
        String where = inflating ? " (offset " + pos + " inside the compressed variable at byte " + (base - 8) + ")" : "";
        return new FileFormatError(file, inflating ? base - 8 : pos, field, problem + where, "the MAT file is damaged");
    }

    private static long pad8(long n) {
        return (n + 7) & ~7L;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            sb.append(ch >= 32 && ch < 127 ? String.valueOf(ch) : String.format("\\x%02X", (int) ch));
        }
        return sb.toString();
    }

    /** An input stream that counts its position and fails cleanly at its end. */
    private static final class Counting {
        private final InputStream in;
        long pos;

        Counting(InputStream in, long pos) {
            this.in = in;
            this.pos = pos;
        }

        byte[] read(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new EOFException("unexpected end of data at offset " + (pos + b.length));
            }
            pos += n;
            return b;
        }

        void skipFully(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("unexpected end of data at offset " + (pos + n - left));
                    }
                    s = 1;
                }
                left -= s;
            }
            pos += n;
        }
    }

    /** At most {@code limit} bytes of {@code in}. */
    private static final class Limited extends InputStream {
        private final Counting in;
        private long left;

        Limited(Counting in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.in.read();
            if (b >= 0) {
                left--;
                in.pos++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
                in.pos += n;
            }
            return n;
        }
    }
}
