package org.cortexflow.tasks.io.edf;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Streams an EDF-family file (EDF+ with 16-bit samples, BDF with 24-bit samples) data record by
 * data record, so a recording never has to fit in memory. The number of records is known up front
 * and written in the header; {@link #close()} checks that exactly that many were written.
 *
 * <p>Header layout as in the EDF specification (Kemp et al. 1992; EDF+ 2003) and BioSemi's BDF:
 * a 256-byte fixed part, then 256 bytes per signal, then records in which each signal's samples
 * are contiguous, little-endian two's complement.
 */
public abstract class EdfFamilyWriter implements Closeable {

    /**
     * One signal (channel) of the file.
     *
     * @param samplesPerRecord samples of this signal in one data record
     */
    public record Signal(String label, String transducer, String physicalDimension, double physicalMin, double physicalMax,
                         int digitalMin, int digitalMax, String prefiltering, int samplesPerRecord) {
    }

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final FileChannel ch;
    private final List<Signal> signals;
    private final long records;
    private final int bytesPerSample;
    private final int recordBytes;
    private final byte[] record;
    private final ByteBuffer recordView;
    private int pos;
    private long written;

    protected EdfFamilyWriter(Path file, byte[] header, List<Signal> signals, long records, int bytesPerSample) throws IOException {
        this.file = file;
        this.signals = List.copyOf(signals);
        this.records = records;
        this.bytesPerSample = bytesPerSample;
        int n = 0;
        for (Signal s : signals) {
            n += s.samplesPerRecord() * bytesPerSample;
        }
        this.recordBytes = n;
        this.record = new byte[n + 1]; // 24-bit samples are stored as overlapping 32-bit writes
        this.recordView = ByteBuffer.wrap(record, 0, n);
        this.ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        writeFully(ByteBuffer.wrap(header));
    }

    public List<Signal> signals() {
        return signals;
    }

    public long records() {
        return records;
    }

    /** Size in bytes of one data record. */
    public int recordBytes() {
        return recordBytes;
    }

    /** Puts raw bytes (an annotation signal's characters). */
    protected void putBytes(byte[] b, int len) {
        System.arraycopy(b, 0, record, pos, len);
        pos += len;
    }

    /** Starts filling the next data record. */
    protected void beginRecord() {
        if (written >= records) {
            throw new IllegalStateException(file + ": all " + records + " data records are already written");
        }
        pos = 0;
    }

    /** Puts one sample, already digital, little-endian. */
    protected void putDigital(int value) {
        record[pos++] = (byte) value;
        record[pos++] = (byte) (value >> 8);
        if (bytesPerSample == 3) {
            record[pos++] = (byte) (value >> 16);
        }
    }

    /** Puts {@code n} physical values of signal {@code s} from {@code src[off..]}. */
    protected void putPhysical(Signal s, float[] src, int off, int n) {
        double scale = (s.digitalMax() - s.digitalMin()) / (s.physicalMax() - s.physicalMin());
        double shift = s.digitalMin() - s.physicalMin() * scale;
        int lo = s.digitalMin();
        int hi = s.digitalMax();
        byte[] r = record;
        int p = pos;
        if (bytesPerSample == 3) {
            for (int i = 0; i < n; i++) {
                long d = Math.round(src[off + i] * scale + shift);
                INT_LE.set(r, p, (int) (d < lo ? lo : d > hi ? hi : d)); // the fourth byte is overwritten next
                p += 3;
            }
        } else {
            for (int i = 0; i < n; i++) {
                long d = Math.round(src[off + i] * scale + shift);
                SHORT_LE.set(r, p, (short) (d < lo ? lo : d > hi ? hi : d));
                p += 2;
            }
        }
        pos = p;
    }

    /** Writes the filled record to the file. */
    protected void endRecord() throws IOException {
        if (pos != recordBytes) {
            throw new IllegalStateException("record holds " + pos + " bytes, expected " + recordBytes);
        }
        recordView.clear();
        recordView.limit(recordBytes);
        writeFully(recordView);
        written++;
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Closes the file; fails if fewer records were written than the header declares. */
    @Override
    public void close() throws IOException {
        ch.close();
        if (written != records) {
            throw new IOException(file + ": wrote " + written + " of the " + records + " data records the header declares");
        }
    }

    /**
     * The header: 256 fixed bytes and 256 bytes per signal, ASCII, space-padded fields.
     *
     * @param version the 8-byte version field ({@code 0} for EDF, {@code \xFFBIOSEMI} for BDF)
     */
    protected static byte[] header(byte[] version, String patient, String recording, String startDate, String startTime,
                                   String reserved, long records, double recordSeconds, List<Signal> signals) {
        int ns = signals.size();
        ByteBuffer h = ByteBuffer.allocate(256 + 256 * ns);
        h.put(version);
        field(h, patient, 80);
        field(h, recording, 80);
        field(h, startDate, 8);
        field(h, startTime, 8);
        field(h, Integer.toString(256 + 256 * ns), 8);
        field(h, reserved, 44);
        field(h, Long.toString(records), 8);
        field(h, number(recordSeconds), 8);
        field(h, Integer.toString(ns), 4);
        signals.forEach(s -> field(h, s.label(), 16));
        signals.forEach(s -> field(h, s.transducer(), 80));
        signals.forEach(s -> field(h, s.physicalDimension(), 8));
        signals.forEach(s -> field(h, exact(s.physicalMin()), 8));
        signals.forEach(s -> field(h, exact(s.physicalMax()), 8));
        signals.forEach(s -> field(h, Integer.toString(s.digitalMin()), 8));
        signals.forEach(s -> field(h, Integer.toString(s.digitalMax()), 8));
        signals.forEach(s -> field(h, s.prefiltering(), 80));
        signals.forEach(s -> field(h, Integer.toString(s.samplesPerRecord()), 8));
        signals.forEach(s -> field(h, "", 32));
        return h.array();
    }

    /** {@link #number}, failing when the text does not give back exactly {@code v}. */
    static String exact(double v) {
        String s = number(v);
        if (Double.parseDouble(s) != v) {
            throw new IllegalArgumentException(v + " cannot be written exactly in an 8-character header field");
        }
        return s;
    }

    private static void field(ByteBuffer h, String value, int width) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        if (b.length > width) {
            throw new IllegalArgumentException("'" + value + "' does not fit a " + width + "-character header field");
        }
        h.put(b);
        for (int i = b.length; i < width; i++) {
            h.put((byte) ' ');
        }
    }

    /**
     * A number in at most 8 characters: integers as such, others with as many decimals as fit.
     * Header numbers must say exactly what the samples were scaled with, so physical ranges must
     * be representable: {@link #exact} checks that.
     */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return Long.toString((long) v);
        }
        for (int decimals = 6; decimals >= 0; decimals--) {
            String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
            if (s.length() <= 8) {
                return s;
            }
        }
        throw new IllegalArgumentException(v + " does not fit an 8-character header field");
    }
}
