package org.cortexflow.tasks.artifact;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@code .npy} file opened for reading in pieces: any numeric dtype and either byte order is
 * converted to float or double on the way in, so arrays larger than the heap can be streamed.
 * Reads are thread-safe (serialized on the array), so worker threads may share one.
 */
public final class NpyArray implements Closeable {

    private static final int CHUNK = 1 << 16;
    private final Path file;
    private final FileChannel ch;
    private final NpyHeader header;
    private final ByteBuffer buf;

    private NpyArray(Path file, FileChannel ch, NpyHeader header) {
        this.file = file;
        this.ch = ch;
        this.header = header;
        this.buf = ByteBuffer.allocateDirect(CHUNK * 8).order(header.byteOrder());
    }

    /** Opens {@code file} and checks its header against its size. */
    public static NpyArray open(Path file) throws IOException, FileFormatError {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new NpyArray(file, ch, NpyHeader.read(ch, file));
        } catch (IOException | FileFormatError | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public NpyHeader header() {
        return header;
    }

    public long[] shape() {
        return header.shape();
    }

    public long size() {
        return header.size();
    }

    /** Reads {@code len} elements starting at element {@code index} (in file order) into {@code dst[off..]}. */
    public synchronized void read(long index, float[] dst, int off, int len) throws IOException {
        boolean f4 = header.dtype().endsWith("f4");
        readInto(index, len, (i, base, n) -> {
            if (f4) {
                buf.position(0);
                buf.asFloatBuffer().get(dst, off + base, n);
                return;
            }
            for (int k = 0; k < n; k++) {
                dst[off + base + k] = (float) element(k);
            }
        });
    }

    /** Reads {@code len} elements starting at element {@code index} (in file order) into {@code dst[off..]}. */
    public synchronized void read(long index, double[] dst, int off, int len) throws IOException {
        boolean f8 = header.dtype().endsWith("f8");
        readInto(index, len, (i, base, n) -> {
            if (f8) {
                buf.position(0);
                buf.asDoubleBuffer().get(dst, off + base, n);
                return;
            }
            for (int k = 0; k < n; k++) {
                dst[off + base + k] = element(k);
            }
        });
    }

    /** The whole array as floats, in file order; refuses arrays of more than 2^31 - 1 elements. */
    public float[] readAllFloats() throws IOException {
        float[] all = new float[Math.toIntExact(size())];
        read(0, all, 0, all.length);
        return all;
    }

    /** The whole array as doubles, in file order; refuses arrays of more than 2^31 - 1 elements. */
    public double[] readAllDoubles() throws IOException {
        double[] all = new double[Math.toIntExact(size())];
        read(0, all, 0, all.length);
        return all;
    }

    private interface Sink {
        void take(long index, int base, int n);
    }

    private void readInto(long index, int len, Sink sink) throws IOException {
        if (index < 0 || len < 0 || index + len > size()) {
            throw new IndexOutOfBoundsException("elements " + index + ".." + (index + len) + " of " + size() + " in " + file);
        }
        int item = header.itemSize();
        for (int done = 0; done < len; ) {
            int n = Math.min(CHUNK, len - done);
            buf.clear().limit(n * item);
            long pos = header.dataOffset() + (index + done) * item;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, pos);
                if (r < 0) {
                    throw new IOException(file + ": file shrank while reading at byte " + pos);
                }
                pos += r;
            }
            sink.take(index + done, done, n);
            done += n;
        }
    }

    private double element(int k) {
        String t = header.dtype();
        char kind = t.charAt(1);
        int size = header.itemSize();
        int at = k * size;
        return switch (kind) {
            case 'f' -> size == 4 ? buf.getFloat(at) : buf.getDouble(at);
            case 'i' -> switch (size) {
                case 1 -> buf.get(at);
                case 2 -> buf.getShort(at);
                case 4 -> buf.getInt(at);
                default -> buf.getLong(at);
            };
            case 'u' -> switch (size) {
                case 1 -> Byte.toUnsignedInt(buf.get(at));
                case 2 -> Short.toUnsignedInt(buf.getShort(at));
                case 4 -> Integer.toUnsignedLong(buf.getInt(at));
                default -> unsignedLong(buf.getLong(at));
            };
            default -> buf.get(at) != 0 ? 1 : 0; // 'b': bool
        };
    }

    private static double unsignedLong(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
