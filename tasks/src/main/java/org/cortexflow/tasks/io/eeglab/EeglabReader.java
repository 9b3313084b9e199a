package org.cortexflow.tasks.io.eeglab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.EegSource;
import org.cortexflow.tasks.io.mat.MatFields;
import org.cortexflow.tasks.io.mat.MatFile;
import org.cortexflow.tasks.io.mat.MatValue;

/**
 * Reads an EEGLAB dataset: the {@code .set} file (a MAT v5 or v7.3 file holding the EEG structure,
 * as a variable {@code EEG} or as top-level fields) and its data, either in the separate
 * {@code .fdt} file (float32, little-endian, channels fastest) or embedded in the {@code .set}.
 * EEGLAB stores microvolts; event latencies count samples from 1. Epoched datasets are read as
 * their epochs laid end to end, each epoch start marked by an {@code epoch} event.
 */
public final class EeglabReader implements EegSource {

    private static final double MICROVOLT = 1e-6;
    private static final int READ_BYTES = 4 << 20;

    private final Path set;
    private final MatFile mat;
    private final int nbchan;
    private final double srate;
    private final long samples;
    private final Optional<Path> fdt;
    private final FileChannel fdtChannel;
    private final MatValue.Numeric embedded;
    private final List<Channel> channels;
    private final List<Event> events;
    private final List<String> warnings;
    private final Map<String, Object> meta;
    private ByteBuffer buf = ByteBuffer.allocate(0);
    private double[] tmp = new double[0];

    private EeglabReader(Path set, MatFile mat, int nbchan, double srate, long samples, Optional<Path> fdt, FileChannel fdtChannel,
                         MatValue.Numeric embedded, List<Channel> channels, List<Event> events, List<String> warnings,
                         Map<String, Object> meta) {
        this.set = set;
        this.mat = mat;
        this.nbchan = nbchan;
        this.srate = srate;
        this.samples = samples;
        this.fdt = fdt;
        this.fdtChannel = fdtChannel;
        this.embedded = embedded;
        this.channels = channels;
        this.events = events;
        this.warnings = warnings;
        this.meta = meta;
    }

    /** Access to the EEG structure's fields, wherever the file keeps them. */
    private interface Fields {
        Optional<MatValue> get(String name) throws IOException, FileFormatError;
    }

    public static EeglabReader open(Path set, boolean allowTruncated) throws IOException, FileFormatError {
        MatFile mat = MatFile.open(set);
        try {
            return open(set, mat, allowTruncated);
        } catch (IOException | FileFormatError | RuntimeException e) {
            mat.close();
            throw e;
        }
    }

