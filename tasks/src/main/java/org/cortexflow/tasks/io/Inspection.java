package org.cortexflow.tasks.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code cortexflow inspect} prints about a file or folder: a title line and labelled rows for
 * people, and the same facts as a JSON-ready map (snake_case keys) for scripts.
 */
public final class Inspection {

    private final String kind;
    private final Path path;
    private final String title;
    private final Map<String, String> rows = new LinkedHashMap<>();
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public Inspection(String kind, Path path, String title) {
        this.kind = kind;
        this.path = path;
        this.title = title;
        json.put("kind", kind);
        json.put("path", path.toString());
    }

    /** Adds a row for people ({@code label: text}). */
    public Inspection row(String label, String text) {
        rows.put(label, text);
        return this;
    }

    /** Adds a fact for scripts. */
    public Inspection put(String key, Object value) {
        json.put(key, value);
        return this;
    }

    public Inspection warn(String warning) {
        warnings.add(warning);
        return this;
    }

    public Inspection warnAll(List<String> ws) {
        warnings.addAll(ws);
        return this;
    }

    public String kind() {
        return kind;
    }

    public Path path() {
        return path;
    }

    public String title() {
        return title;
    }

    public Map<String, String> rows() {
        return Collections.unmodifiableMap(rows);
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** The facts, with the warnings, for {@code --json}. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>(json);
        m.put("warnings", List.copyOf(warnings));
        return m;
    }

    /** The human summary: the title, aligned rows, then warnings (at most {@code maxWarnings}). */
    public String text(int maxWarnings) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        rows.forEach((k, v) -> sb.append("  ").append(k).append(" ".repeat(width - k.length())).append("  ")
                .append(v.replace("\n", "\n  " + " ".repeat(width + 2))).append('\n'));
        if (!warnings.isEmpty()) {
            List<String> grouped = grouped();
            sb.append("  ").append(warnings.size()).append(warnings.size() == 1 ? " warning" : " warnings").append('\n');
            grouped.stream().limit(maxWarnings).forEach(w -> sb.append("    ").append(w).append('\n'));
            if (grouped.size() > maxWarnings) {
                sb.append("    ... ").append(grouped.size() - maxWarnings).append(" more (--json lists them all)\n");
            }
        }
        return sb.toString();
    }

    /**
     * The warnings with those that say the same about different files folded into one line
     * ("CRLF line endings ... (90 files, e.g. a.tsv)"); a warning is "FILE: message".
     */
    private List<String> grouped() {
        Map<String, List<String>> byMessage = new LinkedHashMap<>();
        for (String w : warnings) {
            int cut = w.indexOf(": ");
            String file = cut > 0 ? w.substring(0, cut) : "";
            String msg = cut > 0 ? w.substring(cut + 2) : w;
            byMessage.computeIfAbsent(msg, k -> new ArrayList<>()).add(file);
        }
        List<String> out = new ArrayList<>();
        byMessage.forEach((msg, files) -> {
            if (files.size() == 1) {
                out.add(files.get(0).isEmpty() ? msg : files.get(0) + ": " + msg);
            } else {
                out.add(msg + " (" + files.size() + " files, e.g. " + Path.of(files.get(0)).getFileName() + ")");
            }
        });
        return out;
    }

    /** "2:05.000 (125 s)" for a duration in seconds. */
    public static String duration(double seconds) {
        long ms = Math.round(seconds * 1000);
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        double s = (ms % 60_000) / 1000.0;
        String clock = h > 0 ? String.format("%d:%02d:%06.3f", h, m, s) : String.format("%d:%06.3f", m, s);
        return clock + " (" + (seconds == Math.rint(seconds) ? Long.toString((long) seconds) : String.format("%.3f", seconds)) + " s)";
    }

    /** "T0 x15, T1 x8" from counts, the largest first, at most {@code max} entries. */
    public static String counts(Map<String, Long> counts, int max) {
        List<Map.Entry<String, Long>> e = new ArrayList<>(counts.entrySet());
        e.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(max, e.size()); i++) {
            parts.add(e.get(i).getKey() + " x" + e.get(i).getValue());
        }
        if (e.size() > max) {
            parts.add("... " + (e.size() - max) + " more values");
        }
        return String.join(", ", parts);
    }
}
