package org.cortexflow.tasks.artifact;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An epochs artifact opened for reading: the table and metadata in memory, epochs read one at a
 * time (or in runs) from {@code epochs.npy} on demand.
 */
public final class EpochsFile implements Closeable {

    public static final String DATA = "epochs.npy";
    public static final String TABLE = "epochs.tsv";
    /**
     * Optional: float32 [training rows, channels, chunk samples], the whole chunk behind each
     * training row (eeg.epoch mode predann, train_crops per_epoch), for a fresh crop every
     * training epoch. Chunk k belongs to the k-th training row of epochs.tsv.
     */
    public static final String CHUNKS = "chunks.npy";
    /** The meta.json entry that describes {@link #CHUNKS}. */
    public static final String CHUNKS_META = "train_chunks";
    /** The columns of {@code epochs.tsv}, in order. */
    public static final List<String> COLUMNS = List.of("epoch", "recording", "subject", "stimulus", "label", "split",
            "chunk", "window", "onset_sample", "audio_onset_s", "audio_duration_s");

    private final Path dir;
    private final Map<String, Object> meta;
    private final List<EpochRow> rows;
    private final NpyArray data;
    private final NpyArray chunks;
    private final int channels;
    private final int samples;

    private EpochsFile(Path dir, Map<String, Object> meta, List<EpochRow> rows, NpyArray data, NpyArray chunks, int channels,
                       int samples) {
        this.dir = dir;
        this.meta = meta;
        this.rows = rows;
        this.data = data;
        this.chunks = chunks;
        this.channels = channels;
        this.samples = samples;
    }

