package org.cortexflow.tasks.io.edf;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.EegSource;
import org.cortexflow.tasks.io.TriggerChannels;
import org.cortexflow.tasks.io.VoltUnits;

/**
 * Reads EDF, EDF+ (continuous and discontinuous), BDF and BDF+ files: measured signals scaled from
 * digital to physical values with each signal's own minima and maxima, then to volts by its
 * physical dimension; "EDF Annotations" turned into events; trigger channels read as integer codes.
 *
 * <p>Signals recorded at different rates: by default all are read at the highest rate, lower-rate
 * signals upsampled per data record (FFT interpolation; trigger channels sample-and-hold), which is
 * what MNE does; with {@code rate} set, only the signals at that rate are read, untouched.
 *
 * <p>EDF+D records may have gaps between them: by default the records are laid end to end and
 * each gap becomes a {@code gap} event; with {@code fillGaps} the gaps are kept as zeros so that
 * sample indices follow the clock.
 */
public final class EdfReader implements EegSource {

    /**
     * @param rate 0 to read every signal at the highest rate; otherwise only the signals at this rate (Hz)
     * @param annotations read the annotation signals into events (false: ignore them, except the
     *                    time keeping an EDF+D file needs)
     * @param fillGaps for EDF+D: keep gaps between records as zeros instead of closing them
     * @param allowTruncated read the complete records of a truncated file instead of failing
     * @param parallel decode the records of a block on several cores (off when the task has one CPU slot)
     */
    public record Options(double rate, boolean annotations, boolean fillGaps, boolean allowTruncated, TriggerChannels triggers,
                          boolean parallel) {

        public static Options defaults() {
            return new Options(0, true, false, false, TriggerChannels.automatic(), true);
        }
    }

    /** An annotation in seconds from the start of the file's first data record. */
    public record Annotation(double onset, double duration, String text) {
    }

    private static final int READ_BYTES = 4 << 20;
    /** Little-endian 32- and 16-bit loads from a byte array: one load per sample instead of three. */
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    /** Records larger than this are read signal by signal rather than whole. */
    private static final long MAX_WHOLE_RECORD = 16L << 20;
    /** Gaps of an EDF+D file may add at most this many times the recorded samples when filled. */
    private static final int MAX_FILL_FACTOR = 10;

    private final EdfHeader header;
    private final FileChannel ch;
    private final int[] signals;
    /** Byte offset of each chosen signal within a data record. */
    private final long[] signalOffset;
    private final boolean[] trigger;
    private final double[] scale;
    private final double[] shift;
    private final List<Channel> channels;
    private final int outSpr;
    /** Whether some chosen signal has fewer samples per record than the others (resampled, so decoded serially). */
    private final boolean mixed;
    private final boolean parallel;
    private final double sfreq;
    private final long[] recordStart;
    private final long samples;
    private final List<Annotation> annotations;
    private final List<Event> events;
    private final List<String> warnings;
    private final Map<Integer, RecordResampler> resamplers = new HashMap<>();
    private byte[] buf = new byte[0];

