package org.cortexflow.tasks.models;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.tasks.artifact.EpochsFile;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.signal.NormalizeTask;

/**
 * An epochs artifact opened for the model tasks (docs/artifacts.md, epochs): the table and meta.json
 * in memory, the epochs streamed from {@code epochs.npy} one batch at a time (so a study larger than
 * the heap trains). {@link #open} checks that the three files agree. A chunked artifact (eeg.epoch
 * train_crops per_epoch) also holds the whole chunk behind each training row, read a crop at a time
 * with {@link #readCrop}.
 */
public final class EpochsData implements Closeable {

    /** One row of epochs.tsv. */
    public record Row(int epoch, String recording, String subject, String stimulus, int label, String split,
                      String chunk, String window, double audioOnset, double audioDuration) {

        /** The (recording, stimulus, chunk) an epoch was cut from: crops of one chunk overlap. */
        public String chunkKey() {
            return recording + "\t" + stimulus + "\t" + chunk;
        }
    }

    private final Path dir;
    private final NpyArray array;
    private final List<Row> rows;
    private final List<String> classes;
    private final int channels;
    private final int samples;
    private final double sfreq;
    private final Map<String, Object> meta;
    /** chunks.npy, or null. */
    private final NpyArray chunks;
    /** For each epoch, its chunk's index in chunks.npy, or -1. */
    private final int[] chunkOf;
    /** meta.json's normalization entry when the chunks were scaled as a whole (crops are scaled again), else null. */
    private final Map<?, ?> cropScaling;

    private EpochsData(Path dir, NpyArray array, List<Row> rows, List<String> classes, int channels, int samples,
                       double sfreq, Map<String, Object> meta, NpyArray chunks) {
        this.dir = dir;
        this.array = array;
        this.chunks = chunks;
        this.chunkOf = new int[rows.size()];
        int k = 0;
        for (int i = 0; i < rows.size(); i++) {
            chunkOf[i] = chunks != null && rows.get(i).split().equals("train") ? k++ : -1;
        }
        this.cropScaling = chunks != null && meta.get("normalization") instanceof Map<?, ?> n ? n : null;
        this.rows = rows;
        this.classes = classes;
        this.channels = channels;
        this.samples = samples;
        this.sfreq = sfreq;
        this.meta = meta;
    }

    /** Opens an epochs artifact and checks that its table, meta.json and array agree. */
    public static EpochsData open(Path dir) throws IOException, FileFormatError {
        Map<String, Object> meta = MetaJson.read(dir);
        Path metaFile = dir.resolve(MetaJson.FILE);
        if (!"epochs".equals(meta.get("kind"))) {
            throw new FileFormatError(metaFile, -1, "kind", "expected an epochs artifact, found kind '" + meta.get("kind") + "'",
                    "bind the output of eeg.epoch or eeg.normalize");
        }
        List<String> classes = new ArrayList<>();
        if (meta.get("classes") instanceof List<?> l) {
            l.forEach(c -> classes.add(String.valueOf(c)));
        }
        if (classes.size() < 2) {
            throw new FileFormatError(metaFile, -1, "classes", "need at least two classes (stimuli), found " + classes);
        }
        Path npy = dir.resolve("epochs.npy");
        if (!Files.isRegularFile(npy)) {
            throw new FileFormatError(npy, -1, "", "missing epochs.npy");
        }
        NpyArray array = NpyArray.open(npy);
        try {
            long[] shape = array.shape();
            if (shape.length != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
                throw new FileFormatError(npy, -1, "shape", "expected [epochs, channels, samples], found " + Arrays.toString(shape));
            }
            Table t = Table.read(dir.resolve("epochs.tsv"));
            List<Row> rows = rows(t, dir.resolve("epochs.tsv"), classes.size());
            if (rows.size() != shape[0]) {
                throw new FileFormatError(dir.resolve("epochs.tsv"), -1, "rows", "epochs.tsv has " + rows.size()
                        + " rows but epochs.npy holds " + shape[0] + " epochs");
            }
            double sfreq = meta.get("sfreq") instanceof Number n ? n.doubleValue() : Double.NaN;
            long trainRows = rows.stream().filter(r -> r.split().equals("train")).count();
            NpyArray chunks = EpochsFile.openChunks(dir, meta, trainRows, (int) shape[1], (int) shape[2]);
            return new EpochsData(dir, array, rows, List.copyOf(classes), (int) shape[1], (int) shape[2], sfreq, meta, chunks);
        } catch (IOException | FileFormatError | RuntimeException e) {
            array.close();
            throw e;
        }
    }

    private static List<Row> rows(Table t, Path file, int nClasses) throws FileFormatError {
        for (String c : List.of("epoch", "subject", "stimulus", "label", "split")) {
            if (t.indexOf(c) < 0) {
                throw new FileFormatError(file, 0, "header", "no column '" + c + "' (columns: " + t.columns() + ")");
            }
        }
        List<Row> out = new ArrayList<>(t.size());
        for (int r = 0; r < t.size(); r++) {
            int epoch = integer(t, r, "epoch", file);
            if (epoch != r) {
                throw new FileFormatError(file, -1, "line " + (r + 2), "epoch " + epoch + " out of order (expected " + r + ")");
            }
            int label = integer(t, r, "label", file);
            if (label < 0 || label >= nClasses) {
                throw new FileFormatError(file, -1, "line " + (r + 2), "label " + label + " outside the " + nClasses + " classes");
            }
            out.add(new Row(epoch, t.get(r, "recording").orElse(""), t.get(r, "subject").orElse(""),
                    t.get(r, "stimulus").orElse(""), label, t.get(r, "split").orElse("all"), t.get(r, "chunk").orElse(""),
                    t.get(r, "window").orElse(""), real(t, r, "audio_onset_s"), real(t, r, "audio_duration_s")));
        }
        return out;
    }

