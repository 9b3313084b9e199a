package org.cortexflow.tasks.artifact;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a float32 C-order {@code .npy} file row by row along its first axis when the number of
 * rows is not known in advance (epochs that survive rejection, say). The header is reserved for
 * the largest possible row count and rewritten with the true shape on {@link #close()}; until then
 * the file is not a valid array.
 */
public final class NpyAppender implements Closeable {

    private static final String DTYPE = "<f4";
    private final FileChannel ch;
    private final long[] rowShape;
    private final int rowSize;
    private final int headerLength;
    private final ByteBuffer buf;
    private long rows;
    private boolean closed;

    private NpyAppender(FileChannel ch, long[] rowShape, int rowSize, int headerLength) {
        this.ch = ch;
        this.rowShape = rowShape;
        this.rowSize = rowSize;
        this.headerLength = headerLength;
        this.buf = ByteBuffer.allocateDirect(rowSize * 4).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Starts {@code file} as float32 [rows, rowShape...]; each row must fit in one Java array. */
    public static NpyAppender float32(Path file, long... rowShape) throws IOException {
        long size = 1;
        for (long d : rowShape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(rowShape));
            }
            size = Math.multiplyExact(size, d);
        }
        if (size > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("row of " + size + " elements is too large");
        }
        int headerLength = NpyHeader.encode(DTYPE, false, shape(Long.MAX_VALUE, rowShape)).length;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
        return new NpyAppender(ch, rowShape.clone(), (int) size, headerLength);
    }

    private static long[] shape(long rows, long[] rowShape) {
        long[] s = new long[rowShape.length + 1];
        s[0] = rows;
        System.arraycopy(rowShape, 0, s, 1, rowShape.length);
        return s;
    }

    /** Elements per row. */
    public int rowSize() {
        return rowSize;
    }

    /** Rows appended so far. */
    public long rows() {
        return rows;
    }

    /** Appends one row: {@code src[off .. off + rowSize())} in C order. */
    public void append(float[] src, int off) throws IOException {
        if (closed) {
            throw new IllegalStateException("appender is closed");
        }
        buf.clear();
        buf.asFloatBuffer().put(src, off, rowSize);
        buf.limit(rowSize * 4);
        long pos = headerLength + rows * (long) rowSize * 4;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        rows++;
    }

    /** Writes the header with the final shape, flushes and closes. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            byte[] header = NpyHeader.encodePadded(headerLength, DTYPE, false, shape(rows, rowShape));
            if (header.length != headerLength) {
                throw new IllegalStateException("header grew from " + headerLength + " to " + header.length + " bytes");
            }
            ByteBuffer h = ByteBuffer.wrap(header);
            long pos = 0;
            while (h.hasRemaining()) {
                pos += ch.write(h, pos);
            }
            ch.truncate(headerLength + rows * (long) rowSize * 4);
            ch.force(false);
        } finally {
            ch.close();
        }
    }
}