    private EdfReader(EdfHeader header, FileChannel ch, Options o) throws IOException, FileFormatError, TaskFailure {
        this.header = header;
        this.ch = ch;
        this.warnings = new ArrayList<>(header.warnings());
        Path file = header.file();
        List<EdfHeader.Signal> data = header.signals().stream().filter(s -> !s.isAnnotation()).toList();
        double dur = header.recordDuration();
        List<EdfHeader.Signal> chosen;
        if (o.rate() > 0) {
            chosen = data.stream().filter(s -> Math.abs(s.samplesPerRecord() / dur - o.rate()) <= 1e-9 * o.rate()).toList();
            if (chosen.isEmpty()) {
                throw new TaskFailure(file + ": no signal is recorded at " + fmt(o.rate()) + " Hz; the file's rates are "
                        + rates(data, dur) + " (set rate=0 to read every signal at the highest rate)");
            }
            if (chosen.size() < data.size()) {
                warnings.add(file + ": rate=" + fmt(o.rate()) + " Hz reads " + chosen.size() + " of " + data.size()
                        + " signals; the others are at " + rates(data, dur));
            }
        } else {
            chosen = data;
        }
        this.signals = chosen.stream().mapToInt(EdfHeader.Signal::index).toArray();
        this.signalOffset = new long[signals.length];
        for (int i = 0; i < signals.length; i++) {
            signalOffset[i] = header.signalOffset(signals[i]);
        }
        this.outSpr = chosen.stream().mapToInt(EdfHeader.Signal::samplesPerRecord).max().orElse(0);
        this.sfreq = dur > 0 ? outSpr / dur : Double.NaN;
        this.trigger = new boolean[signals.length];
        this.scale = new double[signals.length];
        this.shift = new double[signals.length];
        List<Channel> chans = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean mixed = false;
        for (int i = 0; i < signals.length; i++) {
            EdfHeader.Signal s = chosen.get(i);
            String name = unique(s.label().isEmpty() ? "ch" + (s.index() + 1) : s.label(), seen, file);
            Optional<Double> volts = VoltUnits.toVolts(s.physicalDimension());
            if (o.triggers().isTrigger(s.label())) {
                trigger[i] = true;
                chans.add(new Channel(name, "TRIG", "n/a"));
                // BDF: the raw 24-bit status word; EDF: the physical value in the file's own unit
                scale[i] = header.isBdf() ? 1 : s.gain();
                shift[i] = header.isBdf() ? 0 : s.offset();
            } else {
                double toUnit = volts.orElse(1.0);
                scale[i] = s.gain() * toUnit;
                shift[i] = s.offset() * toUnit;
                String unit = volts.isPresent() ? "V" : s.physicalDimension().isEmpty() ? "n/a" : s.physicalDimension();
                chans.add(new Channel(name, type(s.label(), volts.isPresent()), unit));
            }
            if (s.samplesPerRecord() != outSpr) {
                mixed = true;
            }
        }
        for (String named : o.triggers().named()) {
            if (header.signals().stream().noneMatch(s -> s.label().toLowerCase(Locale.ROOT).equals(named))) {
                throw new TaskFailure(file + ": no signal called '" + named + "' for the trigger channels; its signals are "
                        + header.signals().stream().map(EdfHeader.Signal::label).toList());
            }
        }
        if (mixed) {
            if (header.recordBytes() > MAX_WHOLE_RECORD) {
                throw new TaskFailure(file + ": signals at different rates in data records of " + header.recordBytes()
                        + " bytes are too large to resample record by record; pass rate=<Hz> to read the signals of one rate ("
                        + rates(data, dur) + ")");
            }
            warnings.add(file + ": signals at different rates (" + rates(chosen, dur) + "); lower-rate signals are upsampled to "
                    + fmt(sfreq) + " Hz per data record");
        }
        this.channels = List.copyOf(chans);
        this.mixed = mixed;
        this.parallel = o.parallel();

        List<Annotation> notes = new ArrayList<>();
        double[] starts = scanAnnotations(o, notes);
        double t0 = starts != null && starts.length > 0 ? starts[0] : 0;
        List<Event> evs = new ArrayList<>();
        long total = header.records() * outSpr;
        long[] recStart = null;
        if (header.isDiscontinuous() && starts != null && signals.length > 0) {
            if (o.fillGaps()) {
                recStart = new long[starts.length];
                for (int r = 0; r < starts.length; r++) {
                    recStart[r] = Math.round((starts[r] - t0) * sfreq);
                }
                total = recStart.length == 0 ? 0 : recStart[recStart.length - 1] + outSpr;
                if (total > (long) MAX_FILL_FACTOR * Math.max(1, header.records() * outSpr)) {
                    throw new FileFormatError(file, -1, "EDF Annotations", "filling the gaps between records would make "
                            + total + " samples from " + header.records() * outSpr + " recorded",
                            "the record times look damaged; fill_gaps=false reads the records end to end");
                }
            }
            for (int r = 1; r < starts.length; r++) {
                double gap = starts[r] - (starts[r - 1] + dur);
                if (gap > 0.5 / sfreq) {
                    if (recStart != null) {
                        long from = recStart[r - 1] + outSpr;
                        evs.add(new Event(from, recStart[r] - from, "gap", "EDF+D: no data recorded for "
                                + fmt(gap) + " s (zeros)"));
                    } else {
                        evs.add(new Event((long) r * outSpr, 0, "gap", "EDF+D: " + fmt(gap)
                                + " s without data before this sample (records laid end to end)"));
                    }
                }
            }
        }
        this.recordStart = recStart;
        this.samples = signals.length == 0 ? 0 : total;
        List<Annotation> relative = new ArrayList<>();
        for (Annotation a : notes) {
            relative.add(new Annotation(a.onset() - t0, a.duration(), a.text()));
            if (signals.length > 0) {
                evs.add(new Event(sampleOf(a.onset(), starts, t0), Math.round(a.duration() * sfreq), a.text(), "EDF+ annotation"));
            }
        }
        evs.sort((x, y) -> Long.compare(x.onsetSample(), y.onsetSample()));
        this.annotations = List.copyOf(relative);
        this.events = List.copyOf(evs);
    }

