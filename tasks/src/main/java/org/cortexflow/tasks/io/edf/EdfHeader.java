package org.cortexflow.tasks.io.edf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * The header of an EDF, EDF+, BDF or BDF+ file, checked field by field and against the file's
 * size before anything is allocated from it. Follows the EDF specification (Kemp et al. 1992), the
 * EDF+ specification (Kemp and Olivan 2003) and BioSemi's 24-bit BDF variant.
 */
public final class EdfHeader {

    /** Bytes of the fixed part of the header, and of each signal's part. */
    static final int FIXED = 256;
    /** Widths of the per-signal fields, in header order. */
    private static final int[] WIDTHS = {16, 80, 8, 8, 8, 8, 8, 80, 8, 32};
    private static final String[] FIELDS = {"label", "transducer type", "physical dimension", "physical minimum",
        "physical maximum", "digital minimum", "digital maximum", "prefiltering", "number of samples per record", "reserved"};
    private static final Pattern EDFPLUS_START = Pattern.compile("^Startdate (\\d{2}-[A-Za-z]{3}-\\d{4})\\b");

    /** One signal (channel) as the header declares it. */
    public record Signal(int index, String label, String transducer, String physicalDimension, double physicalMin,
                         double physicalMax, long digitalMin, long digitalMax, String prefiltering, int samplesPerRecord) {

        /** Whether this is an EDF+/BDF+ annotation signal rather than a measured one. */
        public boolean isAnnotation() {
            return label.equals("EDF Annotations") || label.equals("BDF Annotations");
        }

        /** Physical units per digital step. */
        public double gain() {
            return (physicalMax - physicalMin) / (double) (digitalMax - digitalMin);
        }

        /** The physical value of digital 0. */
        public double offset() {
            return physicalMin - digitalMin * gain();
        }
    }

    private final Path file;
    private final boolean bdf;
    private final String reserved;
    private final String patient;
    private final String recording;
    private final Optional<LocalDateTime> start;
    private final int headerBytes;
    private final long records;
    private final double recordDuration;
    private final List<Signal> signals;
    private final long recordBytes;
    private final List<String> warnings;

    private EdfHeader(Path file, boolean bdf, String reserved, String patient, String recording, Optional<LocalDateTime> start,
                      int headerBytes, long records, double recordDuration, List<Signal> signals, long recordBytes,
                      List<String> warnings) {
        this.file = file;
        this.bdf = bdf;
        this.reserved = reserved;
        this.patient = patient;
        this.recording = recording;
        this.start = start;
        this.headerBytes = headerBytes;
        this.records = records;
        this.recordDuration = recordDuration;
        this.signals = signals;
        this.recordBytes = recordBytes;
        this.warnings = warnings;
    }

    /** Whether the first bytes are those of an EDF ("0       ") or BDF (0xFF "BIOSEMI") file. */
    public static boolean looksLikeEdf(byte[] first8) {
        if (first8.length < 8) {
            return false;
        }
        if ((first8[0] & 0xFF) == 0xFF) {
            return new String(first8, 1, 7, StandardCharsets.ISO_8859_1).equals("BIOSEMI");
        }
        return new String(first8, 0, 8, StandardCharsets.ISO_8859_1).equals("0       ");
    }