    private static EeglabReader open(Path set, MatFile mat, boolean allowTruncated) throws IOException, FileFormatError {
        List<String> warnings = new ArrayList<>();
        Optional<MatValue> eeg = mat.get("EEG");
        Fields f;
        if (eeg.isPresent() && eeg.get() instanceof MatValue.Struct s) {
            f = name -> s.get(name, 0);
        } else if (mat.names().contains("nbchan")) {
            f = mat::get;
        } else {
            throw new FileFormatError(set, -1, "EEG", "not an EEGLAB dataset: no EEG structure and no top-level nbchan field"
                    + " (variables: " + mat.names() + ")", "is this a .set file saved by EEGLAB?");
        }
        int nbchan = (int) count(set, f, "nbchan", 1, 100_000);
        long pnts = count(set, f, "pnts", 1, Long.MAX_VALUE / 4);
        long trials = f.get("trials").isPresent() ? count(set, f, "trials", 1, Long.MAX_VALUE / 4) : 1;
        double srate = MatFields.number(f.get("srate")).orElseThrow(() -> new FileFormatError(set, -1, "EEG.srate",
                "missing or not a number", "the sampling rate of the dataset"));
        if (!(srate > 0) || srate > 1e7) {
            throw new FileFormatError(set, -1, "EEG.srate", "sampling rate " + srate + " Hz is out of range");
        }
        long total;
        try {
            total = Math.multiplyExact(pnts, trials);
            Math.multiplyExact(total, (long) nbchan * 4);
        } catch (ArithmeticException e) {
            throw new FileFormatError(set, -1, "EEG.pnts", pnts + " points x " + trials + " trials x " + nbchan
                    + " channels overflows");
        }

        Optional<MatValue> data = f.get("data");
        Optional<Path> fdt = Optional.empty();
        MatValue.Numeric embedded = null;
        long samples = total;
        FileChannel ch = null;
        if (data.isPresent() && data.get() instanceof MatValue.Numeric n && !n.isEmpty()) {
            long[] d = n.dims();
            if (d[0] != nbchan || n.numel() != (long) nbchan * total) {
                throw new FileFormatError(set, -1, "EEG.data", "embedded data is " + n.describe() + " but nbchan x pnts x trials is "
                        + nbchan + "x" + pnts + "x" + trials, "the dataset is inconsistent");
            }
            embedded = n;
        } else {
            Path dir = set.toAbsolutePath().getParent();
            List<String> candidates = new ArrayList<>();
            MatFields.text(data).filter(s -> !s.isEmpty()).ifPresent(candidates::add);
            MatFields.text(f.get("datfile")).filter(s -> !s.isEmpty()).ifPresent(candidates::add);
            String stem = set.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            candidates.add(stem + ".fdt");
            for (String c : candidates) {
                Path p = dir.resolve(Path.of(c).getFileName().toString());
                if (Files.isRegularFile(p)) {
                    fdt = Optional.of(p);
                    break;
                }
            }
            if (fdt.isEmpty()) {
                throw new FileFormatError(set, -1, "EEG.data", "the data file " + candidates.get(0) + " does not exist in " + dir,
                        "an EEGLAB dataset saved in two files needs its .fdt beside the .set");
            }
            long size = Files.size(fdt.get());
            long need = total * nbchan * 4;
            if (size < need) {
                long have = size / (4L * nbchan);
                if (!allowTruncated) {
                    throw new FileFormatError(fdt.get(), size, "data", "the .set says " + nbchan + " channels x " + total
                            + " points (" + need + " bytes) but the .fdt has " + size + " bytes",
                            "the .fdt is truncated; pass allow_truncated=true to read the " + have + " complete points");
                }
                warnings.add(fdt.get() + ": truncated; reading " + have + " of " + total + " points");
                samples = have;
            } else if (size > need) {
                warnings.add(fdt.get() + ": " + (size - need) + " bytes after the data the .set describes are ignored");
            }
            ch = FileChannel.open(fdt.get(), StandardOpenOption.READ);
        }

        List<Channel> channels = channels(set, f, nbchan, warnings);
        List<Event> events = events(set, f, srate, warnings);
        if (trials > 1) {
            for (long t = 0; t < trials; t++) {
                events.add(new Event(t * pnts, pnts, "epoch", "EEGLAB epoch " + (t + 1) + " of " + trials));
            }
            warnings.add(set + ": an epoched dataset (" + trials + " epochs of " + pnts + " points) is read as its epochs laid end to end");
        }
        events.sort((a, b) -> Long.compare(a.onsetSample(), b.onsetSample()));
        Map<String, Object> meta = new TreeMap<>();
        meta.put("format", "EEGLAB");
        meta.put("source", set.toString());
        meta.put("mat_version", mat.version());
        meta.put("trials", trials);
        meta.put("data_storage", embedded != null ? "embedded" : fdt.get().getFileName().toString());
        MatFields.text(f.get("setname")).filter(s -> !s.isEmpty()).ifPresent(s -> meta.put("setname", s));
        MatFields.text(f.get("ref")).filter(s -> !s.isEmpty()).ifPresent(s -> meta.put("reference", s));
        return new EeglabReader(set, mat, nbchan, srate, samples, fdt, ch, embedded, List.copyOf(channels), events,
                warnings, meta);
    }

    private static long count(Path set, Fields f, String name, long min, long max) throws IOException, FileFormatError {
        Optional<Double> v = MatFields.number(f.get(name));
        if (v.isEmpty() || v.get() != Math.rint(v.get()) || v.get() < min || v.get() > max) {
            throw new FileFormatError(set, -1, "EEG." + name, v.map(d -> "value " + d + " is not an integer in [" + min + ", "
                    + max + "]").orElse("missing or not a number"), "the dataset's header is damaged");
        }
        return v.get().longValue();
    }