    /** Opens {@code file}; the caller closes the reader. */
    public static EdfReader open(Path file, Options o) throws IOException, FileFormatError, TaskFailure {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new EdfReader(EdfHeader.read(file, ch, o.allowTruncated()), ch, o);
        } catch (IOException | TaskFailure | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public EdfHeader header() {
        return header;
    }

    /** The annotations of an EDF+/BDF+ file, in seconds from the start of the first record. */
    public List<Annotation> annotations() {
        return annotations;
    }

    @Override
    public Path file() {
        return header.file();
    }

    @Override
    public String format() {
        return header.format();
    }

    @Override
    public double sfreq() {
        return sfreq;
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public long samples() {
        return samples;
    }

    @Override
    public List<Event> events() {
        return events;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public Map<String, Object> meta() {
        Map<String, Object> m = new TreeMap<>();
        m.put("format", format());
        m.put("source", file().toString());
        header.start().ifPresent(t -> m.put("start_time", t.toString()));
        m.put("record_duration_s", header.recordDuration());
        m.put("n_records", header.records());
        if (!header.recording().isEmpty()) {
            m.put("recording", header.recording());
        }
        return m;
    }

    @Override
    public int blockSamples() {
        if (header.recordBytes() > MAX_WHOLE_RECORD || outSpr == 0) {
            return 1 << 16;
        }
        long perRead = Math.max(1, READ_BYTES / header.recordBytes());
        return (int) Math.min(Integer.MAX_VALUE / 2, perRead * outSpr);
    }

    @Override
    public void read(long start, float[][] dst, int len) throws IOException, FileFormatError {
        if (start < 0 || len < 0 || start + len > samples) {
            throw new IndexOutOfBoundsException("samples " + start + ".." + (start + len) + " of " + samples);
        }
        if (len == 0) {
            return;
        }
        long end = start + len;
        long r0;
        long r1;
        if (recordStart == null) {
            r0 = start / outSpr;
            r1 = (end - 1) / outSpr;
        } else {
            for (float[] d : dst) {
                Arrays.fill(d, 0, len, 0f);
            }
            r0 = Math.max(0, upperBound(recordStart, start) - 1);
            r1 = upperBound(recordStart, end - 1) - 1;
            if (r1 < r0) {
                return;
            }
        }
        if (header.recordBytes() > MAX_WHOLE_RECORD) {
            for (long r = r0; r <= r1; r++) {
                readPartial(r, start, end, dst);
            }
            return;
        }
        long perRead = Math.max(1, READ_BYTES / header.recordBytes());
        for (long ra = r0; ra <= r1; ra += perRead) {
            int n = (int) Math.min(perRead, r1 - ra + 1);
            int bytes = (int) (n * header.recordBytes());
            if (buf.length < bytes + 4) {
                buf = new byte[bytes + 4];
            }
            readFully(header.recordOffset(ra), bytes);
            long first = ra;
            if (n > 1 && !mixed && parallel) {
                // records decode independently into disjoint parts of dst: spread them over the cores
                IntStream.range(0, n).parallel().forEach(k -> decodeRecord(first + k, k * header.recordBytes(), start, end, dst));
            } else {
                for (int k = 0; k < n; k++) {
                    decodeRecord(first + k, k * header.recordBytes(), start, end, dst);
                }
            }
        }
    }

    /** Decodes every chosen signal of record {@code r}, whose bytes start at {@code buf[base]}, clipped to [start, end). */
    private void decodeRecord(long r, long base, long start, long end, float[][] dst) {
        long recOut = recordOut(r);
        long lo = Math.max(start, recOut);
        long hi = Math.min(end, recOut + outSpr);
        if (lo >= hi) {
            return;
        }
        for (int c = 0; c < signals.length; c++) {
            EdfHeader.Signal s = header.signals().get(signals[c]);
            int sigBase = (int) (base + signalOffset[c]);
            int spr = s.samplesPerRecord();
            if (spr == outSpr) {
                decode(sigBase, (int) (lo - recOut), (int) (hi - recOut), c, dst[c], (int) (lo - start));
            } else {
                double[] one = new double[spr];
                decodeDouble(sigBase, spr, c, one);
                double[] up = upsample(one, spr, c);
                for (long t = lo; t < hi; t++) {
                    dst[c][(int) (t - start)] = (float) up[(int) (t - recOut)];
                }
            }
        }
    }

    /** Reads the needed samples of each signal of one (large) record directly. */
    private void readPartial(long r, long start, long end, float[][] dst) throws IOException {
        long recOut = recordOut(r);
        long lo = Math.max(start, recOut);
        long hi = Math.min(end, recOut + outSpr);
        if (lo >= hi) {
            return;
        }
        int from = (int) (lo - recOut);
        int to = (int) (hi - recOut);
        int bps = header.bytesPerSample();
        for (int c = 0; c < signals.length; c++) {
            int bytes = (to - from) * bps;
            if (buf.length < bytes + 4) {
                buf = new byte[bytes + 4];
            }
            readFully(header.recordOffset(r) + signalOffset[c] + (long) from * bps, bytes);
            decode(-from * bps, from, to, c, dst[c], (int) (lo - start));
        }
    }

    private long recordOut(long r) {
        return recordStart == null ? r * outSpr : recordStart[(int) r];
    }

    /**
     * Samples {@code [from, to)} of chosen signal {@code c} at {@code buf[sigBase + k * bps]} into
     * {@code out[outOff..]}. A 24-bit sample is read as the int at its first byte, shifted to
     * sign-extend its low three bytes (the buffer has 4 spare bytes, so the last load stays inside).
     */
    private void decode(int sigBase, int from, int to, int c, float[] out, int outOff) {
        double g = scale[c];
        double o = shift[c];
        byte[] b = buf;
        if (header.isBdf()) {
            if (trigger[c]) {
                for (int k = from, p = sigBase + 3 * from, i = outOff; k < to; k++, p += 3, i++) {
                    out[i] = (int) INT.get(b, p) & 0xFFFFFF;
                }
                return;
            }
            for (int k = from, p = sigBase + 3 * from, i = outOff; k < to; k++, p += 3, i++) {
                int v = (int) INT.get(b, p) << 8 >> 8;
                out[i] = (float) (v * g + o);
            }
        } else if (trigger[c]) {
            for (int k = from, p = sigBase + 2 * from, i = outOff; k < to; k++, p += 2, i++) {
                out[i] = (float) Math.rint((short) SHORT.get(b, p) * g + o);
            }
        } else {
            for (int k = from, p = sigBase + 2 * from, i = outOff; k < to; k++, p += 2, i++) {
                out[i] = (float) ((short) SHORT.get(b, p) * g + o);
            }
        }
    }

    /** All samples of chosen signal {@code c} of one record, in double precision (before resampling). */
    private void decodeDouble(int sigBase, int spr, int c, double[] out) {
        byte[] b = buf;
        for (int k = 0; k < spr; k++) {
            double v;
            if (header.isBdf()) {
                int p = sigBase + 3 * k;
                v = trigger[c] ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16
                        : ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16) * scale[c] + shift[c];
            } else {
                int p = sigBase + 2 * k;
                v = ((b[p] & 0xFF) | b[p + 1] << 8) * scale[c] + shift[c];
                if (trigger[c]) {
                    v = Math.rint(v);
                }
            }
            out[k] = v;
        }
    }

    private double[] upsample(double[] one, int spr, int c) {
        double[] up = new double[outSpr];
        if (trigger[c]) {
            // sample-and-hold, as MNE does for stim channels: output j takes input floor(j * spr / outSpr)
            for (int j = 0; j < outSpr; j++) {
                up[j] = one[(int) ((long) j * spr / outSpr)];
            }
            return up;
        }
        resamplers.computeIfAbsent(spr, n -> new RecordResampler(n, outSpr)).resample(one, up);
        return up;
    }

    private void readFully(long pos, int bytes) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, bytes);
        while (bb.hasRemaining()) {
            int n = ch.read(bb, pos + bb.position());
            if (n < 0) {
                throw new IOException(header.file() + ": the file shrank while reading (end at byte " + (pos + bb.position()) + ")");
            }
        }
    }

