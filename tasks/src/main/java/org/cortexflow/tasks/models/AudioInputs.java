package org.cortexflow.tasks.models;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
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

    /** Which audio input row i is: its stimulus and the onset of its segment in that stimulus's audio. */
    public interface Segments {

        String stimulus(int i);

        double onset(int i);

        /** Epoch i's segment: {@code audio_onset_s} of epochs.tsv. */
        static Segments of(EpochsData epochs) {
            return of(epochs, i -> 0);
        }

        /** Epoch i's segment, a chunk row's moved to its current crop. */
        static Segments of(EpochsData epochs, ChunkCrops crops) {
            return of(epochs, crops::audioOffset);
        }

        /** Epoch i's segment moved by {@code shift(i)} seconds. */
        private static Segments of(EpochsData epochs, IntToDoubleFunction shift) {
            return new Segments() {
                @Override
                public String stimulus(int i) {
                    return epochs.rows().get(i).stimulus();
                }

                @Override
                public double onset(int i) {
                    return epochs.rows().get(i).audioOnset() + shift.applyAsDouble(i);
                }
            };
        }
    }

    /** The segment's samples, every channel ([channels, width]), zero-padded on both sides to {@code width}. */
    public static InputSource waveform(AudioSegments audio, EpochsData epochs, int width) {
        return waveform(audio, Segments.of(epochs), segmentSeconds(epochs), width);
    }

    /** Segment i's samples ({@code seconds} long), every channel ([channels, width]), zero-padded on both sides to {@code width}. */
    public static InputSource waveform(AudioSegments audio, Segments at, double seconds, int width) {
        int length = audio.length(seconds);
        if (width < length) {
            throw new IllegalArgumentException("width " + width + " below the segment's " + length + " samples");
        }
        int left = (width - length) / 2;
        int channels = audio.channels();
        float[] buf = new float[channels * length];
        return InputSource.of(channels, width, (epoch, dst, off) -> {
            audio.read(at.stimulus(epoch), at.onset(epoch), length, buf, 0);
            java.util.Arrays.fill(dst, off, off + channels * width, 0f);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(buf, c * length, dst, off + c * width + left, length);
            }
        });
    }

    /**
     * The segment's log-mel spectrogram ([bands, frames]): the frames of its song's spectrogram
     * from the one nearest the segment's onset (within half a hop, 11.6 ms at 44.1 kHz). Each song
     * is transformed once (torchaudio MelSpectrogram of the mono mix, dB clipped 80 dB below the
     * song's peak, /20), on up to {@code threads} threads, instead of every overlapping segment.
     */
    public static InputSource logMel(AudioSegments audio, EpochsData epochs, Mel mel, int threads) throws IOException {
        return logMel(audio, Segments.of(epochs), segmentSeconds(epochs), mel, threads);
    }

    /** The log-mel spectrogram of segment i ({@code seconds} long), as {@link #logMel(AudioSegments, EpochsData, Mel, int)}. */
    public static InputSource logMel(AudioSegments audio, Segments at, double seconds, Mel mel, int threads) throws IOException {
        int length = audio.length(seconds);
        MelSpectrogram proto = mel.build(audio.sampleRate());
        if (length < proto.minLength()) {
            throw new IllegalArgumentException("segments of " + length + " samples are shorter than the mel FFT needs ("
                    + proto.minLength() + ")");
        }
        int frames = proto.frames(length);
        int bands = mel.bands();
        Map<String, float[]> songs = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Integer> songFrames = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> stimuli = audio.stimuli();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
            for (String s : stimuli) {
                jobs.add(pool.submit(() -> {
                    float[] x = audio.mono(s);
                    MelSpectrogram m = mel.build(audio.sampleRate());
                    float[] spec = m.compute(x);
                    Decibels.toDb(spec, 0, spec.length, 10.0, 80.0);
                    for (int i = 0; i < spec.length; i++) {
                        spec[i] /= 20f;
                    }
                    songs.put(s, spec);
                    songFrames.put(s, m.frames(x.length));
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : jobs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while computing spectrograms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("spectrogram failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double framesPerSecond = audio.sampleRate() / mel.hop();
        return new InputSource() {
            @Override
            public int height() {
                return bands;
            }

            @Override
            public int width() {
                return frames;
            }

            @Override
            public void fill(int epoch, float[] dst, int off) {
                String stimulus = at.stimulus(epoch);
                float[] spec = songs.get(stimulus);
                int total = songFrames.get(stimulus);
                int first = (int) Math.round(at.onset(epoch) * framesPerSecond);
                int n = Math.max(0, Math.min(frames, total - first));
                for (int b = 0; b < bands; b++) {
                    java.util.Arrays.fill(dst, off + b * frames, off + (b + 1) * frames, 0f);
                    if (n > 0) {
                        System.arraycopy(spec, b * total + first, dst, off + b * frames, n);
                    }
                }
            }
        };
    }

    /** The segment's mono mix ([1, samples]). */
    public static InputSource monoWaveform(AudioSegments audio, EpochsData epochs) {
        return monoWaveform(audio, Segments.of(epochs), segmentSeconds(epochs));
    }

    /** Segment i's mono mix ([1, samples]). */
    public static InputSource monoWaveform(AudioSegments audio, Segments at, double seconds) {
        InputSource all = waveform(audio, at, seconds, audio.length(seconds));
        int ch = all.height();
        int w = all.width();
        float[] buf = new float[ch * w];
        return InputSource.of(1, w, (epoch, dst, off) -> {
            all.fill(epoch, buf, 0);
            for (int i = 0; i < w; i++) {
                double s = 0;
                for (int c = 0; c < ch; c++) {
                    s += buf[c * w + i];
                }
                dst[off + i] = (float) (s / ch);
            }
        });
    }

    /**
     * Mel-band statistics of the segment: the mean and the standard deviation over frames of each
     * band's log-mel value ([1, 2 x bands]). An engineered teacher, the baseline for learned ones.
     */
    public static InputSource melStatistics(AudioSegments audio, EpochsData epochs, Mel mel, int threads) throws IOException {
        return melStatistics(audio, Segments.of(epochs), segmentSeconds(epochs), mel, threads);
    }

    /** Mel-band statistics of segment i. */
    public static InputSource melStatistics(AudioSegments audio, Segments at, double seconds, Mel mel, int threads)
            throws IOException {
        InputSource logMel = logMel(audio, at, seconds, mel, threads);
        int bands = logMel.height();
        int frames = logMel.width();
        float[] buf = new float[bands * frames];
        return InputSource.of(1, 2 * bands, (epoch, dst, off) -> {
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
        });
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
