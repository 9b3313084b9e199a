package org.cortexflow.tasks.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.NpyWriter;
import org.cortexflow.tasks.audio.Decibels;
import org.cortexflow.tasks.audio.MelScale;
import org.cortexflow.tasks.audio.MelSpectrogram;

/**
 * Inputs of an audio teacher for each epoch: the time-aligned audio segment as a raw multichannel
 * waveform (the official audio SampleCNN2D input) or as a log-mel spectrogram (the CPU default),
 * and mel-band statistics (the engineered baseline teacher).
 */
public final class AudioInputs {

    /**
     * Log-mel settings: FFT and hop in samples, bands; the spectrogram is the mono mix's
     * torchaudio-style power mel spectrogram (Slaney scale and norm) in dB, clipped 80 dB below
     * its peak, divided by 20 to bring it near unit scale.
     */
    public record Mel(int nFft, int hop, int bands) {

        /** Frames of about 46 ms (the nearest power of two: 2048 at 44.1 kHz) at half-frame hops, at any sample rate. */
        public static Mel forRate(double sampleRate, int bands) {
            int target = (int) Math.max(16, Math.round(0.046 * sampleRate));
            int below = Integer.highestOneBit(target);
            int nFft = target - below > 2 * below - target ? 2 * below : below;
            return new Mel(nFft, nFft / 2, bands);
        }

        MelSpectrogram build(double sampleRate) {
            return MelSpectrogram.mel(sampleRate, nFft, hop, nFft, bands, 0, sampleRate / 2, MelScale.SLANEY, true, 2.0);
        }
    }

    private AudioInputs() {
    }

    /** The segment's samples, every channel ([channels, width]), zero-padded on both sides to {@code width}. */
    public static InputSource waveform(AudioSegments audio, EpochsData epochs, int width) {
        int length = audio.length(segmentSeconds(epochs));
        if (width < length) {
            throw new IllegalArgumentException("width " + width + " below the segment's " + length + " samples");
        }
        int left = (width - length) / 2;
        int channels = audio.channels();
        float[] buf = new float[channels * length];
        return new InputSource() {
            @Override
            public int height() {
                return channels;
            }

            @Override
            public int width() {
                return width;
            }

            @Override
            public void fill(int epoch, float[] dst, int off) throws IOException {
                EpochsData.Row r = epochs.rows().get(epoch);
                audio.read(r.stimulus(), r.audioOnset(), length, buf, 0);
                java.util.Arrays.fill(dst, off, off + channels * width, 0f);
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(buf, c * length, dst, off + c * width + left, length);
                }
            }
        };
    }

    /** The segment's log-mel spectrogram ([bands, frames]). */
    public static InputSource logMel(AudioSegments audio, EpochsData epochs, Mel mel) {
        int length = audio.length(segmentSeconds(epochs));
        MelSpectrogram spec = mel.build(audio.sampleRate());
        if (length < spec.minLength()) {
            throw new IllegalArgumentException("segments of " + length + " samples are shorter than the mel FFT needs ("
                    + spec.minLength() + ")");
        }
        int frames = spec.frames(length);
        float[] buf = new float[audio.channels() * length];
        float[] mono = new float[length];
        return new InputSource() {
            @Override
            public int height() {
                return mel.bands();
            }

            @Override
            public int width() {
                return frames;
            }

            @Override
            public void fill(int epoch, float[] dst, int off) throws IOException {
                EpochsData.Row r = epochs.rows().get(epoch);
                audio.read(r.stimulus(), r.audioOnset(), length, buf, 0);
                int ch = audio.channels();
                for (int i = 0; i < length; i++) {
                    double s = 0;
                    for (int c = 0; c < ch; c++) {
                        s += buf[c * length + i];
                    }
                    mono[i] = (float) (s / ch);
                }
                spec.compute(mono, length, dst, off);
                Decibels.toDb(dst, off, mel.bands() * frames, 10.0, 80.0);
                for (int i = off; i < off + mel.bands() * frames; i++) {
                    dst[i] /= 20f;
                }
            }
        };
    }

    /**
     * Mel-band statistics of the segment: the mean and the standard deviation over frames of each
     * band's log-mel value ([1, 2 x bands]). An engineered teacher, the baseline for learned ones.
     */
    public static InputSource melStatistics(AudioSegments audio, EpochsData epochs, Mel mel) {
        InputSource logMel = logMel(audio, epochs, mel);
        int bands = logMel.height();
        int frames = logMel.width();
        float[] buf = new float[bands * frames];
        return new InputSource() {
            @Override
            public int height() {
                return 1;
            }

            @Override
            public int width() {
                return 2 * bands;
            }

            @Override
            public void fill(int epoch, float[] dst, int off) throws IOException {
                logMel.fill(epoch, buf, 0);
                for (int b = 0; b < bands; b++) {
                    double s = 0;
                    double ss = 0;
                    for (int t = 0; t < frames; t++) {
                        double v = buf[b * frames + t];
                        s += v;
                        ss += v * v;
                    }
                    double mean = s / frames;
                    dst[off + b] = (float) mean;
                    dst[off + bands + b] = (float) Math.sqrt(Math.max(0, ss / frames - mean * mean));
                }
            }
        };
    }

    /**
     * Computes the inputs of {@code epochs} once, on {@code threads} threads (each with its own
     * source from {@code sources}), into a float32 .npy file and serves those epochs from it: a
     * teacher trained for many epochs would otherwise recompute every spectrogram each time. Other
     * epochs pass through to a source.
     */
    public static InputSource cached(java.util.function.Supplier<InputSource> sources, List<Integer> epochs, int total,
                                     Path file, int threads) throws IOException, org.cortexflow.tasks.artifact.FileFormatError {
        InputSource source = sources.get();
        int size = source.height() * source.width();
        int[] slot = new int[total];
        java.util.Arrays.fill(slot, -1);
        for (int i = 0; i < epochs.size(); i++) {
            slot[epochs.get(i)] = i;
        }
        int n = Math.max(1, Math.min(threads, epochs.size()));
        try (NpyWriter w = NpyWriter.float32(file, epochs.size(), source.height(), source.width())) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
            try {
                List<java.util.concurrent.Future<Void>> parts = new java.util.ArrayList<>();
                for (int t = 0; t < n; t++) {
                    int part = t;
                    InputSource own = t == 0 ? source : sources.get();
                    parts.add(pool.submit(() -> {
                        float[] buf = new float[size];
                        for (int i = part; i < epochs.size(); i += n) {
                            own.fill(epochs.get(i), buf, 0);
                            synchronized (w) {
                                w.write((long) i * size, buf, 0, size);
                            }
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<Void> f : parts) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while computing inputs", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("computing inputs failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        NpyArray array = NpyArray.open(file);
        return new InputSource() {
            @Override
            public int height() {
                return source.height();
            }

            @Override
            public int width() {
                return source.width();
            }

            @Override
            public void fill(int epoch, float[] dst, int off) throws IOException {
                if (slot[epoch] < 0) {
                    source.fill(epoch, dst, off);
                    return;
                }
                array.read((long) slot[epoch] * size, dst, off, size);
            }
        };
    }

    /** The segment length of the epochs (all epochs of an artifact have one length). */
    static double segmentSeconds(EpochsData epochs) {
        double d = epochs.rows().get(0).audioDuration();
        if (Double.isNaN(d)) {
            d = epochs.samples() / epochs.sfreq();
        }
        return d;
    }
}
