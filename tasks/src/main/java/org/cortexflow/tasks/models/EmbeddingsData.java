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
 * split); meta.json (teacher, layer, d).
 */
public final class EmbeddingsData implements Closeable {

    private final Path dir;
    private final NpyArray array;
    private final Table index;
    private final int n;
    private final int d;
    private final Map<String, Object> meta;

    private EmbeddingsData(Path dir, NpyArray array, Table index, int n, int d, Map<String, Object> meta) {
        this.dir = dir;
        this.array = array;
        this.index = index;
        this.n = n;
        this.d = d;
        this.meta = meta;
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
            return new EmbeddingsData(dir, a, index, (int) s[0], (int) s[1], meta);
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
    }

    /** Row i as a 1 x d input. */
    public InputSource rows() {
        return new InputSource() {
            @Override
            public int height() {
                return 1;
            }

            @Override
            public int width() {
                return d;
            }

            @Override
            public void fill(int epoch, float[] dst, int off) throws IOException {
                array.read((long) epoch * d, dst, off, d);
            }
        };
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        array.close();
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
