package org.cortexflow.tasks.io.brainvision;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.EegSource;
import org.cortexflow.tasks.io.VoltUnits;

/**
 * Reads a BrainVision recording: the {@code .vhdr} header, the binary {@code .eeg} data file it
 * names (INT_16, UINT_16, INT_32 or IEEE_FLOAT_32; multiplexed or vectorized; either byte order)
 * and the {@code .vmrk} markers. Each channel is scaled by its own resolution and unit (µV when
 * the header gives none, as the format specifies); channels in units other than volts (µS, °C,
 * ...) keep their unit and become MISC.
 */
public final class BrainVisionReader implements EegSource {

    private static final String[] HEADER_MAGIC = {"Brain Vision Data Exchange Header File", "BrainVision Data Exchange Header File"};
    private static final String[] MARKER_MAGIC = {"Brain Vision Data Exchange Marker File", "BrainVision Data Exchange Marker File"};
    private static final Pattern STIMULUS = Pattern.compile("^[Ss]\\s*(\\d+)$");
    private static final int READ_BYTES = 4 << 20;

    private enum Sample {
        INT_16(2), UINT_16(2), INT_32(4), IEEE_FLOAT_32(4);

        final int bytes;

        Sample(int bytes) {
            this.bytes = bytes;
        }
    }

    private final Path vhdr;
    private final Path dataFile;
    private final FileChannel ch;
    private final Sample sample;
    private final ByteOrder order;
    private final boolean vectorized;
    private final int nch;
    private final double sfreq;
    private final long samples;
    /** Samples per channel in the data file: the stride between channels of a vectorized file. */
    private final long stride;
    private final double[] scale;
    private final List<Channel> channels;
    private final List<Event> events;
    private final List<String> warnings;
    private final Optional<LocalDateTime> start;
    private ByteBuffer buf = ByteBuffer.allocate(0);

    private BrainVisionReader(Path vhdr, Path dataFile, FileChannel ch, Sample sample, ByteOrder order, boolean vectorized,
                              double sfreq, long samples, long stride, double[] scale, List<Channel> channels, List<Event> events,
                              List<String> warnings, Optional<LocalDateTime> start) {
        this.vhdr = vhdr;
        this.dataFile = dataFile;
        this.ch = ch;
        this.sample = sample;
        this.order = order;
        this.vectorized = vectorized;
        this.nch = channels.size();
        this.sfreq = sfreq;
        this.samples = samples;
        this.stride = stride;
        this.scale = scale;
        this.channels = channels;
        this.events = events;
        this.warnings = warnings;
        this.start = start;
    }

