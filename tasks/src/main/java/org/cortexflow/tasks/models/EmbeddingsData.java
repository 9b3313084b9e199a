package org.cortexflow.tasks.models;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.NpyWriter;
import org.cortexflow.tasks.artifact.Table;

/**
 * An embeddings artifact (teacher.embed): {@code embeddings.npy} float32 [n, d], row i for epoch i
 * of the epochs artifact it was computed for; {@code index.tsv} (epoch, stimulus, audio_onset_s,
 * split); meta.json (teacher, layer, d). For chunked epochs (eeg.epoch train_crops per_epoch) also
 * {@code grid.npy} float32 [chunks, points, d]: the representation of the crop starting
 * {@code p x step} samples into chunk k, so that a student can take the teacher's z of the crop it
 * drew (meta.json {@code grid}).
 */
public final class EmbeddingsData implements Closeable {

    /** The grid file of a chunked artifact. */
    public static final String GRID = "grid.npy";

    /**
     * Crop starts at which a teacher describes each training chunk: 0, step, 2 step, ... below the
     * chunk's last crop start; a crop starting at s takes the nearest, within step / 2 samples.
     */
    record Grid(int step, int points) {

        static Grid of(EpochsData epochs, int step) {
            return new Grid(step, (epochs.cropStarts() - 1) / step + 1);
        }

        /** The grid point nearest crop start {@code start} (ties up, as Math.round). */
        int nearest(int start) {
            return Math.min(points - 1, (int) Math.round(start / (double) step));
        }

        /** Epoch row of each chunk, by chunk index. */
        static int[] chunkRows(EpochsData epochs) {
            int[] rows = new int[(int) java.util.stream.IntStream.range(0, epochs.size()).filter(e -> epochs.chunkOf(e) >= 0).count()];
            for (int e = 0; e < epochs.size(); e++) {
                if (epochs.chunkOf(e) >= 0) {
                    rows[epochs.chunkOf(e)] = e;
                }
            }
            return rows;
        }

        /** Audio segment i = chunk i / points at grid point i % points. */
        AudioInputs.Segments segments(EpochsData epochs) {
            int[] rows = chunkRows(epochs);
            double fs = epochs.sfreq();
            return new AudioInputs.Segments() {
                @Override
                public String stimulus(int i) {
                    return epochs.rows().get(rows[i / points]).stimulus();
                }

                @Override
                public double onset(int i) {
                    return epochs.rows().get(rows[i / points]).audioOnset() + (i % points) * (double) step / fs;
                }
            };
        }
    }

    private final Path dir;
    private final NpyArray array;
    private final Table index;
    private final int n;
    private final int d;
    private final Map<String, Object> meta;
    /** grid.npy and its grid, or null. */
    private final NpyArray gridArray;
    private final Grid grid;

    private EmbeddingsData(Path dir, NpyArray array, Table index, int n, int d, Map<String, Object> meta, NpyArray gridArray,
                           Grid grid) {
        this.dir = dir;
        this.array = array;
        this.index = index;
        this.n = n;
        this.d = d;
        this.meta = meta;
        this.gridArray = gridArray;
        this.grid = grid;
    }