    /**
     * Reads and checks the header.
     *
     * @param allowTruncated read the complete records of a file shorter than its header says,
     *                       instead of failing
     */
    public static EdfHeader read(Path file, FileChannel ch, boolean allowTruncated) throws IOException, FileFormatError {
        long size = ch.size();
        if (size < FIXED) {
            throw new FileFormatError(file, size, "header", "the file has " + size + " bytes; an EDF/BDF header alone has 256",
                    "the file is truncated or not EDF/BDF");
        }
        byte[] fixed = readBytes(ch, 0, FIXED);
        List<String> warnings = new ArrayList<>();
        boolean bdf;
        if ((fixed[0] & 0xFF) == 0xFF && text(fixed, 1, 7).equals("BIOSEMI")) {
            bdf = true;
        } else if (text(fixed, 0, 8).strip().equals("0")) {
            bdf = false;
        } else {
            throw new FileFormatError(file, 0, "version", "not an EDF or BDF file: the first 8 bytes are '"
                    + printable(fixed, 0, 8) + "'", "EDF files start with \"0       \", BDF files with 0xFF \"BIOSEMI\"");
        }
        String patient = text(fixed, 8, 80).strip();
        String recording = text(fixed, 88, 80).strip();
        String reserved = text(fixed, 192, 44).strip();
        int ns = (int) integer(file, fixed, 252, 4, "number of signals", 0, 100_000);
        long expectedHeader = (long) FIXED * (ns + 1);
        long headerBytes = integer(file, fixed, 184, 8, "number of bytes in header", 0, Long.MAX_VALUE / 2);
        if (headerBytes != expectedHeader) {
            throw new FileFormatError(file, 184, "number of bytes in header", "says " + headerBytes + " but "
                    + ns + " signals need 256 x (1 + " + ns + ") = " + expectedHeader, "the header is damaged");
        }
        if (expectedHeader > size) {
            throw new FileFormatError(file, 252, "number of signals", ns + " signals need a " + expectedHeader
                    + "-byte header but the file has " + size + " bytes", "the file is truncated or the field is damaged");
        }
        long declaredRecords = integer(file, fixed, 236, 8, "number of data records", -1, Long.MAX_VALUE / 2);
        double duration = real(file, fixed, 244, 8, "duration of a data record");
        if (duration < 0 || duration > 1e7) {
            throw new FileFormatError(file, 244, "duration of a data record", "must be between 0 and 1e7 seconds, found " + duration);
        }
        byte[] sig = readBytes(ch, FIXED, ns * FIXED);
        List<Signal> signals = new ArrayList<>(ns);
        int[] at = new int[WIDTHS.length];
        for (int f = 1; f < WIDTHS.length; f++) {
            at[f] = at[f - 1] + WIDTHS[f - 1] * ns;
        }
        long digLo = bdf ? -(1L << 23) : -(1L << 15);
        long digHi = bdf ? (1L << 23) - 1 : (1L << 15) - 1;
        long samplesPerRecordSum = 0;
        for (int i = 0; i < ns; i++) {
            String label = text(sig, at[0] + 16 * i, 16).strip();
            String transducer = text(sig, at[1] + 80 * i, 80).strip();
            String dim = unit(sig, at[2] + 8 * i);
            String pre = text(sig, at[7] + 80 * i, 80).strip();
            int spr = (int) integer(file, sig, at[8] + 8 * i, 8, field(i, label, 8), FIXED, 1, Integer.MAX_VALUE);
            boolean annotation = label.equals("EDF Annotations") || label.equals("BDF Annotations");
            double pmin = 0;
            double pmax = 1;
            long dmin = digLo;
            long dmax = digHi;
            if (!annotation) {
                pmin = realField(file, sig, at[3] + 8 * i, field(i, label, 3));
                pmax = realField(file, sig, at[4] + 8 * i, field(i, label, 4));
                dmin = integer(file, sig, at[5] + 8 * i, 8, field(i, label, 5), FIXED, digLo, digHi);
                dmax = integer(file, sig, at[6] + 8 * i, 8, field(i, label, 6), FIXED, digLo, digHi);
                if (dmax <= dmin) {
                    throw new FileFormatError(file, FIXED + at[6] + 8L * i, field(i, label, 6), "digital maximum " + dmax
                            + " is not above the digital minimum " + dmin, "the scaling of this signal is undefined");
                }
                if (pmax == pmin) {
                    warnings.add(file + ": signal " + (i + 1) + " (" + label + ") has equal physical minimum and maximum ("
                            + pmin + "); it reads as a constant");
                }
            }
            signals.add(new Signal(i, label, transducer, dim, pmin, pmax, dmin, dmax, pre, spr));
            samplesPerRecordSum += spr;
        }
        int bytesPerSample = bdf ? 3 : 2;
        long recordBytes = samplesPerRecordSum * bytesPerSample;
        if (ns > 0 && recordBytes > size - expectedHeader && declaredRecords != 0) {
            throw new FileFormatError(file, FIXED + at[8], "number of samples per record", "one data record of "
                    + samplesPerRecordSum + " samples needs " + recordBytes + " bytes but the file has only "
                    + (size - expectedHeader) + " after its header", "the file is truncated or the sample counts are damaged");
        }
        boolean onlyAnnotations = signals.stream().allMatch(Signal::isAnnotation);
        if (duration == 0 && !onlyAnnotations) {
            throw new FileFormatError(file, 244, "duration of a data record", "is 0 but the file has measured signals",
                    "only annotation-only EDF+ files may have records of duration 0");
        }
        long available = recordBytes == 0 ? 0 : (size - expectedHeader) / recordBytes;
        long extra = recordBytes == 0 ? 0 : (size - expectedHeader) % recordBytes;
        long records;
        if (declaredRecords == -1) {
            records = available;
            warnings.add(file + ": the number of data records is -1 (unknown); " + available
                    + " complete records were counted from the file size");
            if (extra != 0) {
                warnings.add(file + ": " + extra + " bytes after the last complete record are ignored");
            }
        } else if (declaredRecords > available) {
            if (!allowTruncated) {
                throw new FileFormatError(file, 236, "number of data records", "the header says " + declaredRecords
                        + " records of " + recordBytes + " bytes but the file holds only " + available + " complete records ("
                        + size + " bytes)", "the file is truncated; pass allow_truncated=true to read the " + available
                        + " complete records");
            }
            warnings.add(file + ": truncated: " + available + " of " + declaredRecords + " data records are present and read");
            records = available;
        } else {
            records = declaredRecords;
            long trailing = size - expectedHeader - records * recordBytes;
            if (trailing > 0) {
                warnings.add(file + ": " + trailing + " bytes after data record " + records + " are ignored");
            }
        }
        String plus = reserved.toUpperCase(Locale.ROOT);
        if (!bdf && !plus.startsWith("EDF+") && !plus.isEmpty() && !plus.equals("RESERVED")) {
            warnings.add(file + ": unrecognised reserved field '" + reserved + "'; read as plain EDF");
        }
        Optional<LocalDateTime> start = startTime(file, fixed, recording, warnings);
        return new EdfHeader(file, bdf, reserved, patient, recording, start, (int) expectedHeader, records, duration,
                List.copyOf(signals), recordBytes, warnings);
    }