    /**
     * Opens the recording of header {@code vhdr}.
     *
     * @param allowTruncated read the complete samples of a data file shorter than DataPoints says
     */
    public static BrainVisionReader open(Path vhdr, boolean allowTruncated) throws IOException, FileFormatError {
        VisionIni h = VisionIni.read(vhdr, "header file", HEADER_MAGIC);
        List<String> warnings = new ArrayList<>();
        String format = h.get("Common Infos", "DataFormat").map(e -> e.value().strip()).orElse("BINARY");
        if (!format.equalsIgnoreCase("BINARY")) {
            throw new FileFormatError(vhdr, offset(h, "Common Infos", "DataFormat"), "[Common Infos] DataFormat",
                    "DataFormat " + format + " is not supported", "export the recording as BINARY from BrainVision Analyzer");
        }
        String dataType = h.get("Common Infos", "DataType").map(e -> e.value().strip()).orElse("TIMEDOMAIN");
        if (!dataType.toUpperCase(Locale.ROOT).startsWith("TIMEDOMAIN")) {
            throw new FileFormatError(vhdr, offset(h, "Common Infos", "DataType"), "[Common Infos] DataType",
                    "DataType " + dataType + " is not time-domain EEG");
        }
        VisionIni.Entry nchE = h.require("Common Infos", "NumberOfChannels", "the header must say how many channels there are");
        int nch = (int) integer(vhdr, nchE, "[Common Infos] NumberOfChannels", 1, 100_000);
        VisionIni.Entry si = h.require("Common Infos", "SamplingInterval", "the sampling interval in microseconds");
        double interval = number(vhdr, si, "[Common Infos] SamplingInterval");
        if (!(interval > 0) || interval > 1e9) {
            throw new FileFormatError(vhdr, si.offset(), "[Common Infos] SamplingInterval", "must be a positive number of"
                    + " microseconds, found " + si.value().strip());
        }
        double sfreq = 1e6 / interval;
        String orientation = h.get("Common Infos", "DataOrientation").map(e -> e.value().strip().toUpperCase(Locale.ROOT))
                .orElse("MULTIPLEXED");
        if (!orientation.equals("MULTIPLEXED") && !orientation.equals("VECTORIZED")) {
            throw new FileFormatError(vhdr, offset(h, "Common Infos", "DataOrientation"), "[Common Infos] DataOrientation",
                    "unknown orientation '" + orientation + "'", "MULTIPLEXED or VECTORIZED");
        }
        h.get("Common Infos", "SegmentationType").filter(e -> !e.value().strip().equalsIgnoreCase("NOTSEGMENTED"))
                .ifPresent(e -> warnings.add(vhdr + ": SegmentationType " + e.value().strip()
                        + ": the segments are read one after another as a continuous recording"));
        String bf = h.get("Binary Infos", "BinaryFormat").map(e -> e.value().strip().toUpperCase(Locale.ROOT)).orElse("INT_16");
        Sample sample;
        try {
            sample = Sample.valueOf(bf);
        } catch (IllegalArgumentException e) {
            throw new FileFormatError(vhdr, offset(h, "Binary Infos", "BinaryFormat"), "[Binary Infos] BinaryFormat",
                    "unknown binary format '" + bf + "'", "INT_16, UINT_16, INT_32 and IEEE_FLOAT_32 are supported");
        }
        ByteOrder order = h.get("Binary Infos", "UseBigEndianOrder").map(e -> e.value().strip().equalsIgnoreCase("YES"))
                .orElse(false) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;

        double[] scale = new double[nch];
        List<Channel> channels = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < nch; c++) {
            VisionIni.Entry e = h.require("Channel Infos", "Ch" + (c + 1), "the header declares " + nch + " channels");
            String[] f = e.value().split(",", -1);
            String name = f[0].replace("\\1", ",").strip();
            if (name.isEmpty()) {
                name = "Ch" + (c + 1);
            }
            int n = seen.merge(name, 1, Integer::sum);
            if (n > 1) {
                warnings.add(vhdr + ": channel name '" + name + "' appears more than once; occurrence " + n
                        + " is named '" + name + "-" + (n - 1) + "'");
                name = name + "-" + (n - 1);
            }
            double resolution = 1;
            if (f.length > 2 && !f[2].isBlank()) {
                try {
                    resolution = Double.parseDouble(f[2].strip());
                } catch (NumberFormatException x) {
                    throw new FileFormatError(vhdr, e.offset(), "[Channel Infos] Ch" + (c + 1), "resolution '" + f[2].strip()
                            + "' is not a number");
                }
                if (!Double.isFinite(resolution)) {
                    throw new FileFormatError(vhdr, e.offset(), "[Channel Infos] Ch" + (c + 1), "resolution is not finite");
                }
            }
            String unit = f.length > 3 && !f[3].isBlank() ? f[3].strip() : "\u00B5V";
            Optional<Double> volts = VoltUnits.toVolts(unit);
            scale[c] = resolution * volts.orElse(1.0);
            channels.add(volts.isPresent() ? new Channel(name, "EEG", "V") : new Channel(name, "MISC", unit));
        }