    private static List<Channel> channels(Path set, Fields f, int nbchan, List<String> warnings) throws IOException, FileFormatError {
        Optional<MatValue> locs = f.get("chanlocs");
        List<Channel> out = new ArrayList<>();
        boolean named = locs.isPresent() && (locs.get() instanceof MatValue.Struct || locs.get() instanceof MatValue.Cell)
                && locs.get().numel() == nbchan;
        if (locs.isPresent() && !named && !locs.get().isEmpty()) {
            warnings.add(set + ": chanlocs has " + locs.get().numel() + " entries for " + nbchan + " channels; channels are named E1...");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < nbchan; c++) {
            String name = "E" + (c + 1);
            String type = "EEG";
            if (named) {
                // a struct array, or (as some scripts save it) a cell array of 1 x 1 structs
                MatValue loc = locs.get() instanceof MatValue.Cell cell ? cell.get(c) : locs.get();
                long at = locs.get() instanceof MatValue.Cell ? 0 : c;
                name = MatFields.text(MatFields.field(loc, "labels", at)).filter(s -> !s.isEmpty()).orElse(name);
                type = MatFields.text(MatFields.field(loc, "type", at)).map(EeglabReader::type).orElse("EEG");
            }
            int n = seen.merge(name, 1, Integer::sum);
            if (n > 1) {
                warnings.add(set + ": channel name '" + name + "' appears more than once; occurrence " + n + " is named '"
                        + name + "-" + (n - 1) + "'");
                name = name + "-" + (n - 1);
            }
            out.add(new Channel(name, type, "V"));
        }
        return out;
    }

    private static String type(String t) {
        String u = t.strip().toUpperCase(Locale.ROOT);
        return switch (u) {
            case "EOG", "ECG", "EMG", "MISC", "REF" -> u.equals("REF") ? "MISC" : u;
            default -> "EEG";
        };
    }

    private static List<Event> events(Path set, Fields f, double srate, List<String> warnings) throws IOException, FileFormatError {
        List<Event> out = new ArrayList<>();
        Optional<MatValue> ev = f.get("event");
        if (ev.isEmpty() || ev.get().isEmpty()) {
            return out;
        }
        if (!(ev.get() instanceof MatValue.Struct s)) {
            warnings.add(set + ": EEG.event is a " + ev.get().describe() + ", not a struct array; no events read");
            return out;
        }
        long n = s.numel();
        int skipped = 0;
        for (long i = 0; i < n; i++) {
            Optional<Double> latency = MatFields.number(s.get("latency", i));
            if (latency.isEmpty()) {
                skipped++;
                continue;
            }
            String type = MatFields.text(s.get("type", i)).filter(t -> !t.isEmpty()).orElse("n/a");
            long duration = MatFields.number(s.get("duration", i)).map(Math::round).orElse(0L);
            out.add(new Event(Math.round(latency.get() - 1), Math.max(0, duration), type, "EEGLAB event"));
        }
        if (skipped > 0) {
            warnings.add(set + ": " + skipped + " of " + n + " events have no numeric latency; skipped");
        }
        return out;
    }

    @Override
    public Path file() {
        return set;
    }

    @Override
    public String format() {
        return "EEGLAB";
    }

    @Override
    public double sfreq() {
        return srate;
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
        return meta;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public int blockSamples() {
        return (int) Math.max(256, Math.min(1 << 20, READ_BYTES / (8L * nbchan)));
    }

    @Override
    public void read(long start, float[][] dst, int len) throws IOException, FileFormatError {
        if (start < 0 || len < 0 || start + len > samples) {
            throw new IndexOutOfBoundsException("samples " + start + ".." + (start + len) + " of " + samples);
        }
        if (embedded != null) {
            int step = blockSamples();
            for (int done = 0; done < len; done += step) {
                int n = Math.min(step, len - done);
                if (tmp.length < n * nbchan) {
                    tmp = new double[n * nbchan];
                }
                embedded.readColumns(start + done, n, tmp);
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < nbchan; c++) {
                        dst[c][done + i] = (float) (tmp[i * nbchan + c] * MICROVOLT);
                    }
                }
            }
            return;
        }
        int frame = nbchan * 4;
        int step = Math.max(1, READ_BYTES / frame);
        for (int done = 0; done < len; done += step) {
            int n = Math.min(step, len - done);
            int bytes = n * frame;
            if (buf.capacity() < bytes) {
                buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            }
            buf.clear().limit(bytes);
            long pos = (start + done) * frame;
            while (buf.hasRemaining()) {
                if (fdtChannel.read(buf, pos + buf.position()) < 0) {
                    throw new IOException(fdt.orElseThrow() + ": the file shrank while reading");
                }
            }
            for (int i = 0; i < n; i++) {
                int base = i * frame;
                for (int c = 0; c < nbchan; c++) {
                    dst[c][done + i] = (float) (buf.getFloat(base + 4 * c) * MICROVOLT);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (fdtChannel != null) {
                fdtChannel.close();
            }
        } finally {
            mat.close();
        }
    }
}
