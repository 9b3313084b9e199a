package org.cortexflow.tasks.io.table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.Table;

/**
 * Reads user-supplied TSV and CSV tables: UTF-8 (a byte-order mark is dropped), LF or CRLF line
 * ends, with or without a final newline, RFC 4180 double-quoted fields in CSV (delimiters, quotes
 * and line breaks inside), {@code n/a}, {@code N/A}, {@code NA} and empty cells as missing, and a type inferred
 * per column (integer, number, boolean, string).
 */
public final class TableReader {

    /** Tables are read into memory; larger files are refused rather than risk the heap. */
    public static final long MAX_BYTES = 512L << 20;
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern NUMBER = Pattern.compile(
            "[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|nan|NaN|inf|Inf|infinity|Infinity)");
    private static final Set<String> MISSING = Set.of("", "n/a", "N/A", "NA");

    /** The type of a column, inferred from its non-missing values. */
    public enum ColumnType {
        INTEGER("integer"), NUMBER("number"), BOOLEAN("boolean"), STRING("string");

        private final String label;

        ColumnType(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param delimiter the field separator
     * @param quoted whether double quotes delimit fields (CSV); in TSV quotes are ordinary characters
     */
    public record Options(char delimiter, boolean quoted) {
        public static Options tsv() {
            return new Options('\t', false);
        }

        public static Options csv() {
            return new Options(',', true);
        }

        /** From the file name (.tsv, .csv) or, failing that, from the first line (a tab means TSV). */
        public static Options guess(Path file, String firstLine) {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".tsv") || n.endsWith(".tab")) {
                return tsv();
            }
            if (n.endsWith(".csv")) {
                return csv();
            }
            return firstLine.indexOf('\t') >= 0 ? tsv() : csv();
        }
    }

    /** A table as read: values with missing cells as {@code n/a}, the column types, and what was odd. */
    public record Result(Table table, List<ColumnType> types, List<String> warnings) {
    }

    private TableReader() {
    }

    /** Reads {@code file}, guessing TSV or CSV from its name or first line. */
    public static Result read(Path file) throws IOException, FileFormatError {
        String text = decode(file);
        int nl = text.indexOf('\n');
        return parse(file, text, Options.guess(file, nl < 0 ? text : text.substring(0, nl)));
    }

    public static Result read(Path file, Options options) throws IOException, FileFormatError {
        return parse(file, decode(file), options);
    }

    /** The file as UTF-8 text without a byte-order mark; invalid UTF-8 is an error naming its byte offset. */
    static String decode(Path file) throws IOException, FileFormatError {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new FileFormatError(file, -1, "", "a table of " + size + " bytes is larger than the " + (MAX_BYTES >> 20)
                    + " MB that table reading holds in memory");
        }
        byte[] bytes = Files.readAllBytes(file);
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            throw new FileFormatError(file, at, "line " + lineAt(bytes, at), "not valid UTF-8 text (byte 0x"
                    + String.format("%02x", bytes[at] & 0xFF) + ")", "save the table as UTF-8");
        }
        dec.flush(out);
        return out.flip().toString();
    }

    private static int lineAt(byte[] bytes, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            line += bytes[i] == '\n' ? 1 : 0;
        }
        return line;
    }

    static Result parse(Path file, String text, Options opt) throws FileFormatError {
        List<String> warnings = new ArrayList<>();
        List<List<String>> records = new ArrayList<>();
        List<Integer> recordLines = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean inQuotes = false;
        boolean wasQuoted = false;
        int quoteLine = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            if (opt.quoted() && c == '"' && field.length() == 0 && !wasQuoted) {
                inQuotes = true;
                wasQuoted = true;
                quoteLine = line;
            } else if (c == opt.delimiter()) {
                cur.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cur.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
                endRecord(records, recordLines, cur, recordLine);
                cur = new ArrayList<>();
                line++;
                recordLine = line;
            } else {
                if (wasQuoted) {
                    throw new FileFormatError(file, -1, "line " + line, "text after the closing quote of a quoted field",
                            "inside a quoted CSV field, write a quote as two quotes (\"\")");
                }
                field.append(c);
            }
        }
        if (inQuotes) {
            throw new FileFormatError(file, -1, "line " + quoteLine, "a quoted field opened on line " + quoteLine
                    + " is never closed", "the file is truncated, or a quote is missing");
        }
        if (field.length() > 0 || !cur.isEmpty() || wasQuoted) {
            cur.add(field.toString());
            endRecord(records, recordLines, cur, recordLine);
        }
        if (records.isEmpty()) {
            throw new FileFormatError(file, 0, "header", "empty table: no header row");
        }
        List<String> header = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < records.get(0).size(); i++) {
            String h = records.get(0).get(i).strip();
            if (h.isEmpty()) {
                h = "column_" + (i + 1);
                warnings.add("header column " + (i + 1) + " has no name; called it " + h);
            }
            if (!seen.add(h)) {
                throw new FileFormatError(file, 0, "header", "column name '" + h + "' appears twice");
            }
            header.add(h);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (rec.size() != header.size()) {
                throw new FileFormatError(file, -1, "line " + recordLines.get(r), "expected " + header.size()
                        + " fields as in the header, found " + rec.size(),
                        opt.delimiter() == '\t' ? "fields are separated by tabs" : "fields are separated by '" + opt.delimiter()
                                + "'; quote fields that contain it");
            }
            List<String> row = new ArrayList<>(rec.size());
            for (String v : rec) {
                row.add(MISSING.contains(v.strip()) ? Table.MISSING : clean(v));
            }
            rows.add(row);
        }
        List<ColumnType> types = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            types.add(infer(rows, c));
        }
        return new Result(new Table(header, rows), types, warnings);
    }

    private static void endRecord(List<List<String>> records, List<Integer> lines, List<String> rec, int line) {
        if (rec.size() == 1 && rec.get(0).isEmpty()) {
            return; // a blank line
        }
        records.add(rec);
        lines.add(line);
    }

    /** Tabs and line breaks inside a value become spaces: artifact tables hold one record per line. */
    private static String clean(String v) {
        return v.replace('\t', ' ').replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static ColumnType infer(List<List<String>> rows, int c) {
        boolean integer = true;
        boolean number = true;
        boolean bool = true;
        boolean any = false;
        for (List<String> r : rows) {
            String v = r.get(c);
            if (v.equals(Table.MISSING)) {
                continue;
            }
            any = true;
            String s = v.strip();
            if (integer && !(INTEGER.matcher(s).matches() && s.length() <= 18)) { // fits a long
                integer = false;
            }
            if (number && !NUMBER.matcher(s).matches()) {
                number = false;
            }
            if (bool && !(s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                bool = false;
            }
            if (!integer && !number && !bool) {
                return ColumnType.STRING;
            }
        }
        if (!any) {
            return ColumnType.STRING;
        }
        return integer ? ColumnType.INTEGER : number ? ColumnType.NUMBER : bool ? ColumnType.BOOLEAN : ColumnType.STRING;
    }
}