        Path dir = vhdr.toAbsolutePath().getParent();
        VisionIni.Entry df = h.require("Common Infos", "DataFile", "the header must name its .eeg data file");
        Path dataFile = dir.resolve(df.value().strip());
        if (!Files.isRegularFile(dataFile)) {
            Path guess = dir.resolve(stem(vhdr) + ".eeg");
            if (Files.isRegularFile(guess)) {
                warnings.add(vhdr + ": DataFile " + df.value().strip() + " does not exist; reading " + guess.getFileName()
                        + " (same name as the header) instead");
                dataFile = guess;
            } else {
                throw new FileFormatError(vhdr, df.offset(), "[Common Infos] DataFile", "the data file " + dataFile
                        + " does not exist", "a BrainVision recording is three files: keep the .eeg beside the .vhdr");
            }
        }
        long size = Files.size(dataFile);
        long frame = (long) nch * sample.bytes;
        long available = size / frame;
        if (size % frame != 0) {
            warnings.add(dataFile + ": " + size % frame + " bytes at the end do not make a whole sample of " + nch
                    + " channels; ignored");
        }
        long samples = available;
        Optional<VisionIni.Entry> dp = h.get("Common Infos", "DataPoints");
        if (dp.isPresent()) {
            long declared = integer(vhdr, dp.get(), "[Common Infos] DataPoints", 0, Long.MAX_VALUE / 2);
            if (declared > available && !allowTruncated) {
                throw new FileFormatError(dataFile, size, "data", "DataPoints in the header is " + declared + " but the data"
                        + " file holds " + available + " samples of " + nch + " channels x " + sample.bytes + " bytes",
                        "the data file is truncated; pass allow_truncated=true to read the " + available + " samples present");
            }
            if (declared != available) {
                warnings.add(vhdr + ": DataPoints is " + declared + " but the data file holds " + available
                        + " samples; reading " + Math.min(declared, available));
                samples = Math.min(declared, available);
            }
        }