    private static int integer(Table t, int r, String col, Path file) throws FileFormatError {
        String v = t.get(r, col).orElse("");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new FileFormatError(file, -1, "line " + (r + 2) + ", " + col, "not an integer: '" + v + "'");
        }
    }

    private static double real(Table t, int r, String col) {
        Optional<String> v = t.get(r, col);
        try {
            return v.map(Double::parseDouble).orElse(Double.NaN);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public Path dir() {
        return dir;
    }

    public List<Row> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    public List<String> classes() {
        return classes;
    }

    public int channels() {
        return channels;
    }

    public int samples() {
        return samples;
    }

    public double sfreq() {
        return sfreq;
    }

    public Map<String, Object> meta() {
        return meta;
    }

    /** Indices of the epochs in {@code split}, in file order. */
    public List<Integer> split(String split) {
        List<Integer> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.split().equals(split)) {
                out.add(r.epoch());
            }
        }
        return out;
    }

    /** Whether the training rows stand for whole chunks to crop ({@code chunks.npy}). */
    public boolean hasChunks() {
        return chunks != null;
    }

    /** Samples per training chunk (0 without chunks). */
    public int chunkSamples() {
        return chunks == null ? 0 : (int) chunks.shape()[2];
    }

    /** The index in chunks.npy of epoch {@code epoch}'s chunk, or -1 when the epoch is no chunk. */
    public int chunkOf(int epoch) {
        return chunkOf[epoch];
    }

    /** Crop starts a chunk allows: a crop starts at 0 .. cropStarts() - 1 (the official randint(0, chunk - window - 1)). */
    public int cropStarts() {
        return chunkSamples() - samples;
    }

    /**
     * Reads the crop of epoch {@code epoch}'s chunk that starts {@code start} samples into it
     * ([channels, samples]) into {@code dst[off..]}, scaled per crop and channel as the epochs
     * were when the artifact is normalised (the chunk was scaled as a whole).
     */
    public void readCrop(int epoch, int start, float[] dst, int off) throws IOException {
        int k = chunkOf[epoch];
        if (k < 0 || start < 0 || start + samples > chunkSamples()) {
            throw new IllegalArgumentException("epoch " + epoch + " has no chunk crop at " + start);
        }
        long base = (long) k * channels * chunkSamples();
        for (int c = 0; c < channels; c++) {
            chunks.read(base + (long) c * chunkSamples() + start, dst, off + c * samples, samples);
        }
        if (cropScaling != null) {
            float[] crop = off == 0 && dst.length == channels * samples ? dst : new float[channels * samples];
            if (crop != dst) {
                System.arraycopy(dst, off, crop, 0, crop.length);
            }
            NormalizeTask.rescale(crop, channels, samples, cropScaling);
            if (crop != dst) {
                System.arraycopy(crop, 0, dst, off, crop.length);
            }
        }
    }

    /** Reads epoch {@code index} ([channels, samples], row-major) into {@code dst[off..]}. */
    public void read(int index, float[] dst, int off) throws IOException {
        int n = channels * samples;
        array.read((long) index * n, dst, off, n);
    }

    /**
     * Scans every value once and fails on the first NaN or infinity, naming the epoch, its subject,
     * stimulus and channel: a single bad value would otherwise turn every weight into NaN.
     */
    public void checkFinite() throws IOException, FileFormatError {
        int n = channels * samples;
        int per = Math.max(1, (1 << 22) / n);
        float[] buf = new float[per * n];
        for (int e0 = 0; e0 < rows.size(); e0 += per) {
            int count = Math.min(per, rows.size() - e0);
            array.read((long) e0 * n, buf, 0, count * n);
            for (int i = 0; i < count * n; i++) {
                if (!Float.isFinite(buf[i])) {
                    Row r = rows.get(e0 + i / n);
                    int ch = (i % n) / samples;
                    List<?> names = meta.get("channel_names") instanceof List<?> l ? l : List.of();
                    String channel = ch < names.size() ? String.valueOf(names.get(ch)) : "#" + ch;
                    throw new FileFormatError(dir.resolve("epochs.npy"), -1, "epoch " + r.epoch(), String.format(Locale.ROOT,
                            "%s in epoch %d (subject %s, stimulus %s, channel %s, sample %d)", buf[i], r.epoch(),
                            r.subject(), r.stimulus(), channel, i % samples),
                            "the EEG holds NaN or infinite values; repair or drop them before training (eeg.normalize does not)");
                }
            }
        }
        if (chunks != null) {
            int len = channels * chunkSamples();
            float[] chunk = new float[len];
            for (int e = 0; e < rows.size(); e++) {
                if (chunkOf[e] < 0) {
                    continue;
                }
                chunks.read((long) chunkOf[e] * len, chunk, 0, len);
                for (int i = 0; i < len; i++) {
                    if (!Float.isFinite(chunk[i])) {
                        Row r = rows.get(e);
                        throw new FileFormatError(dir.resolve(EpochsFile.CHUNKS), -1, "chunk " + chunkOf[e], String.format(
                                Locale.ROOT, "%s in the chunk of epoch %d (subject %s, stimulus %s, channel #%d, sample %d)",
                                chunk[i], e, r.subject(), r.stimulus(), i / chunkSamples(), i % chunkSamples()),
                                "the EEG holds NaN or infinite values; repair or drop them before training");
                    }
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        array.close();
        if (chunks != null) {
            chunks.close();
        }
    }
}