    /** Opens the epochs artifact in {@code dir}; checks that its three files agree. */
    public static EpochsFile open(Path dir) throws IOException, FileFormatError {
        Map<String, Object> meta = MetaJson.read(dir);
        Path mf = dir.resolve(MetaJson.FILE);
        if (!"epochs".equals(meta.get("kind"))) {
            throw new FileFormatError(mf, -1, "kind", "expected kind 'epochs', found '" + meta.get("kind") + "'",
                    "bind an output of eeg.epoch or eeg.normalize here");
        }
        for (String key : List.of("sfreq", "n_epochs", "n_channels", "n_samples")) {
            if (!(meta.get(key) instanceof Number)) {
                throw new FileFormatError(mf, -1, key, "meta.json has no numeric " + key);
            }
        }
        Path tf = dir.resolve(TABLE);
        Table t = Table.read(tf);
        if (!t.columns().containsAll(COLUMNS)) {
            throw new FileFormatError(tf, 0, "header", "expected columns " + COLUMNS + ", found " + t.columns());
        }
        List<EpochRow> rows = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            rows.add(parse(t, i, tf));
        }
        NpyArray data = NpyArray.open(dir.resolve(DATA));
        long[] shape = data.shape();
        long n = ((Number) meta.get("n_epochs")).longValue();
        int channels = ((Number) meta.get("n_channels")).intValue();
        int samples = ((Number) meta.get("n_samples")).intValue();
        if (shape.length != 3 || shape[0] != n || shape[1] != channels || shape[2] != samples || rows.size() != n) {
            data.close();
            throw new FileFormatError(dir.resolve(DATA), -1, "shape", "epochs.npy " + Arrays.toString(shape)
                    + ", epochs.tsv " + rows.size() + " rows and meta.json [" + n + ", " + channels + ", " + samples
                    + "] disagree");
        }
        NpyArray chunks = null;
        try {
            chunks = openChunks(dir, meta, rows.stream().filter(r -> EpochRow.TRAIN.equals(r.split())).count(), channels, samples);
        } catch (IOException | FileFormatError | RuntimeException e) {
            data.close();
            throw e;
        }
        return new EpochsFile(dir, meta, List.copyOf(rows), data, chunks, channels, samples);
    }

    /**
     * Opens {@link #CHUNKS} when meta.json declares it, checking it has one chunk per training row,
     * the epochs' channels and more samples than an epoch; null when the artifact has no chunks.
     */
    public static NpyArray openChunks(Path dir, Map<String, Object> meta, long trainRows, int channels, int samples)
            throws IOException, FileFormatError {
        if (!(meta.get(CHUNKS_META) instanceof Map<?, ?>)) {
            return null;
        }
        if (!java.nio.file.Files.isRegularFile(dir.resolve(CHUNKS))) {
            throw new FileFormatError(dir.resolve(CHUNKS), -1, "", "meta.json declares training chunks (" + CHUNKS_META
                    + ") but chunks.npy is missing", "rewrite the epochs with eeg.epoch (train_crops: per_epoch)");
        }
        NpyArray a = NpyArray.open(dir.resolve(CHUNKS));
        long[] s = a.shape();
        if (s.length != 3 || s[0] != trainRows || s[1] != channels || s[2] <= samples) {
            a.close();
            throw new FileFormatError(dir.resolve(CHUNKS), -1, "shape", "chunks.npy " + Arrays.toString(s) + " should be ["
                    + trainRows + " training rows, " + channels + " channels, more than " + samples + " samples]",
                    "rewrite the epochs with eeg.epoch (train_crops: per_epoch)");
        }
        return a;
    }

    private static EpochRow parse(Table t, int i, Path file) throws FileFormatError {
        try {
            long epoch = Long.parseLong(t.get(i, "epoch").orElse("-1"));
            if (epoch != i) {
                throw new FileFormatError(file, -1, "row " + (i + 2), "epoch " + epoch + " out of order, expected " + i);
            }
            return new EpochRow(t.get(i, "recording").orElse(""), t.get(i, "subject").orElse(""),
                    t.get(i, "stimulus").orElse(""), integer(t, i, "label"), t.get(i, "split").orElse(EpochRow.ALL),
                    integer(t, i, "chunk"), integer(t, i, "window"), Long.parseLong(t.get(i, "onset_sample").orElse("-1")),
                    real(t, i, "audio_onset_s"), real(t, i, "audio_duration_s"));
        } catch (NumberFormatException e) {
            throw new FileFormatError(file, -1, "row " + (i + 2), "not a number: " + e.getMessage());
        }
    }

    private static int integer(Table t, int i, String col) {
        return t.get(i, col).map(Integer::parseInt).orElse(EpochRow.NONE);
    }

    private static double real(Table t, int i, String col) {
        return t.get(i, col).map(Double::parseDouble).orElse(Double.NaN);
    }

    public Path dir() {
        return dir;
    }

    /** Everything in meta.json. */
    public Map<String, Object> meta() {
        return meta;
    }

    public double sfreq() {
        return ((Number) meta.get("sfreq")).doubleValue();
    }

    public long size() {
        return rows.size();
    }

    public int channels() {
        return channels;
    }

    public int samples() {
        return samples;
    }

    public List<EpochRow> rows() {
        return rows;
    }

    /** Stimulus ids in label order. */
    public List<String> classes() {
        return strings("classes");
    }

    public List<String> channelNames() {
        return strings("channel_names");
    }

    public String unit() {
        return String.valueOf(meta.getOrDefault("unit", "V"));
    }

    private List<String> strings(String key) {
        return meta.get(key) instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    /** Whether the training rows carry whole chunks ({@link #CHUNKS}). */
    public boolean hasChunks() {
        return chunks != null;
    }

    /** Samples per training chunk (0 without chunks). */
    public int chunkSamples() {
        return chunks == null ? 0 : (int) chunks.shape()[2];
    }

    /** Reads training chunk {@code k} ([channels, chunk samples]) into {@code dst[off..]}. */
    public void readChunk(long k, float[] dst, int off) throws IOException {
        long per = (long) channels * chunkSamples();
        chunks.read(k * per, dst, off, Math.toIntExact(per));
    }

    /** Reads epoch {@code epoch} into {@code dst[off .. off + channels * samples)}, channel-major. */
    public void read(long epoch, float[] dst, int off) throws IOException {
        read(epoch, 1, dst, off);
    }

    /** Reads {@code count} consecutive epochs starting at {@code epoch} into {@code dst[off..]}. */
    public void read(long epoch, int count, float[] dst, int off) throws IOException {
        long per = (long) channels * samples;
        data.read(epoch * per, dst, off, Math.toIntExact(count * per));
    }

    @Override
    public void close() throws IOException {
        data.close();
        if (chunks != null) {
            chunks.close();
        }
    }
}
