package org.cortexflow.tasks.io.mat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * A MATLAB value read from a MAT file (v5 through mfl-core, v7.3 through jhdf), with the same
 * view of either: dimensions in MATLAB order, elements in MATLAB's column-major order. Large
 * numeric arrays are read in pieces, never whole.
 */
public sealed interface MatValue permits MatValue.Numeric, MatValue.Text, MatValue.Struct, MatValue.Cell, MatValue.Other {

    /** Dimensions in MATLAB order (a 129 x T matrix is {@code [129, T]}). */
    long[] dims();

    /** MATLAB's class name: double, single, int16, char, struct, cell, ... */
    String matlabClass();

    default long numel() {
        long n = 1;
        for (long d : dims()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    default boolean isEmpty() {
        return numel() == 0;
    }

    /** "double 129x2400000" and the like. */
    default String describe() {
        StringBuilder sb = new StringBuilder(matlabClass()).append(' ');
        long[] d = dims();
        for (int i = 0; i < d.length; i++) {
            sb.append(i == 0 ? "" : "x").append(d[i]);
        }
        return sb.toString();
    }

    /** A numeric or logical array. */
    non-sealed interface Numeric extends MatValue {

        /** Element {@code index} in column-major order. */
        double get(long index) throws IOException, FileFormatError;

        /**
         * Columns {@code [col0, col0 + ncols)} of the array seen as {@code dims[0] x (numel / dims[0])}
         * (for a channels x samples matrix: all channels of samples col0...), column-major into {@code dst}.
         */
        void readColumns(long col0, int ncols, double[] dst) throws IOException, FileFormatError;

        /** Rows {@code [row0, row0 + nrows)} of a 2-D matrix, every column, column-major ({@code nrows x dims[1]}) into {@code dst}. */
        void readRows(long row0, int nrows, double[] dst) throws IOException, FileFormatError;

        /** The value of a 1 x 1 array. */
        default double scalar() throws IOException, FileFormatError {
            if (numel() != 1) {
                throw new IllegalStateException("not a scalar: " + describe());
            }
            return get(0);
        }
    }

    /** A char array, as one string (column-major order, so a 1 x N char is its N characters). */
    non-sealed interface Text extends MatValue {
        String text();
    }

    /** A struct or struct array. */
    non-sealed interface Struct extends MatValue {
        List<String> fields();

        /** Field {@code field} of element {@code index}; empty when the struct has no such field. */
        Optional<MatValue> get(String field, long index) throws IOException, FileFormatError;
    }

    /** A cell array. */
    non-sealed interface Cell extends MatValue {
        MatValue get(long index) throws IOException, FileFormatError;
    }

    /** Anything else (sparse, objects, function handles, complex numbers): described, not read. */
    record Other(String matlabClass, long[] dims) implements MatValue {
        public Other {
            dims = dims.clone();
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }

        @Override
        public String toString() {
            return matlabClass + Arrays.toString(dims);
        }
    }
}
