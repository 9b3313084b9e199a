package org.cortexflow.tasks.io.bids;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.io.TextFiles;

/**
 * Reads the TSV files of a BIDS dataset ({@code participants.tsv}, {@code *_events.tsv},
 * {@code *_channels.tsv}) as they are found in the wild: CR or CRLF line endings, a missing final
 * newline, values wrapped in quotes (and quotes that lost their partner), short or long rows. Each
 * repair is reported through the warning sink; only what cannot be read as a table (no header, text
 * that is not UTF-8) is an error.
 */
public final class BidsTsv {

    private BidsTsv() {
    }

    /**
     * @param warn receives one message per kind of repair, naming the file and the line
     */
    public static Table read(Path file, Consumer<String> warn) throws IOException, FileFormatError {
        String text = TextFiles.readUtf8(file);
        boolean crlf = text.contains("\r\n");
        boolean cr = !crlf && text.indexOf('\r') >= 0;
        if (crlf || cr) {
            warn.accept(file + ": " + (crlf ? "CRLF" : "CR") + " line endings (BIDS uses LF); read as LF");
            text = text.replace("\r\n", "\n").replace('\r', '\n');
        }
        if (!text.isEmpty() && !text.endsWith("\n")) {
            warn.accept(file + ": no newline at the end of the last line");
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new FileFormatError(file, 0, "header", "no header row", "a BIDS TSV starts with a row of column names");
        }
        List<String> header = new ArrayList<>();
        for (String h : lines.get(0).split("\t", -1)) {
            header.add(unquote(h.strip()));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < header.size(); i++) {
            if (!seen.add(header.get(i))) {
                warn.accept(file + ": column '" + header.get(i) + "' appears twice; the second is named '"
                        + header.get(i) + "_" + (i + 1) + "'");
                header.set(i, header.get(i) + "_" + (i + 1));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> r = new ArrayList<>(List.of(line.split("\t", -1)));
            if (r.size() != header.size()) {
                warn.accept(file + ": line " + (i + 1) + " has " + r.size() + " fields, the header " + header.size()
                        + (r.size() < header.size() ? "; the missing ones read as n/a" : "; the extra ones are dropped"));
                while (r.size() < header.size()) {
                    r.add(Table.MISSING);
                }
                r = new ArrayList<>(r.subList(0, header.size()));
            }
            for (int c = 0; c < r.size(); c++) {
                String v = r.get(c).strip();
                r.set(c, v.isEmpty() ? Table.MISSING : v);
            }
            rows.add(r);
        }
        repairQuotes(file, header, rows, warn);
        return new Table(header, rows);
    }

    /**
     * Values wrapped in quotes ({@code 'disco'}) lose them; in a column where most values are quoted,
     * a value with only its closing or only its opening quote ({@code classical'}) is repaired too.
     */
    private static void repairQuotes(Path file, List<String> header, List<List<String>> rows, Consumer<String> warn) {
        for (int c = 0; c < header.size(); c++) {
            int quoted = 0;
            for (List<String> r : rows) {
                if (isQuoted(r.get(c))) {
                    quoted++;
                }
            }
            if (quoted == 0) {
                continue;
            }
            warn.accept(file + ": column '" + header.get(c) + "' has " + quoted + " value(s) wrapped in quotes; the quotes are removed");
            for (int i = 0; i < rows.size(); i++) {
                String v = rows.get(i).get(c);
                if (isQuoted(v)) {
                    rows.get(i).set(c, v.substring(1, v.length() - 1));
                } else if (2 * quoted > rows.size() && isHalfQuoted(v)) {
                    String fixed = v.replaceAll("^['\"]|['\"]$", "");
                    warn.accept(file + ": line " + (i + 2) + ", column '" + header.get(c) + "': value " + v
                            + " lost one of its quotes; read as '" + fixed + "'");
                    rows.get(i).set(c, fixed);
                }
            }
        }
    }

    private static boolean isQuoted(String v) {
        return v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0);
    }

    private static boolean isHalfQuoted(String v) {
        if (v.length() < 2) {
            return false;
        }
        boolean open = v.charAt(0) == '\'' || v.charAt(0) == '"';
        boolean close = v.charAt(v.length() - 1) == '\'' || v.charAt(v.length() - 1) == '"';
        return open != close;
    }

    private static String unquote(String v) {
        return isQuoted(v) ? v.substring(1, v.length() - 1) : v;
    }
}