    /**
     * Reads every annotation signal of every record: the annotations go to {@code notes}, and
     * the record start times are returned (null when the file has no annotation signal).
     */
    private double[] scanAnnotations(Options o, List<Annotation> notes) throws IOException, FileFormatError {
        List<EdfHeader.Signal> ann = header.signals().stream().filter(EdfHeader.Signal::isAnnotation).toList();
        if (ann.isEmpty() || !header.isPlus() && !o.annotations()) {
            return null;
        }
        Path file = header.file();
        boolean needTimes = header.isDiscontinuous();
        long records = header.records();
        if (needTimes && records > Integer.MAX_VALUE - 8) {
            throw new FileFormatError(file, 236, "number of data records", records + " records are too many for EDF+D");
        }
        double[] starts = new double[(int) Math.min(records, needTimes ? records : 1)];
        boolean warnedTime = false;
        int bps = header.bytesPerSample();
        for (long r = 0; r < records; r++) {
            for (int a = 0; a < ann.size(); a++) {
                EdfHeader.Signal s = ann.get(a);
                if (a > 0 && !o.annotations()) {
                    break;
                }
                int bytes = s.samplesPerRecord() * bps;
                if (buf.length < bytes) {
                    buf = new byte[bytes];
                }
                long at = header.recordOffset(r) + header.signalOffset(s.index());
                readFully(at, bytes);
                List<Tal> tals;
                try {
                    tals = Tal.parse(file, buf, 0, bytes, at);
                } catch (FileFormatError e) {
                    if (o.annotations() || needTimes) {
                        throw e;
                    }
                    continue;
                }
                int first = 0;
                if (a == 0) {
                    if (!tals.isEmpty() && tals.get(0).keepsTime()) {
                        if (r < starts.length) {
                            starts[(int) r] = tals.get(0).onset();
                        }
                        if (needTimes && r > 0 && starts[(int) r] < starts[(int) r - 1] + header.recordDuration() - 1e-9) {
                            throw new FileFormatError(file, at, "EDF Annotations", "data record " + (r + 1) + " starts at "
                                    + fmt(starts[(int) r]) + " s, before the end of record " + r + " ("
                                    + fmt(starts[(int) r - 1] + header.recordDuration()) + " s)",
                                    "EDF+D records must be in time order and must not overlap");
                        }
                    } else if (needTimes) {
                        throw new FileFormatError(file, at, "EDF Annotations", "data record " + (r + 1)
                                + " has no time-keeping annotation (an empty first annotation giving its start time)",
                                "EDF+D files need one in every record");
                    } else if (!warnedTime) {
                        warnings.add(file + ": data record " + (r + 1) + " has no time-keeping annotation; records are"
                                + " taken to follow each other");
                        warnedTime = true;
                        if (r < starts.length) {
                            starts[(int) r] = r * header.recordDuration();
                        }
                    }
                    first = tals.isEmpty() || !tals.get(0).keepsTime() ? 0 : 1;
                    if (!tals.isEmpty() && tals.get(0).keepsTime()) {
                        // a time-keeping TAL may carry annotations after its empty first text
                        for (String t : tals.get(0).annotations()) {
                            if (o.annotations()) {
                                notes.add(new Annotation(tals.get(0).onset(), tals.get(0).duration(), t));
                            }
                        }
                    }
                }
                if (!o.annotations()) {
                    continue;
                }
                for (int k = first; k < tals.size(); k++) {
                    for (String t : tals.get(k).annotations()) {
                        notes.add(new Annotation(tals.get(k).onset(), tals.get(k).duration(), t));
                    }
                }
            }
        }
        return starts;
    }

