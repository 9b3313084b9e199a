package org.cortexflow.tasks.artifact;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a little-endian C-order (or Fortran-order) {@code .npy} file of known shape in pieces, at
 * any element offset, so that arrays larger than the heap are streamed to disk. The file is sized
 * up front; unwritten elements read as zero. Writes are thread-safe (serialized on the writer).
 */
public final class NpyWriter implements Closeable {

    private static final int CHUNK = 1 << 16;
    private final FileChannel ch;
    private final long dataOffset;
    private final int itemSize;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);

    private NpyWriter(FileChannel ch, long dataOffset, int itemSize, long size) {
        this.ch = ch;
        this.dataOffset = dataOffset;
        this.itemSize = itemSize;
        this.size = size;
    }

    /** A float32 C-order array. */
    public static NpyWriter float32(Path file, long... shape) throws IOException {
        return create(file, "<f4", false, shape);
    }

    /** A float64 C-order array. */
    public static NpyWriter float64(Path file, long... shape) throws IOException {
        return create(file, "<f8", false, shape);
    }

    /**
     * @param dtype {@code <f4}, {@code <f8}, {@code <i2}, {@code <i4} or {@code <i8}
     * @param fortranOrder true to declare column-major order (first axis fastest)
     */
    public static NpyWriter create(Path file, String dtype, boolean fortranOrder, long... shape) throws IOException {
        byte[] header = NpyHeader.encode(dtype, fortranOrder, shape);
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        int item = Integer.parseInt(dtype.substring(2));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ch.write(ByteBuffer.wrap(header), 0);
            long end = header.length + n * item;
            if (end > header.length) {
                ch.write(ByteBuffer.allocate(1), end - 1); // size the file; the gap reads as zeros
            }
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new NpyWriter(ch, header.length, item, n);
    }

    /** Number of elements. */
    public long size() {
        return size;
    }

    /** Writes {@code len} values from {@code src[off..]} at element {@code index}, as this file's dtype. */
    public synchronized void write(long index, float[] src, int off, int len) throws IOException {
        check(index, len);
        long pos = dataOffset + index * itemSize;
        for (int done = 0; done < len; ) {
            int n = Math.min(CHUNK, len - done);
            buf.clear();
            switch (itemSize) {
                case 4 -> buf.asFloatBuffer().put(src, off + done, n);
                case 8 -> {
                    for (int i = 0; i < n; i++) {
                        buf.putDouble(i * 8, src[off + done + i]);
                    }
                }
                default -> throw new IllegalStateException("write floats into a " + itemSize + "-byte integer dtype");
            }
            buf.limit(n * itemSize);
            pos = writeFully(pos);
            done += n;
        }
    }

    /** Writes {@code len} values from {@code src[off..]} at element {@code index}, as this file's dtype. */
    public synchronized void write(long index, double[] src, int off, int len) throws IOException {
        check(index, len);
        long pos = dataOffset + index * itemSize;
        for (int done = 0; done < len; ) {
            int n = Math.min(CHUNK, len - done);
            buf.clear();
            switch (itemSize) {
                case 8 -> buf.asDoubleBuffer().put(src, off + done, n);
                case 4 -> {
                    for (int i = 0; i < n; i++) {
                        buf.putFloat(i * 4, (float) src[off + done + i]);
                    }
                }
                default -> throw new IllegalStateException("write doubles into a " + itemSize + "-byte integer dtype");
            }
            buf.limit(n * itemSize);
            pos = writeFully(pos);
            done += n;
        }
    }

    /** Writes integers into an integer dtype ({@code <i2}, {@code <i4}, {@code <i8}). */
    public synchronized void write(long index, long[] src, int off, int len) throws IOException {
        check(index, len);
        long pos = dataOffset + index * itemSize;
        for (int done = 0; done < len; ) {
            int n = Math.min(CHUNK, len - done);
            buf.clear();
            for (int i = 0; i < n; i++) {
                long v = src[off + done + i];
                switch (itemSize) {
                    case 2 -> buf.putShort(i * 2, (short) v);
                    case 4 -> buf.putInt(i * 4, (int) v);
                    case 8 -> buf.putLong(i * 8, v);
                    default -> throw new IllegalStateException("unsupported item size " + itemSize);
                }
            }
            buf.limit(n * itemSize);
            pos = writeFully(pos);
            done += n;
        }
    }

    private long writeFully(long pos) throws IOException {
        buf.position(0);
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        return pos;
    }

    private void check(long index, int len) {
        if (index < 0 || len < 0 || index + len > size) {
            throw new IndexOutOfBoundsException("elements " + index + ".." + (index + len) + " of " + size);
        }
    }

    /**
     * Closes the file. Not forced to disk: an artifact becomes visible only when the store renames
     * its directory into place, and forcing every large array to disk made writing disk-bound.
     */
    @Override
    public void close() throws IOException {
        ch.close();
    }

    /** Writes a whole float32 array in one call. */
    public static void writeFloat32(Path file, float[] data, long... shape) throws IOException {
        try (NpyWriter w = float32(file, shape)) {
            w.write(0, data, 0, data.length);
        }
    }

    /** Writes a whole float64 array in one call. */
    public static void writeFloat64(Path file, double[] data, long... shape) throws IOException {
        try (NpyWriter w = float64(file, shape)) {
            w.write(0, data, 0, data.length);
        }
    }
}
