package org.cortexflow.tasks.io.mat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.tasks.artifact.FileFormatError;
import us.hebi.matlab.mat.format.BufferAllocator;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile.Entry;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Source;
import us.hebi.matlab.mat.types.Sources;

/**
 * A MAT v5 file read with mfl-core, after {@link Mat5Check} has verified its structure. Variables
 * are parsed one at a time when asked for; numeric data lands in direct (off-heap) buffers, so a
 * large matrix does not occupy the Java heap.
 */
final class Mat5File implements MatFile {

    /** Off-heap buffers for numeric arrays; released by the garbage collector with their arrays. */
    private static final BufferAllocator DIRECT = new BufferAllocator() {
        @Override
        public ByteBuffer allocate(int numBytes) {
            return ByteBuffer.allocateDirect(numBytes);
        }

        @Override
        public void release(ByteBuffer buffer) {
            // left to the garbage collector
        }
    };

    private final Path file;
    private final List<Mat5Check.Top> tops;
    private final Map<String, MatValue> cache = new HashMap<>();

    private Mat5File(Path file, List<Mat5Check.Top> tops) {
        this.file = file;
        this.tops = tops;
    }

    static Mat5File open(Path file) throws IOException, FileFormatError {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Mat5File(file, Mat5Check.scan(file, ch));
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public String version() {
        return "MAT v5";
    }

    @Override
    public List<String> names() {
        return tops.stream().map(Mat5Check.Top::name).filter(n -> !n.isEmpty()).toList();
    }

    @Override
    public Optional<MatValue> get(String name) throws IOException, FileFormatError {
        if (cache.containsKey(name)) {
            return Optional.of(cache.get(name));
        }
        Optional<Mat5Check.Top> top = tops.stream().filter(t -> t.name().equals(name)).findFirst();
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Array array = null;
        try (Source src = Sources.openFile(file.toFile())) {
            us.hebi.matlab.mat.format.Mat5File mat = Mat5.newReader(src)
                    .setEntryFilter(h -> h.getName().equals(name))
                    .setBufferAllocator(DIRECT)
                    .disableSubsystemProcessing()
                    .readMat();
            for (Entry e : mat.getEntries()) {
                if (e.getName().equals(name)) {
                    array = e.getValue();
                }
            }
        } catch (IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new FileFormatError(file, top.get().offset(), "variable " + name, "mfl-core could not read it: "
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    "the MAT file is damaged");
        }
        if (array == null) {
            return Optional.empty();
        }
        MatValue v = wrap(array);
        cache.put(name, v);
        return Optional.of(v);
    }

    @Override
    public void close() {
        cache.clear();
    }

    private static long[] dims(Array a) {
        int[] d = a.getDimensions();
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i];
        }
        return out;
    }

    /** A char array's text: its characters for a row or column, its rows joined by newlines otherwise. */
    private static String text(Char c) {
        int n = c.getNumElements();
        if (n == 0) {
            return "";
        }
        if (c.getNumRows() == 1) {
            return c.getString();
        }
        StringBuilder sb = new StringBuilder(n);
        if (c.getNumCols() == 1) {
            for (int i = 0; i < n; i++) {
                sb.append(c.getChar(i));
            }
            return sb.toString();
        }
        for (int r = 0; r < c.getNumRows(); r++) {
            sb.append(r == 0 ? "" : "\n").append(c.getRow(r));
        }
        return sb.toString();
    }

    static MatValue wrap(Array a) {
        String cls = a.getType().toString();
        long[] dims = dims(a);
        if (a instanceof Matrix m && !(a instanceof us.hebi.matlab.mat.types.Sparse)) {
            if (m.isComplex()) {
                return new MatValue.Other("complex " + cls, dims);
            }
            return new Numeric5(m, m.isLogical() ? "logical" : cls, dims);
        }
        if (a instanceof Char c) {
            return new Text5(text(c), dims);
        }
        if (a instanceof us.hebi.matlab.mat.types.ObjectStruct) {
            return new MatValue.Other("object", dims);
        }
        if (a instanceof us.hebi.matlab.mat.types.Struct s) {
            return new Struct5(s, dims);
        }
        if (a instanceof us.hebi.matlab.mat.types.Cell c) {
            return new Cell5(c, dims);
        }
        return new MatValue.Other(cls, dims);
    }

    private record Numeric5(Matrix m, String matlabClass, long[] dims) implements MatValue.Numeric {
        @Override
        public long[] dims() {
            return dims.clone();
        }

        @Override
        public double get(long index) {
            return m.getDouble((int) index);
        }

        @Override
        public void readColumns(long col0, int ncols, double[] dst) {
            long rows = dims[0];
            int n = (int) (rows * ncols);
            int from = (int) (col0 * rows);
            for (int i = 0; i < n; i++) {
                dst[i] = m.getDouble(from + i);
            }
        }

        @Override
        public void readRows(long row0, int nrows, double[] dst) {
            int rows = (int) dims[0];
            int cols = (int) (numel() / Math.max(1, rows));
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < nrows; r++) {
                    dst[c * nrows + r] = m.getDouble(c * rows + (int) row0 + r);
                }
            }
        }
    }

    private record Text5(String text, long[] dims) implements MatValue.Text {
        @Override
        public long[] dims() {
            return dims.clone();
        }

        @Override
        public String matlabClass() {
            return "char";
        }
    }

    private record Struct5(us.hebi.matlab.mat.types.Struct s, long[] dims) implements MatValue.Struct {
        @Override
        public long[] dims() {
            return dims.clone();
        }

        @Override
        public String matlabClass() {
            return "struct";
        }

        @Override
        public List<String> fields() {
            return s.getFieldNames();
        }

        @Override
        public Optional<MatValue> get(String field, long index) {
            if (!s.getFieldNames().contains(field) || index < 0 || index >= numel()) {
                return Optional.empty();
            }
            us.hebi.matlab.mat.types.Array v = s.get(field, (int) index);
            return Optional.of(wrap(v));
        }
    }

    private record Cell5(us.hebi.matlab.mat.types.Cell c, long[] dims) implements MatValue.Cell {
        @Override
        public long[] dims() {
            return dims.clone();
        }

        @Override
        public String matlabClass() {
            return "cell";
        }

        @Override
        public MatValue get(long index) {
            us.hebi.matlab.mat.types.Array v = c.get((int) index);
            return wrap(v);
        }
    }
}