    private static String field(int i, String label, int f) {
        return "signal " + (i + 1) + (label.isEmpty() ? "" : " (" + label + ")") + " " + FIELDS[f];
    }

    public Path file() {
        return file;
    }

    /** True for BioSemi 24-bit files. */
    public boolean isBdf() {
        return bdf;
    }

    /** EDF+ or BDF+ (the reserved field starts with EDF+ or BDF+). */
    public boolean isPlus() {
        String r = reserved.toUpperCase(Locale.ROOT);
        return r.startsWith("EDF+") || r.startsWith("BDF+");
    }

    /** EDF+D or BDF+D: data records need not be contiguous in time. */
    public boolean isDiscontinuous() {
        String r = reserved.toUpperCase(Locale.ROOT);
        return r.startsWith("EDF+D") || r.startsWith("BDF+D");
    }

    /** "EDF", "EDF+C", "EDF+D", "BDF", "BDF+C" or "BDF+D". */
    public String format() {
        String base = bdf ? "BDF" : "EDF";
        if (isPlus()) {
            return base + (isDiscontinuous() ? "+D" : "+C");
        }
        return base;
    }

    public String reserved() {
        return reserved;
    }

    public String patient() {
        return patient;
    }

    public String recording() {
        return recording;
    }

    /** The recording's start, when the header's date and time parse. */
    public Optional<LocalDateTime> start() {
        return start;
    }

    public int headerBytes() {
        return headerBytes;
    }

    /** Number of complete data records that will be read. */
    public long records() {
        return records;
    }

    /** Seconds per data record. */
    public double recordDuration() {
        return recordDuration;
    }

    public List<Signal> signals() {
        return signals;
    }

    public int bytesPerSample() {
        return bdf ? 3 : 2;
    }

    /** Bytes of one data record (all signals). */
    public long recordBytes() {
        return recordBytes;
    }

    /** Byte offset of signal {@code s}'s samples within a data record. */
    public long signalOffset(int s) {
        long off = 0;
        for (int i = 0; i < s; i++) {
            off += (long) signals.get(i).samplesPerRecord() * bytesPerSample();
        }
        return off;
    }