    /** The output sample of a time in seconds (file clock). */
    private long sampleOf(double onset, double[] starts, double t0) {
        if (recordStart != null || !header.isDiscontinuous() || starts == null || starts.length == 0) {
            return Math.round((onset - t0) * sfreq);
        }
        int r = upperBound(starts, onset) - 1;
        if (r < 0) {
            return Math.round((onset - t0) * sfreq);
        }
        double into = onset - starts[r];
        if (into > header.recordDuration()) {
            return (long) (r + 1) * outSpr; // inside a gap: the start of the next record
        }
        return (long) r * outSpr + Math.round(into * sfreq);
    }

    private static int upperBound(long[] a, long v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private String unique(String name, Map<String, Integer> seen, Path file) {
        int n = seen.merge(name, 1, Integer::sum);
        if (n == 1) {
            return name;
        }
        String renamed = name + "-" + (n - 1);
        warnings.add(file + ": channel name '" + name + "' appears more than once; occurrence " + n + " is named '" + renamed + "'");
        seen.put(renamed, 1);
        return renamed;
    }

    /** BIDS channel type from an EDF label prefix ("EEG Fp1", "EOG left", ...). */
    static String type(String label, boolean voltage) {
        String first = label.strip().split("[\\s-]", 2)[0].toUpperCase(Locale.ROOT);
        return switch (first) {
            case "EEG" -> "EEG";
            case "EOG" -> "EOG";
            case "ECG", "EKG" -> "ECG";
            case "EMG" -> "EMG";
            case "RESP" -> "RESP";
            case "TEMP" -> "TEMP";
            default -> voltage ? "EEG" : "MISC";
        };
    }

    private static String rates(List<EdfHeader.Signal> signals, double dur) {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (EdfHeader.Signal s : signals) {
            count.merge(fmt(s.samplesPerRecord() / dur) + " Hz", 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        count.forEach((k, v) -> parts.add(v + " at " + k));
        return String.join(", ", parts);
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