        List<Event> events = new ArrayList<>();
        Optional<LocalDateTime> start = Optional.empty();
        Optional<VisionIni.Entry> mf = h.get("Common Infos", "MarkerFile");
        if (mf.isPresent()) {
            Path vmrk = dir.resolve(mf.get().value().strip());
            if (!Files.isRegularFile(vmrk)) {
                Path guess = dir.resolve(stem(vhdr) + ".vmrk");
                vmrk = Files.isRegularFile(guess) ? guess : vmrk;
            }
            if (Files.isRegularFile(vmrk)) {
                start = readMarkers(vmrk, events, warnings);
            } else {
                warnings.add(vhdr + ": marker file " + mf.get().value().strip() + " does not exist; no markers read");
            }
        }
        FileChannel ch = FileChannel.open(dataFile, StandardOpenOption.READ);
        return new BrainVisionReader(vhdr, dataFile, ch, sample, order, vectorized(orientation), sfreq, samples, available, scale,
                List.copyOf(channels), List.copyOf(events), warnings, start);
    }

    private static boolean vectorized(String orientation) {
        return orientation.equals("VECTORIZED");
    }

    /** Reads the markers of {@code vmrk}; returns the date of its first "New Segment" marker, if any. */
    private static Optional<LocalDateTime> readMarkers(Path vmrk, List<Event> events, List<String> warnings)
            throws IOException, FileFormatError {
        VisionIni m = VisionIni.read(vmrk, "marker file", MARKER_MAGIC);
        Optional<LocalDateTime> start = Optional.empty();
        for (Map.Entry<String, VisionIni.Entry> e : m.section("Marker Infos").entrySet()) {
            if (!e.getKey().matches("(?i)Mk\\d+")) {
                continue;
            }
            String[] f = e.getValue().value().split(",", -1);
            if (f.length < 3) {
                throw new FileFormatError(vmrk, e.getValue().offset(), "[Marker Infos] " + e.getKey(),
                        "a marker needs at least type, description and position");
            }
            String type = f[0].replace("\\1", ",").strip();
            String desc = f[1].replace("\\1", ",").strip().replaceAll("\\s+", " ");
            long pos;
            long size = 1;
            try {
                pos = Long.parseLong(f[2].strip());
                if (f.length > 3 && !f[3].isBlank()) {
                    size = Long.parseLong(f[3].strip());
                }
            } catch (NumberFormatException x) {
                throw new FileFormatError(vmrk, e.getValue().offset(), "[Marker Infos] " + e.getKey(),
                        "position or size is not an integer: " + e.getValue().value());
            }
            if (pos < 1 || size < 0) {
                throw new FileFormatError(vmrk, e.getValue().offset(), "[Marker Infos] " + e.getKey(),
                        "position " + pos + " / size " + size + " out of range (positions count from 1)");
            }
            if (type.equalsIgnoreCase("New Segment") && f.length > 5 && start.isEmpty()) {
                start = date(f[5].strip());
            }
            Matcher s = STIMULUS.matcher(desc);
            String value = type.equalsIgnoreCase("Stimulus") && s.matches() ? s.group(1).replaceFirst("^0+(?=\\d)", "")
                    : desc.isEmpty() ? type : desc;
            events.add(new Event(pos - 1, size, value, type));
        }
        events.sort((a, b) -> Long.compare(a.onsetSample(), b.onsetSample()));
        return start;
    }

    private static Optional<LocalDateTime> date(String s) {
        if (!s.matches("\\d{20}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(s.substring(0, 14), DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                    .plusNanos(Long.parseLong(s.substring(14)) * 1000));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static long offset(VisionIni h, String section, String key) {
        return h.get(section, key).map(VisionIni.Entry::offset).orElse(-1L);
    }

    private static long integer(Path file, VisionIni.Entry e, String field, long min, long max) throws FileFormatError {
        try {
            long v = Long.parseLong(e.value().strip());
            if (v < min || v > max) {
                throw new FileFormatError(file, e.offset(), field, "value " + v + " is outside [" + min + ", " + max + "]");
            }
            return v;
        } catch (NumberFormatException x) {
            throw new FileFormatError(file, e.offset(), field, "expected an integer, found '" + e.value().strip() + "'");
        }
    }

    private static double number(Path file, VisionIni.Entry e, String field) throws FileFormatError {
        try {
            return Double.parseDouble(e.value().strip());
        } catch (NumberFormatException x) {
            throw new FileFormatError(file, e.offset(), field, "expected a number, found '" + e.value().strip() + "'");
        }
    }

    public Path dataFile() {
        return dataFile;
    }

    @Override
    public Path file() {
        return vhdr;
    }

    @Override
    public String format() {
        return "BrainVision";
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
    public Map<String, Object> meta() {
        Map<String, Object> m = new TreeMap<>();
        m.put("format", format());
        m.put("source", vhdr.toString());
        m.put("data_file", dataFile.getFileName().toString());
        m.put("binary_format", sample.name());
        m.put("orientation", vectorized ? "VECTORIZED" : "MULTIPLEXED");
        start.ifPresent(t -> m.put("start_time", t.toString()));
        return m;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public int blockSamples() {
        return (int) Math.max(1024, Math.min(1 << 20, READ_BYTES / ((long) nch * sample.bytes)));
    }

    @Override
    public void read(long start, float[][] dst, int len) throws IOException {
        if (start < 0 || len < 0 || start + len > samples) {
            throw new IndexOutOfBoundsException("samples " + start + ".." + (start + len) + " of " + samples);
        }
        if (vectorized) {
            for (int c = 0; c < nch; c++) {
                fill((c * stride + start) * sample.bytes, len * sample.bytes);
                for (int i = 0; i < len; i++) {
                    dst[c][i] = (float) (value(i * sample.bytes) * scale[c]);
                }
            }
            return;
        }
        int frame = nch * sample.bytes;
        int step = Math.max(1, READ_BYTES / frame);
        for (int done = 0; done < len; done += step) {
            int n = Math.min(step, len - done);
            fill((start + done) * frame, n * frame);
            for (int i = 0; i < n; i++) {
                int base = i * frame;
                for (int c = 0; c < nch; c++) {
                    dst[c][done + i] = (float) (value(base + c * sample.bytes) * scale[c]);
                }
            }
        }
    }

    private double value(int at) {
        return switch (sample) {
            case INT_16 -> buf.getShort(at);
            case UINT_16 -> Short.toUnsignedInt(buf.getShort(at));
            case INT_32 -> buf.getInt(at);
            case IEEE_FLOAT_32 -> buf.getFloat(at);
        };
    }

    private void fill(long pos, int bytes) throws IOException {
        if (buf.capacity() < bytes) {
            buf = ByteBuffer.allocate(bytes);
        }
        buf.clear().limit(bytes);
        buf.order(order);
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw new IOException(dataFile + ": the file shrank while reading (end at byte " + (pos + buf.position()) + ")");
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