    /** Byte offset of data record {@code r} in the file. */
    public long recordOffset(long r) {
        return headerBytes + r * recordBytes;
    }

    /** Repairs and notes made while reading (a -1 record count, trailing bytes, ...). */
    public List<String> warnings() {
        return warnings;
    }

    private static byte[] readBytes(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (pos + b.position()));
            }
        }
        return b.array();
    }

    private static String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02X", c));
        }
        return sb.toString();
    }

    /** The physical dimension; "µV" may be written in Latin-1, UTF-8 or as the Greek mu. */
    private static String unit(byte[] b, int off) {
        byte[] raw = java.util.Arrays.copyOfRange(b, off, off + 8);
        String s = new String(raw, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') >= 0) {
            s = new String(raw, StandardCharsets.ISO_8859_1);
        }
        return s.strip().replace('\u03BC', '\u00B5');
    }

    private static long integer(Path file, byte[] b, int off, int len, String field, long min, long max) throws FileFormatError {
        return integer(file, b, off, len, field, 0, min, max);
    }

    private static long integer(Path file, byte[] b, int off, int len, String field, long base, long min, long max)
            throws FileFormatError {
        String s = ascii(file, b, off, len, field, base).strip();
        long v;
        try {
            v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            // a few writers put "1.0" in integer fields
            try {
                double d = Double.parseDouble(s);
                if (d != Math.rint(d) || Math.abs(d) > 9e15) {
                    throw new NumberFormatException();
                }
                v = (long) d;
            } catch (NumberFormatException e2) {
                throw new FileFormatError(file, base + off, field, "expected an integer, found '" + s + "'");
            }
        }
        if (v < min || v > max) {
            throw new FileFormatError(file, base + off, field, "value " + v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    private static double real(Path file, byte[] b, int off, int len, String field) throws FileFormatError {
        String s = ascii(file, b, off, len, field, 0).strip();
        try {
            double d = Double.parseDouble(s.replace(',', '.'));
            if (!Double.isFinite(d) || s.isEmpty() || !Character.isDigit(s.charAt(s.length() - 1)) && !s.endsWith(".")) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new FileFormatError(file, off, field, "expected a number, found '" + s + "'");
        }
    }

    private static double realField(Path file, byte[] b, int off, String field) throws FileFormatError {
        try {
            return real(file, b, off, 8, field);
        } catch (FileFormatError e) {
            throw new FileFormatError(file, FIXED + off, field, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    private static String ascii(Path file, byte[] b, int off, int len, String field, long base) throws FileFormatError {
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            if (c < 32 || c > 126) {
                throw new FileFormatError(file, base + i, field, String.format("byte 0x%02X in a numeric field", c),
                        "EDF header fields are printable ASCII");
            }
        }
        return new String(b, off, len, StandardCharsets.US_ASCII);
    }

    private static Optional<LocalDateTime> startTime(Path file, byte[] fixed, String recording, List<String> warnings) {
        String date = text(fixed, 168, 8).strip();
        String time = text(fixed, 176, 8).strip();
        try {
            LocalTime t = LocalTime.parse(time, DateTimeFormatter.ofPattern("HH.mm.ss"));
            Matcher m = EDFPLUS_START.matcher(recording);
            LocalDate d;
            if (m.find()) {
                String g = m.group(1);
                String month = g.substring(3, 4).toUpperCase(Locale.ROOT) + g.substring(4, 6).toLowerCase(Locale.ROOT);
                d = LocalDate.parse(g.substring(0, 3) + month + g.substring(6),
                        DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ENGLISH));
            } else {
                int dd = Integer.parseInt(date.substring(0, 2));
                int mm = Integer.parseInt(date.substring(3, 5));
                int yy = Integer.parseInt(date.substring(6, 8));
                d = LocalDate.of(yy >= 85 ? 1900 + yy : 2000 + yy, mm, dd); // EDF's 1985-2084 clipping window
            }
            return Optional.of(LocalDateTime.of(d, t));
        } catch (NumberFormatException | StringIndexOutOfBoundsException | java.time.DateTimeException e) {
            warnings.add(file + ": start date/time '" + date + " " + time + "' does not parse; no start time recorded");
            return Optional.empty();
        }
    }
}
