package org.cortexflow.tasks.io.edf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * A time-stamped annotation list (TAL) of an EDF+ "EDF Annotations" signal:
 * {@code +onset[\x15duration]\x14text\x14[text\x14...]\x00}. The first TAL of each data record
 * has an empty first text and gives the record's start time (EDF+ specification, section 2.2.4).
 *
 * @param onset seconds from the file's start date and time
 * @param duration seconds; 0 when the TAL gives none
 * @param texts the annotations; the first is empty in a time-keeping TAL
 * @param fileOffset byte offset of the TAL in the file, for messages
 */
public record Tal(double onset, double duration, List<String> texts, long fileOffset) {

    private static final Pattern ONSET = Pattern.compile("[+-]\\d+(\\.\\d*)?");
    private static final Pattern DURATION = Pattern.compile("\\d+(\\.\\d*)?");

    /** Whether this TAL keeps time (its first annotation is empty). */
    public boolean keepsTime() {
        return !texts.isEmpty() && texts.get(0).isEmpty();
    }

    /** The non-empty annotations. */
    public List<String> annotations() {
        return texts.stream().filter(t -> !t.isEmpty()).toList();
    }

    /**
     * Parses the TALs in {@code bytes[off, off + len)}, the annotation samples of one data record.
     *
     * @param fileOffset the file offset of {@code bytes[off]}
     */
    public static List<Tal> parse(Path file, byte[] bytes, int off, int len, long fileOffset) throws FileFormatError {
        List<Tal> out = new ArrayList<>();
        int end = off + len;
        int i = off;
        while (i < end) {
            if (bytes[i] == 0) {
                i++;
                continue;
            }
            int start = i;
            int stop = i;
            while (stop < end && bytes[stop] != 0) {
                stop++;
            }
            if (stop == end) {
                throw new FileFormatError(file, fileOffset + (start - off), "EDF Annotations",
                        "annotation list does not end with a 0 byte inside its data record",
                        "the annotation signal is damaged; annotations=ignore reads the signals without it");
            }
            out.add(one(file, bytes, start, stop, fileOffset + (start - off)));
            i = stop + 1;
        }
        return out;
    }

    private static Tal one(Path file, byte[] b, int start, int stop, long at) throws FileFormatError {
        int sep = start;
        while (sep < stop && b[sep] != 0x14) {
            sep++;
        }
        if (sep == stop) {
            throw bad(file, at, "no 0x14 byte after the onset");
        }
        String time = decode(file, b, start, sep, at);
        String onsetText = time;
        String durationText = null;
        int dur = time.indexOf('\u0015');
        if (dur >= 0) {
            onsetText = time.substring(0, dur);
            durationText = time.substring(dur + 1);
        }
        if (!ONSET.matcher(onsetText).matches()) {
            throw bad(file, at, "onset '" + onsetText + "' is not +seconds or -seconds");
        }
        double duration = 0;
        if (durationText != null) {
            if (!DURATION.matcher(durationText).matches()) {
                throw bad(file, at, "duration '" + durationText + "' is not a number of seconds");
            }
            duration = Double.parseDouble(durationText);
        }
        List<String> texts = new ArrayList<>();
        int from = sep + 1;
        for (int k = sep + 1; k < stop; k++) {
            if (b[k] == 0x14) {
                texts.add(decode(file, b, from, k, at + (from - start)).strip());
                from = k + 1;
            }
        }
        if (from < stop) {
            texts.add(decode(file, b, from, stop, at + (from - start)).strip()); // last text without its closing 0x14
        }
        return new Tal(Double.parseDouble(onsetText), duration, texts, at);
    }

    private static String decode(Path file, byte[] b, int from, int to, long at) throws FileFormatError {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatError(file, at, "EDF Annotations", "annotation text is not UTF-8",
                    "EDF+ annotations are UTF-8; annotations=ignore reads the signals without them");
        }
    }

    private static FileFormatError bad(Path file, long at, String problem) {
        return new FileFormatError(file, at, "EDF Annotations", "malformed annotation: " + problem,
                "annotations=ignore reads the signals without the annotations");
    }
}
