package org.cortexflow.tasks.synth;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cortexflow.tasks.artifact.MetaJson;

/** Small helpers shared by the study writers: JSON, TSV with BIDS conventions, copying stimuli. */
final class StudyFiles {

    private StudyFiles() {
    }

    /** Writes JSON with sorted keys and two-space indentation (the same bytes for the same content). */
    static void json(Path file, Map<String, ?> content) throws IOException {
        Files.createDirectories(file.getParent());
        MetaJson.mapper().writeValue(file.toFile(), content);
    }

    /**
     * Writes a TSV table: header and rows, {@code n/a} for nulls.
     *
     * @param crlf CRLF line endings and no final line break, as ds003720's events files have
     */
    static void tsv(Path file, List<String> header, List<List<Object>> rows, boolean crlf) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        String eol = crlf ? "\r\n" : "\n";
        sb.append(String.join("\t", header));
        for (List<Object> r : rows) {
            sb.append(eol);
            for (int i = 0; i < r.size(); i++) {
                if (i > 0) {
                    sb.append('\t');
                }
                Object v = r.get(i);
                sb.append(v == null ? "n/a" : v instanceof Double d ? number(d) : v.toString());
            }
        }
        if (!crlf) {
            sb.append(eol);
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    /** A number without exponent or trailing zeros, at most 6 decimals. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /**
     * Makes {@code to} hold the files under {@code from} (hard links where the file system allows,
     * copies otherwise). Nothing happens when both are the same directory.
     */
    static void linkTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from) || from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try {
                        Files.createLink(target, p);
                    } catch (FileAlreadyExistsException e) {
                        throw e;
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(p, target);
                    }
                }
            }
        }
    }

    /** BIDS subject label: sub-01 .. sub-99, or three digits for more subjects. */
    static String subject(int index, int count, int digitsAtLeast) {
        int digits = Math.max(digitsAtLeast, Integer.toString(count).length());
        return String.format("sub-%0" + digits + "d", index + 1);
    }
}
