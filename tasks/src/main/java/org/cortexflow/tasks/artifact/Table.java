package org.cortexflow.tasks.artifact;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tab-separated table with a header row, as artifacts store them ({@code channels.tsv},
 * {@code events.tsv}, {@code epochs.tsv}). Values never hold tabs or line breaks: those are written
 * as spaces. Missing values are {@code n/a}, as in BIDS.
 */
public record Table(List<String> columns, List<List<String>> rows) {

    public static final String MISSING = "n/a";

    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }

    public static Table of(List<String> columns) {
        return new Table(columns, List.of());
    }

    /** Index of {@code column}, or -1. */
    public int indexOf(String column) {
        return columns.indexOf(column);
    }

    /** The values of {@code column}; throws when it is absent. */
    public List<String> column(String column) {
        int i = indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in table " + columns);
        }
        return rows.stream().map(r -> r.get(i)).toList();
    }

    /** The value of {@code column} in row {@code row}, empty when the column is absent or the value is n/a. */
    public Optional<String> get(int row, String column) {
        int i = indexOf(column);
        if (i < 0 || rows.get(row).get(i).equals(MISSING)) {
            return Optional.empty();
        }
        return Optional.of(rows.get(row).get(i));
    }

    public int size() {
        return rows.size();
    }

    /** Writes the table as UTF-8 TSV with LF line endings and a final newline. */
    public void write(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeRow(w, columns);
            for (List<String> r : rows) {
                writeRow(w, r);
            }
        }
    }

    private static void writeRow(BufferedWriter w, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.write('\t');
            }
            w.write(clean(values.get(i)));
        }
        w.write('\n');
    }

    private static String clean(String v) {
        return v == null || v.isEmpty() ? MISSING : v.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Reads a TSV table this package wrote (strict: every row has as many fields as the header).
     * For user-supplied tables with quirks, use the {@code table.read} task's reader instead.
     */
    public static Table read(Path file) throws IOException, FileFormatError {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new FileFormatError(file, 0, "header", "empty table: no header row");
        }
        List<String> header = List.of(lines.get(0).split("\t", -1));
        List<List<String>> rows = new ArrayList<>();
        long offset = lines.get(0).length() + 1;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isEmpty()) {
                List<String> r = List.of(line.split("\t", -1));
                if (r.size() != header.size()) {
                    throw new FileFormatError(file, offset, "line " + (i + 1), "expected " + header.size()
                            + " tab-separated fields, found " + r.size());
                }
                rows.add(r);
            }
            offset += line.length() + 1;
        }
        return new Table(header, rows);
    }

    /** Builds a table row by row. */
    public static final class Builder {
        private final List<String> columns;
        private final List<List<String>> rows = new ArrayList<>();

        public Builder(String... columns) {
            this.columns = List.of(columns);
        }

        public Builder(List<String> columns) {
            this.columns = List.copyOf(columns);
        }

        /** Adds a row; numbers are written with {@link String#valueOf}. */
        public Builder add(Object... values) {
            if (values.length != columns.size()) {
                throw new IllegalArgumentException("row of " + values.length + " values for " + columns.size() + " columns");
            }
            List<String> r = new ArrayList<>(values.length);
            for (Object v : values) {
                r.add(v == null ? MISSING : String.valueOf(v));
            }
            rows.add(r);
            return this;
        }

        public Table build() {
            return new Table(columns, rows);
        }
    }
}
