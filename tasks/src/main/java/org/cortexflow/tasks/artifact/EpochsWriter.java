package org.cortexflow.tasks.artifact;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an epochs artifact ({@code epochs.npy} float32 [n, channels, samples], {@code epochs.tsv},
 * {@code meta.json}; docs/artifacts.md) one epoch at a time, so the epochs never have to fit in the
 * heap. The number of epochs need not be known in advance. Optionally the whole training chunks
 * behind the training rows ({@code chunks.npy}, see {@link EpochsFile#CHUNKS}).
 */
public final class EpochsWriter implements Closeable {

    private final Path dir;
    private final int channels;
    private final int samples;
    private final NpyAppender data;
    private final Table.Builder table = new Table.Builder(EpochsFile.COLUMNS);
    private long count;
    private long trainRows;
    private NpyAppender chunks;
    private int chunkSamples;
    private boolean finished;

    private EpochsWriter(Path dir, int channels, int samples, NpyAppender data) {
        this.dir = dir;
        this.channels = channels;
        this.samples = samples;
        this.data = data;
    }

    /** Starts an epochs artifact in {@code dir} (which must exist) for epochs of the given shape. */
    public static EpochsWriter create(Path dir, int channels, int samples) throws IOException {
        if (channels <= 0 || samples <= 0) {
            throw new IllegalArgumentException(channels + " channels x " + samples + " samples per epoch");
        }
        return new EpochsWriter(dir, channels, samples, NpyAppender.float32(dir.resolve(EpochsFile.DATA), channels, samples));
    }

    public int channels() {
        return channels;
    }

    public int samples() {
        return samples;
    }

    /** Epochs written so far; the next one gets this index. */
    public long count() {
        return count;
    }

    /** Appends one epoch: {@code epoch[channel * samples + t]}, and its row. */
    public void write(float[] epoch, EpochRow row) throws IOException {
        if (epoch.length < channels * samples) {
            throw new IllegalArgumentException("epoch of " + epoch.length + " values, expected " + channels * samples);
        }
        data.append(epoch, 0);
        table.add(row.cells(count));
        count++;
        if (EpochRow.TRAIN.equals(row.split())) {
            trainRows++;
        }
    }

    /**
     * Makes this a chunked artifact: every training row stands for a whole chunk of
     * {@code chunkSamples}, appended with {@link #writeChunk} right after its row. Call before the
     * first training row.
     */
    public void keepTrainingChunks(int chunkSamples) throws IOException {
        if (chunks != null || trainRows > 0 || chunkSamples <= samples) {
            throw new IllegalStateException("training chunks of " + chunkSamples + " samples must be longer than the "
                    + samples + "-sample epochs and declared before the first training row");
        }
        this.chunkSamples = chunkSamples;
        chunks = NpyAppender.float32(dir.resolve(EpochsFile.CHUNKS), channels, chunkSamples);
    }

    /** Appends the whole chunk ({@code chunk[channel * chunkSamples + t]}) of the training row written last. */
    public void writeChunk(float[] chunk) throws IOException {
        if (chunks == null || chunks.rows() != trainRows - 1) {
            throw new IllegalStateException("one chunk per training row, right after the row (keepTrainingChunks first)");
        }
        chunks.append(chunk, 0);
    }

    /**
     * Writes {@code epochs.tsv} and {@code meta.json} and closes the data file.
     *
     * @param classes stimulus ids in label order
     * @param unit {@code V}, or what a normalisation made of the values ({@code robust-z}, {@code z})
     * @param extra further meta.json entries: {@code protocol} and its parameters, drop counts, ...
     */
    public void finish(double sfreq, List<String> channelNames, List<String> classes, String unit, Map<String, ?> extra)
            throws IOException {
        if (channelNames.size() != channels) {
            throw new IllegalArgumentException(channelNames.size() + " channel names for " + channels + " channels");
        }
        data.close();
        Map<String, Object> m = new TreeMap<>(extra);
        m.remove(EpochsFile.CHUNKS_META);
        if (chunks != null) {
            if (chunks.rows() != trainRows) {
                throw new IllegalStateException(chunks.rows() + " chunks for " + trainRows + " training rows");
            }
            chunks.close();
            Map<String, Object> c = new java.util.LinkedHashMap<>();
            c.put("file", EpochsFile.CHUNKS);
            c.put("n_chunks", trainRows);
            c.put("chunk_samples", chunkSamples);
            c.put("chunk_s", chunkSamples / sfreq);
            c.put("crop_samples", samples);
            c.put("train_crop_s", samples / sfreq);
            c.put("rows", "the training rows of epochs.tsv, in order; each row's epoch is its chunk's first crop");
            m.put(EpochsFile.CHUNKS_META, c);
        }
        table.build().write(dir.resolve(EpochsFile.TABLE));
        m.put("kind", "epochs");
        m.put("sfreq", sfreq);
        m.put("n_epochs", count);
        m.put("n_channels", channels);
        m.put("n_samples", samples);
        m.put("channel_names", new ArrayList<>(channelNames));
        m.put("classes", new ArrayList<>(classes));
        m.put("unit", unit);
        MetaJson.write(dir, m);
        finished = true;
    }

    /** Closes the data file; an unfinished artifact lacks its table and meta.json. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            data.close();
            if (chunks != null) {
                chunks.close();
            }
        }
    }
}
