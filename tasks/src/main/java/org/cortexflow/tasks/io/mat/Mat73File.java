package org.cortexflow.tasks.io.mat;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.Reference;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * A MAT v7.3 file (HDF5 after a 512-byte MATLAB header) read with jhdf, following MATLAB's HDF5
 * layout: each variable is a dataset or group with a {@code MATLAB_class} attribute, dimensions
 * stored in reverse order (a 129 x T matrix is an HDF5 dataset of shape (T, 129)), chars as
 * uint16, cells and struct arrays as object references into {@code #refs#}, empty arrays flagged by
 * {@code MATLAB_empty}. Numeric data is read in hyperslab slices, never whole.
 */
final class Mat73File implements MatFile {

    /** Datasets up to this many elements are read whole and kept; larger ones are read in slices. */
    private static final long SMALL = 1 << 20;

    private final Path file;
    private final HdfFile hdf;

    private Mat73File(Path file, HdfFile hdf) {
        this.file = file;
        this.hdf = hdf;
    }

    static Mat73File open(Path file) throws FileFormatError {
        try {
            return new Mat73File(file, new HdfFile(file));
        } catch (RuntimeException e) {
            throw failure(file, 512, "HDF5", e);
        }
    }

    static FileFormatError failure(Path file, long offset, String field, RuntimeException e) {
        return new FileFormatError(file, offset, field, "jhdf could not read it: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), "the MAT 7.3 (HDF5) file is damaged or uses a feature"
                + " jhdf does not support");
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public String version() {
        return "MAT v7.3";
    }

    @Override
    public List<String> names() {
        try {
            return hdf.getChildren().keySet().stream().filter(n -> !n.startsWith("#")).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public Optional<MatValue> get(String name) throws FileFormatError {
        try {
            Node n = hdf.getChildren().get(name);
            return n == null ? Optional.empty() : Optional.of(wrap(n));
        } catch (RuntimeException e) {
            throw failure(file, -1, "variable " + name, e);
        }
    }

    private MatValue wrap(Node n) throws FileFormatError {
        String cls = matlabClass(n);
        if (n instanceof Group g) {
            if (g.getAttribute("MATLAB_sparse") != null) {
                return new MatValue.Other("sparse " + cls, new long[] {0, 0});
            }
            return new Struct73(g);
        }
        Dataset d = (Dataset) n;
        long[] dims = dims(d);
        if (isEmptyFlag(d)) {
            return emptyOf(cls, d);
        }
        if (d.getDataType() instanceof Reference) {
            return new Cell73(d, dims, cls.isEmpty() ? "cell" : cls);
        }
        if (cls.equals("char")) {
            return new Text73(text(d), dims);
        }
        if (d.isCompound()) {
            return new MatValue.Other("complex " + cls, dims);
        }
        Class<?> t = d.getJavaType();
        if (t.isPrimitive() || t == BigInteger.class) {
            return new Numeric73(d, cls.isEmpty() ? t.getSimpleName() : cls, dims);
        }
        return new MatValue.Other(cls.isEmpty() ? t.getSimpleName() : cls, dims);
    }

    private static String matlabClass(Node n) {
        Attribute a = n.getAttribute("MATLAB_class");
        if (a == null) {
            return "";
        }
        Object v = a.getData();
        return v instanceof String s ? s : String.valueOf(v);
    }

    private static boolean isEmptyFlag(Dataset d) {
        Attribute a = d.getAttribute("MATLAB_empty");
        if (a == null) {
            return false;
        }
        Object v = a.getData();
        return v instanceof Number num ? num.longValue() != 0 : v != null && !v.equals(0);
    }

    /** An empty array: MATLAB stores its dimensions as the dataset's data. */
    private MatValue emptyOf(String cls, Dataset d) {
        long[] dims = {0, 0};
        try {
            double[] flat = flat(d.getData(), (int) Math.min(d.getSize(), 16));
            dims = new long[flat.length];
            for (int i = 0; i < flat.length; i++) {
                dims[i] = (long) flat[i];
            }
        } catch (RuntimeException e) {
            // keep 0 x 0
        }
        return switch (cls) {
            case "char" -> new Text73("", dims);
            case "cell" -> new Cell73(d, dims, "cell");
            default -> new MatValue.Other(cls.isEmpty() ? "double" : cls, dims);
        };
    }

    private static long[] dims(Dataset d) {
        long[] h = d.getDimensionsAsLong();
        if (h.length == 0) {
            return new long[] {1, 1};
        }
        long[] m = new long[Math.max(2, h.length)];
        for (int i = 0; i < h.length; i++) {
            m[i] = h[h.length - 1 - i];
        }
        if (h.length == 1) {
            m[1] = 1;
        }
        return m;
    }

    private String text(Dataset d) throws FileFormatError {
        if (d.getSize() > SMALL * 64) {
            throw new FileFormatError(file, -1, d.getPath(), "a char array of " + d.getSize() + " characters is too large");
        }
        double[] codes = flat(d.getData(), (int) d.getSize());
        StringBuilder sb = new StringBuilder(codes.length);
        for (double c : codes) {
            sb.append((char) (int) c);
        }
        return sb.toString();
    }

    /** The elements of a jhdf data array (any rank, any primitive or boxed number type) in row-major order. */
    static double[] flat(Object data, int expected) {
        double[] out = new double[expected];
        int[] pos = {0};
        fill(data, out, pos);
        return pos[0] == expected ? out : java.util.Arrays.copyOf(out, pos[0]);
    }

    private static void fill(Object data, double[] out, int[] pos) {
        if (data instanceof double[] a) {
            int n = Math.min(a.length, out.length - pos[0]);
            System.arraycopy(a, 0, out, pos[0], n);
            pos[0] += n;
        } else if (data instanceof float[] a) {
            for (int i = 0; i < a.length && pos[0] < out.length; i++) {
                out[pos[0]++] = a[i];
            }
        } else if (data instanceof int[] a) {
            for (int i = 0; i < a.length && pos[0] < out.length; i++) {
                out[pos[0]++] = a[i];
            }
        } else if (data instanceof short[] a) {
            for (int i = 0; i < a.length && pos[0] < out.length; i++) {
                out[pos[0]++] = a[i];
            }
        } else if (data instanceof long[] a) {
            for (int i = 0; i < a.length && pos[0] < out.length; i++) {
                out[pos[0]++] = a[i];
            }
        } else if (data instanceof byte[] a) {
            for (int i = 0; i < a.length && pos[0] < out.length; i++) {
                out[pos[0]++] = a[i];
            }
        } else if (data instanceof boolean[] a) {
            for (int i = 0; i < a.length && pos[0] < out.length; i++) {
                out[pos[0]++] = a[i] ? 1 : 0;
            }
        } else if (data instanceof char[] a) {
            for (int i = 0; i < a.length && pos[0] < out.length; i++) {
                out[pos[0]++] = a[i];
            }
        } else if (data instanceof Number num) {
            if (pos[0] < out.length) {
                out[pos[0]++] = num.doubleValue();
            }
        } else if (data != null && data.getClass().isArray()) {
            int len = Array.getLength(data);
            for (int i = 0; i < len && pos[0] < out.length; i++) {
                fill(Array.get(data, i), out, pos);
            }
        }
    }

    private final class Numeric73 implements MatValue.Numeric {
        private final Dataset d;
        private final String cls;
        private final long[] dims;
        private double[] all;

        Numeric73(Dataset d, String cls, long[] dims) {
            this.d = d;
            this.cls = cls;
            this.dims = dims;
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }

        @Override
        public String matlabClass() {
            return cls;
        }

        @Override
        public double get(long index) throws FileFormatError {
            if (index < 0 || index >= numel()) {
                throw new IndexOutOfBoundsException(index + " of " + numel());
            }
            if (numel() <= SMALL) {
                if (all == null) {
                    all = read(() -> flat(d.getData(), (int) numel()));
                }
                return all[(int) index];
            }
            double[] one = new double[(int) dims[0]];
            readColumns(index / dims[0], 1, one);
            return one[(int) (index % dims[0])];
        }

        @Override
        public void readColumns(long col0, int ncols, double[] dst) throws FileFormatError {
            long[] h = d.getDimensionsAsLong();
            if (numel() <= SMALL) {
                get(0); // small arrays are read whole (compact datasets cannot be sliced)
                System.arraycopy(all, (int) (col0 * dims[0]), dst, 0, (int) (ncols * dims[0]));
                return;
            }
            if (h.length <= 1 || d.isScalar()) {
                // a vector or scalar: columns are single elements (dims[0] == n or 1)
                for (int i = 0; i < ncols * dims[0]; i++) {
                    dst[i] = get(col0 * dims[0] + i);
                }
                return;
            }
            int rank = h.length;
            int inner = (int) h[rank - 1]; // MATLAB dims[0]
            // columns in MATLAB order = rows of the HDF5 array flattened over its leading axes
            long[] lead = java.util.Arrays.copyOf(h, rank - 1);
            int done = 0;
            while (done < ncols) {
                long col = col0 + done;
                // index of this column along the leading axes; the last leading axis varies fastest
                long[] at = new long[rank];
                long rem = col;
                for (int k = rank - 2; k >= 0; k--) {
                    at[k] = rem % lead[k];
                    rem /= lead[k];
                }
                int run = (int) Math.min(ncols - done, lead[rank - 2] - at[rank - 2]);
                int[] shape = new int[rank];
                java.util.Arrays.fill(shape, 1);
                shape[rank - 2] = run;
                shape[rank - 1] = inner;
                double[] got = read(() -> flat(d.getData(at, shape), run * inner));
                System.arraycopy(got, 0, dst, done * inner, run * inner);
                done += run;
            }
        }

        @Override
        public void readRows(long row0, int nrows, double[] dst) throws FileFormatError {
            long[] h = d.getDimensionsAsLong();
            if (h.length != 2) {
                throw new IllegalStateException("readRows needs a 2-D matrix, not " + describe());
            }
            int cols = (int) h[0];
            if (numel() <= SMALL) {
                get(0);
                int rows = (int) h[1];
                for (int c = 0; c < cols; c++) {
                    System.arraycopy(all, (int) (c * rows + row0), dst, c * nrows, nrows);
                }
                return;
            }
            double[] got = read(() -> flat(d.getData(new long[] {0, row0}, new int[] {cols, nrows}), cols * nrows));
            System.arraycopy(got, 0, dst, 0, cols * nrows); // HDF5 row c holds MATLAB column c
        }

        private double[] read(java.util.function.Supplier<double[]> r) throws FileFormatError {
            try {
                return r.get();
            } catch (RuntimeException e) {
                throw failure(file, -1, d.getPath(), e);
            }
        }
    }

    private record Text73(String text, long[] dims) implements MatValue.Text {
        @Override
        public long[] dims() {
            return dims.clone();
        }

        @Override
        public String matlabClass() {
            return "char";
        }
    }

    private final class Cell73 implements MatValue.Cell {
        private final Dataset d;
        private final long[] dims;
        private final String cls;
        private long[] refs;

        Cell73(Dataset d, long[] dims, String cls) {
            this.d = d;
            this.dims = dims;
            this.cls = cls;
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }

        @Override
        public String matlabClass() {
            return cls;
        }

        @Override
        public MatValue get(long index) throws FileFormatError {
            try {
                if (refs == null) {
                    if (d.getSize() > SMALL * 16) {
                        throw new FileFormatError(file, -1, d.getPath(), "a cell of " + d.getSize() + " elements is too large");
                    }
                    double[] tmp = flat(d.getData(), (int) d.getSize());
                    refs = new long[tmp.length];
                    Object raw = d.getData();
                    int[] p = {0};
                    collect(raw, refs, p);
                }
                if (index < 0 || index >= refs.length) {
                    throw new IndexOutOfBoundsException("cell index " + index + " of " + refs.length);
                }
                return wrap(hdf.getNodeByAddress(refs[(int) index]));
            } catch (RuntimeException e) {
                throw failure(file, -1, d.getPath(), e);
            }
        }
    }

    private static void collect(Object data, long[] out, int[] pos) {
        if (data instanceof long[] a) {
            for (long v : a) {
                if (pos[0] < out.length) {
                    out[pos[0]++] = v;
                }
            }
        } else if (data != null && data.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(data); i++) {
                collect(Array.get(data, i), out, pos);
            }
        } else if (data instanceof Number n && pos[0] < out.length) {
            out[pos[0]++] = n.longValue();
        }
    }

    private final class Struct73 implements MatValue.Struct {
        private final Group g;

        Struct73(Group g) {
            this.g = g;
        }

        @Override
        public long[] dims() {
            // a struct array stores each field as references, one per element
            for (Node child : g.getChildren().values()) {
                if (child instanceof Dataset d && d.getDataType() instanceof Reference && !Mat73File.matlabClass(d).equals("cell")) {
                    return Mat73File.dims(d);
                }
            }
            return new long[] {1, 1};
        }

        @Override
        public String matlabClass() {
            return "struct";
        }

        @Override
        public List<String> fields() {
            List<String> out = new ArrayList<>();
            Attribute order = g.getAttribute("MATLAB_fields");
            if (order != null && order.getData() instanceof Object[] names) {
                for (Object o : names) {
                    out.add(fieldName(o));
                }
                if (!out.isEmpty()) {
                    return out;
                }
            }
            out.addAll(g.getChildren().keySet());
            return out;
        }

        private static String fieldName(Object o) {
            if (o instanceof String s) {
                return s;
            }
            if (o != null && o.getClass().isArray()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < Array.getLength(o); i++) {
                    Object c = Array.get(o, i);
                    sb.append(c instanceof Character ch ? ch.charValue() : (char) ((Number) c).intValue());
                }
                return sb.toString();
            }
            return String.valueOf(o);
        }

        @Override
        public Optional<MatValue> get(String field, long index) throws FileFormatError {
            try {
                Node child = g.getChildren().get(field);
                if (child == null) {
                    return Optional.empty();
                }
                long n = numel();
                if (index < 0 || index >= n) {
                    return Optional.empty();
                }
                boolean array = child instanceof Dataset d && d.getDataType() instanceof Reference && !Mat73File.matlabClass(d).equals("cell");
                if (!array) {
                    return Optional.of(wrap(child));
                }
                return Optional.of(new Cell73((Dataset) child, Mat73File.dims((Dataset) child), "cell").get(index));
            } catch (RuntimeException e) {
                throw failure(file, -1, g.getPath() + "/" + field, e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            hdf.close();
        } catch (RuntimeException e) {
            throw new IOException(e);
        }
    }
}