    public static EmbeddingsData open(Path dir) throws IOException, FileFormatError {
        Map<String, Object> meta = MetaJson.read(dir);
        if (!"embeddings".equals(meta.get("kind"))) {
            throw new FileFormatError(dir.resolve(MetaJson.FILE), -1, "kind", "expected an embeddings artifact, found kind '"
                    + meta.get("kind") + "'", "bind the output of teacher.embed");
        }
        Path npy = dir.resolve("embeddings.npy");
        if (!Files.isRegularFile(npy)) {
            throw new FileFormatError(npy, -1, "", "missing embeddings.npy");
        }
        NpyArray a = NpyArray.open(npy);
        try {
            long[] s = a.shape();
            if (s.length != 2 || s[1] < 1) {
                throw new FileFormatError(npy, -1, "shape", "expected [epochs, d], found " + java.util.Arrays.toString(s));
            }
            Table index = Table.read(dir.resolve("index.tsv"));
            if (index.size() != s[0]) {
                throw new FileFormatError(dir.resolve("index.tsv"), -1, "rows", "index.tsv has " + index.size()
                        + " rows, embeddings.npy " + s[0]);
            }
            NpyArray g = null;
            Grid grid = null;
            if (meta.get("grid") instanceof Map<?, ?> gm) {
                if (!(gm.get("step_samples") instanceof Number step) || !(gm.get("points") instanceof Number points)) {
                    throw new FileFormatError(dir.resolve(MetaJson.FILE), -1, "grid", "no step_samples and points");
                }
                grid = new Grid(step.intValue(), points.intValue());
                if (!Files.isRegularFile(dir.resolve(GRID))) {
                    throw new FileFormatError(dir.resolve(GRID), -1, "", "meta.json declares a grid but grid.npy is missing");
                }
                g = NpyArray.open(dir.resolve(GRID));
                long[] gs = g.shape();
                if (gs.length != 3 || gs[1] != grid.points() || gs[2] != s[1]) {
                    g.close();
                    throw new FileFormatError(dir.resolve(GRID), -1, "shape", "grid.npy " + java.util.Arrays.toString(gs)
                            + " should be [chunks, " + grid.points() + " points, " + s[1] + "]");
                }
            }
            return new EmbeddingsData(dir, a, index, (int) s[0], (int) s[1], meta, g, grid);
        } catch (IOException | FileFormatError | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    public int size() {
        return n;
    }

    public int dim() {
        return d;
    }

    public Map<String, Object> meta() {
        return meta;
    }

    /**
     * Checks that row i describes epoch i of {@code epochs} (same count, stimulus, split and audio
     * onset): embeddings of other epochs would silently pair the EEG with the wrong music.
     */
    public void checkAligned(EpochsData epochs) throws TaskFailure {
        if (n != epochs.size()) {
            throw new TaskFailure("the teacher embeddings have " + n + " rows but the epochs have " + epochs.size()
                    + " (mismatched window counts)\n  hint: compute teacher.embed from the same epochs artifact as the student");
        }
        for (int i = 0; i < n; i++) {
            EpochsData.Row r = epochs.rows().get(i);
            String stim = index.get(i, "stimulus").orElse("");
            String split = index.get(i, "split").orElse(r.split());
            double onset = index.get(i, "audio_onset_s").map(Double::parseDouble).orElse(Double.NaN);
            boolean same = stim.equals(r.stimulus()) && split.equals(r.split())
                    && (Double.isNaN(onset) && Double.isNaN(r.audioOnset()) || Math.abs(onset - r.audioOnset()) < 1e-6);
            if (!same) {
                throw new TaskFailure(String.format(Locale.ROOT, "teacher embedding row %d is for stimulus %s at %.3f s (%s) "
                                + "but epoch %d is stimulus %s at %.3f s (%s)\n  hint: compute teacher.embed from the same epochs "
                                + "artifact as the student", i, stim, onset, split, i, r.stimulus(), r.audioOnset(), r.split()));
            }
        }
        if (!epochs.hasChunks()) {
            return;
        }
        int chunks = Grid.chunkRows(epochs).length;
        if (grid == null) {
            throw new TaskFailure("the epochs keep whole training chunks (a fresh crop each training epoch) but the teacher "
                    + "embeddings have no grid of crops (grid.npy)\n  hint: compute teacher.embed from these epochs");
        }
        Object chunkSamples = meta.get("grid") instanceof Map<?, ?> gm ? gm.get("chunk_samples") : null;
        if (gridArray.shape()[0] != chunks || grid.points() != Grid.of(epochs, grid.step()).points()
                || !(chunkSamples instanceof Number c && c.intValue() == epochs.chunkSamples())) {
            throw new TaskFailure("the teacher's grid covers " + gridArray.shape()[0] + " chunks of " + chunkSamples + " samples at "
                    + grid.points() + " crop starts, the epochs have " + chunks + " chunks of " + epochs.chunkSamples()
                    + " samples\n  hint: compute teacher.embed from the same epochs artifact as the student");
        }
    }

    /** The grid of a chunked artifact's teacher, if there is one. */
    java.util.Optional<Grid> grid() {
        return java.util.Optional.ofNullable(grid);
    }

    /**
     * Row i as a 1 x d input, a chunk row's taken from the grid point nearest its current crop
     * (checkAligned first).
     */
    InputSource rows(ChunkCrops crops) {
        InputSource plain = rows();
        return InputSource.of(1, d, (epoch, dst, off) -> {
            int start = crops.start(epoch);
            if (start < 0) {
                plain.fill(epoch, dst, off);
            } else {
                gridArray.read(((long) crops.chunk(epoch) * grid.points() + grid.nearest(start)) * d, dst, off, d);
            }
        });
    }

    /** Row i as a 1 x d input. */
    public InputSource rows() {
        return InputSource.of(1, d, (epoch, dst, off) -> {
            array.read((long) epoch * d, dst, off, d);
        });
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        array.close();
        if (gridArray != null) {
            gridArray.close();
        }
    }

    /**
     * Writes {@code grid.npy} into {@code dir}: {@code z} over the grid's segments (chunk-major, as
     * {@link Grid#segments}), streamed; returns the meta.json {@code grid} entry for {@link #write}.
     */
    static Map<String, Object> writeGrid(Path dir, EpochsData epochs, Grid grid, InputSource z,
                                         java.util.function.BooleanSupplier cancelled) throws IOException, TaskFailure {
        int chunks = Grid.chunkRows(epochs).length;
        int dim = z.height() * z.width();
        float[] buf = new float[dim];
        long total = (long) chunks * grid.points();
        try (NpyWriter w = NpyWriter.float32(dir.resolve(GRID), chunks, grid.points(), dim)) {
            for (int i = 0; i < total; i++) {
                if (cancelled.getAsBoolean()) {
                    throw new TaskFailure("stopped while writing the grid of crops");
                }
                z.fill(i, buf, 0);
                for (float v : buf) {
                    if (!Float.isFinite(v)) {
                        throw new TaskFailure("the teacher produced " + v + " for grid point " + i % grid.points() + " of chunk "
                                + i / grid.points());
                    }
                }
                w.write((long) i * dim, buf, 0, dim);
            }
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("file", GRID);
        m.put("chunks", chunks);
        m.put("points", grid.points());
        m.put("step_samples", grid.step());
        m.put("step_s", grid.step() / epochs.sfreq());
        m.put("chunk_samples", epochs.chunkSamples());
        m.put("layout", "grid[k, p] is the crop starting p x step samples into the chunk of the k-th training row");
        return m;
    }

    /** Writes an embeddings artifact into {@code dir}, one row per epoch, streamed. */
    public static void write(Path dir, EpochsData epochs, InputSource rows, Map<String, Object> meta,
                             java.util.function.BooleanSupplier cancelled) throws IOException, TaskFailure {
        int dim = rows.height() * rows.width();
        float[] buf = new float[dim];
        try (NpyWriter w = NpyWriter.float32(dir.resolve("embeddings.npy"), epochs.size(), dim)) {
            for (int i = 0; i < epochs.size(); i++) {
                if (cancelled.getAsBoolean()) {
                    throw new TaskFailure("stopped while writing embeddings");
                }
                rows.fill(i, buf, 0);
                for (float v : buf) {
                    if (!Float.isFinite(v)) {
                        throw new TaskFailure("the teacher produced " + v + " for epoch " + i + " (stimulus "
                                + epochs.rows().get(i).stimulus() + ")");
                    }
                }
                w.write((long) i * dim, buf, 0, dim);
            }
        }
        Table.Builder b = new Table.Builder("epoch", "stimulus", "audio_onset_s", "split");
        for (EpochsData.Row r : epochs.rows()) {
            b.add(r.epoch(), r.stimulus(), Double.isNaN(r.audioOnset()) ? null : String.format(Locale.ROOT, "%.6f", r.audioOnset()),
                    r.split());
        }
        b.build().write(dir.resolve("index.tsv"));
        Map<String, Object> m = new java.util.LinkedHashMap<>(meta);
        m.put("kind", "embeddings");
        m.put("d", dim);
        m.put("n", epochs.size());
        MetaJson.write(dir, m);
    }
}
