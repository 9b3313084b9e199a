package org.cortexflow.tasks.io.edf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a continuous EDF+ file ({@code EDF+C}): 16-bit samples in microvolts and an
 * {@code EDF Annotations} signal that holds, in every data record, the record's time-keeping TAL
 * followed by the annotations whose onset falls inside that record (EDF+ specification, section 2.2).
 */
public final class EdfPlusWriter extends EdfFamilyWriter {

    /** A timed annotation: onset and duration in seconds from the start of the file. */
    public record Annotation(double onset, double duration, String text) {
    }

    /** 0.1 microvolt per step: +-3276.8 uV in 16 bits. */
    public static final double PHYSICAL_MIN_UV = -3276.8;
    public static final double PHYSICAL_MAX_UV = 3276.7;

    private static final byte[] VERSION = "0       ".getBytes(StandardCharsets.US_ASCII);

    private final int channels;
    private final int samplesPerRecord;
    private final double recordSeconds;
    private final List<byte[]> tals;
    private final int annotationBytes;
    private long index;

    private EdfPlusWriter(Path file, byte[] header, List<Signal> signals, long records, int channels, int samplesPerRecord,
                          double recordSeconds, List<byte[]> tals, int annotationBytes) throws IOException {
        super(file, header, signals, records, 2);
        this.channels = channels;
        this.samplesPerRecord = samplesPerRecord;
        this.recordSeconds = recordSeconds;
        this.tals = tals;
        this.annotationBytes = annotationBytes;
    }

    /**
     * Creates the file and writes its header. Annotations are known up front: the annotation
     * signal is sized for the busiest record.
     *
     * @param patient EDF+ patient field, e.g. {@code sub-01 X X X}
     * @param recording EDF+ recording field, e.g. {@code Startdate 01-JAN-2024 X X X}
     */
    public static EdfPlusWriter create(Path file, List<String> labels, int samplesPerRecord, double recordSeconds, long records,
                                       String patient, String recording, String startDate, String startTime,
                                       String prefiltering, List<Annotation> annotations) throws IOException {
        List<List<Annotation>> perRecord = new ArrayList<>();
        for (long r = 0; r < records; r++) {
            perRecord.add(new ArrayList<>());
        }
        List<Annotation> sorted = new ArrayList<>(annotations);
        sorted.sort(Comparator.comparingDouble(Annotation::onset));
        for (Annotation a : sorted) {
            long r = Math.min(records - 1, Math.max(0, (long) Math.floor(a.onset() / recordSeconds)));
            perRecord.get((int) r).add(a);
        }
        List<byte[]> tals = new ArrayList<>();
        int longest = 0;
        for (int r = 0; r < records; r++) {
            byte[] t = tal(r * recordSeconds, perRecord.get(r));
            tals.add(t);
            longest = Math.max(longest, t.length);
        }
        int annotationSamples = Math.max(30, (longest + 1) / 2);
        List<Signal> signals = new ArrayList<>();
        for (String label : labels) {
            signals.add(new Signal(label, "AgAgCl electrode", "uV", PHYSICAL_MIN_UV, PHYSICAL_MAX_UV, -32768, 32767,
                    prefiltering, samplesPerRecord));
        }
        signals.add(new Signal("EDF Annotations", "", "", -1, 1, -32768, 32767, "", annotationSamples));
        byte[] header = header(VERSION, patient, recording, startDate, startTime, "EDF+C", records, recordSeconds, signals);
        return new EdfPlusWriter(file, header, signals, records, labels.size(), samplesPerRecord, recordSeconds, tals,
                annotationSamples * 2);
    }

    /** The record's TALs: time keeping first, then each annotation (onset, duration, text). */
    private static byte[] tal(double recordStart, List<Annotation> annotations) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("+" + EdfFamilyWriter.number(recordStart).strip() + "\u0014\u0014\u0000").getBytes(StandardCharsets.UTF_8));
        for (Annotation a : annotations) {
            String onset = seconds(a.onset());
            String s = (a.onset() >= 0 ? "+" : "") + onset
                    + (a.duration() > 0 ? "\u0015" + seconds(a.duration()) : "")
                    + "\u0014" + a.text().replace('\u0014', ' ').replace('\u0015', ' ').replace('\u0000', ' ') + "\u0014\u0000";
            b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    /** Seconds without exponent and without trailing zeros. */
    private static String seconds(double s) {
        String t = new java.math.BigDecimal(s).setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return t;
    }

    /** Writes one data record: {@code microvolts[channel][0..samplesPerRecord)} and this record's annotations. */
    public void writeRecord(float[][] microvolts) throws IOException {
        beginRecord();
        for (int c = 0; c < channels; c++) {
            putPhysical(signals().get(c), microvolts[c], 0, samplesPerRecord);
        }
        byte[] t = tals.get((int) index);
        byte[] padded = new byte[annotationBytes];
        System.arraycopy(t, 0, padded, 0, t.length);
        putBytes(padded, annotationBytes);
        endRecord();
        index++;
    }

    public double recordSeconds() {
        return recordSeconds;
    }
}
