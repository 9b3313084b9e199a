package org.cortexflow.tasks.models;

import java.util.Arrays;
import java.util.Collection;
import java.util.SplittableRandom;

/**
 * Fresh random crops of whole training chunks, one per chunk and training epoch, as the official
 * PredANN loader draws them (a new {@code randint(0, chunk - window - 1)} start each time a chunk
 * is loaded): the crops of epoch e are a function of the seed and e alone, so a run is
 * deterministic and a resumed run draws what the interrupted one would have. Chunks held out for
 * validation keep one crop for the whole run, so validation losses compare across epochs.
 * Input sources built here read the current crop of each chunk row; other rows read as stored.
 */
final class ChunkCrops {

    private final EpochsData data;
    private final long seed;
    private final int[] starts;
    private final boolean[] fixed;

    ChunkCrops(EpochsData data, long seed) {
        if (!data.hasChunks()) {
            throw new IllegalArgumentException("the epochs have no training chunks");
        }
        this.data = data;
        this.seed = seed;
        int chunks = 0;
        for (int e = 0; e < data.size(); e++) {
            chunks = Math.max(chunks, data.chunkOf(e) + 1);
        }
        starts = new int[chunks];
        fixed = new boolean[chunks];
        draw(-1, starts, null);
    }

    /** The chunk rows among {@code epochs} keep the crop of the first draw for the whole run (a validation set). */
    void fix(Collection<Integer> epochs) {
        for (int e : epochs) {
            if (data.chunkOf(e) >= 0) {
                fixed[data.chunkOf(e)] = true;
            }
        }
    }

    /** Draws the crops of training epoch {@code epoch} (0-based); fixed chunks keep theirs. */
    void epoch(int epoch) {
        draw(epoch, starts, fixed);
    }

    private void draw(int epoch, int[] into, boolean[] keep) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + 17);
        for (int k = 0; k < into.length; k++) {
            int start = r.nextInt(data.cropStarts());
            if (keep == null || !keep[k]) {
                into[k] = start;
            }
        }
    }

    /** The current crop start (samples into its chunk) of epoch row {@code epoch}, or -1 when it is no chunk. */
    int start(int epoch) {
        int k = data.chunkOf(epoch);
        return k < 0 ? -1 : starts[k];
    }

    /** The chunk index (in chunks.npy) of epoch row {@code epoch}, or -1. */
    int chunk(int epoch) {
        return data.chunkOf(epoch);
    }

    /** Crop starts of every chunk, by chunk index (a copy). */
    int[] starts() {
        return Arrays.copyOf(starts, starts.length);
    }

    /** Seconds from a row's audio onset (its chunk's start) to its current crop: what to add to audio_onset_s. */
    double audioOffset(int epoch) {
        int s = start(epoch);
        return s < 0 ? 0 : s / data.sfreq();
    }

    /** The EEG: a chunk row's current crop, any other row as stored; zero-padded on both sides to {@code width}. */
    InputSource eeg(int width) {
        int samples = data.samples();
        int channels = data.channels();
        float[] buf = new float[channels * samples];
        return InputSource.of(channels, width, (epoch, dst, off) -> {
            int s = start(epoch);
            if (s < 0) {
                data.read(epoch, buf, 0);
            } else {
                data.readCrop(epoch, s, buf, 0);
            }
            InputSource.centre(buf, channels, samples, dst, off, width);
        });
    }
}
