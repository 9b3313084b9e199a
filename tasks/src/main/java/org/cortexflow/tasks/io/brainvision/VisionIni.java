package org.cortexflow.tasks.io.brainvision;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.TextFiles;

/**
 * A BrainVision header or marker file: a first line naming the file type, then INI sections of
 * {@code key=value} lines with {@code ;} comments. The {@code [Comment]} section is free text and
 * is not parsed. Decoded in the file's {@code Codepage} (UTF-8, or ANSI read as Windows-1252).
 */
final class VisionIni {

    /** A value and the byte offset of its line, for messages. */
    record Entry(String value, long offset) {
    }

    private static final Pattern CODEPAGE = Pattern.compile("(?m)^Codepage=(\\S+)");
    private static final Charset ANSI = Charset.forName("windows-1252");

    private final Path file;
    private final String firstLine;
    private final Map<String, Map<String, Entry>> sections;

    private VisionIni(Path file, String firstLine, Map<String, Map<String, Entry>> sections) {
        this.file = file;
        this.firstLine = firstLine;
        this.sections = sections;
    }

    /**
     * Reads {@code file}, whose first line must start with one of {@code magics} (compared
     * ignoring spaces and case, since writers differ on "Brain Vision" and "BrainVision").
     */
    static VisionIni read(Path file, String what, String... magics) throws IOException, FileFormatError {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatError(file, -1, "", "no such file", "");
        }
        long size = Files.size(file);
        if (size > TextFiles.MAX_TEXT_BYTES) {
            throw new FileFormatError(file, 0, "size", size + " bytes is far larger than any " + what);
        }
        byte[] bytes = Files.readAllBytes(file);
        String sniff = new String(bytes, StandardCharsets.ISO_8859_1);
        Matcher cp = CODEPAGE.matcher(sniff);
        Charset charset;
        if (cp.find()) {
            String name = cp.group(1).toUpperCase(Locale.ROOT);
            charset = name.equals("UTF-8") || name.equals("UTF8") ? StandardCharsets.UTF_8 : ANSI;
        } else {
            charset = TextFiles.isValid(bytes, StandardCharsets.UTF_8) ? StandardCharsets.UTF_8 : ANSI;
        }
        String text = TextFiles.decode(file, bytes, charset);
        String[] lines = text.split("\r\n|\n|\r", -1);
        String first = lines.length == 0 ? "" : lines[0].strip();
        String squashed = first.replace(" ", "").toLowerCase(Locale.ROOT);
        boolean ok = false;
        for (String m : magics) {
            ok |= squashed.startsWith(m.replace(" ", "").toLowerCase(Locale.ROOT));
        }
        if (!ok) {
            throw new FileFormatError(file, 0, "identification line", "not a BrainVision " + what + ": the first line is '"
                    + abbreviate(first) + "'", "expected '" + magics[0] + " ...'");
        }
        Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
        String section = "";
        long offset = 0;
        boolean inComment = false;
        for (String line : lines) {
            String l = line.strip();
            long here = offset;
            offset += line.getBytes(charset).length + 1;
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l.substring(1, l.length() - 1).strip();
                inComment = section.equalsIgnoreCase("Comment");
                sections.putIfAbsent(section, new LinkedHashMap<>());
                continue;
            }
            if (inComment || l.isEmpty() || l.startsWith(";")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq > 0 && !section.isEmpty()) {
                sections.get(section).putIfAbsent(l.substring(0, eq).strip(), new Entry(l.substring(eq + 1), here));
            }
        }
        return new VisionIni(file, first, sections);
    }

    Path file() {
        return file;
    }

    String firstLine() {
        return firstLine;
    }

    Map<String, Entry> section(String name) {
        for (Map.Entry<String, Map<String, Entry>> e : sections.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return Map.of();
    }

    Optional<Entry> get(String section, String key) {
        for (Map.Entry<String, Entry> e : section(section).entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** A required value; its absence is a {@link FileFormatError} naming the key. */
    Entry require(String section, String key, String hint) throws FileFormatError {
        return get(section, key).orElseThrow(() -> new FileFormatError(file, -1, "[" + section + "] " + key,
                "missing", hint));
    }

    private static String abbreviate(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        StringBuilder sb = new StringBuilder();
        for (char c : t.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return sb.toString();
    }
}
