package org.cortexflow.tasks.models;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;

/**
 * The stimulus audio of an audio set (audio.read on a folder of songs: clips.tsv with a
 * {@code stimulus} column, each clip {@code audio.npy} [channels, samples]), cut into the segments
 * that epochs are aligned to: {@code audio_onset_s} and {@code audio_duration_s} of epochs.tsv.
 */
public final class AudioSegments implements Closeable {

    private record Clip(NpyArray array, int channels, long samples) {
    }

    private final Map<String, Clip> clips;
    private final double sampleRate;
    private final int channels;

    private AudioSegments(Map<String, Clip> clips, double sampleRate, int channels) {
        this.clips = clips;
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    /** Opens the clips of {@code stimuli}; fails naming every stimulus without one. */
    public static AudioSegments open(Path dir, List<String> stimuli) throws IOException, TaskFailure {
        Map<String, ItemIndex.Item> byStimulus = new LinkedHashMap<>();
        for (ItemIndex.Item it : ItemIndex.list(dir, ItemIndex.CLIPS)) {
            String s = it.field("stimulus", "");
            if (s.isEmpty()) {
                Map<String, Object> meta = MetaJson.read(it.dir());
                s = String.valueOf(meta.getOrDefault("stimulus", it.id()));
            }
            byStimulus.put(s, it);
        }
        List<String> missing = new ArrayList<>();
        for (String s : stimuli) {
            if (!byStimulus.containsKey(s)) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            throw new TaskFailure("the audio input has no clip for stimulus " + String.join(", ", missing) + " (it has "
                    + String.join(", ", byStimulus.keySet()) + ")\n  hint: bind audio.read of the study's stimuli folder; "
                    + "clip stems must be the stimulus ids (21.wav for stimulus 21)");
        }
        Map<String, Clip> clips = new LinkedHashMap<>();
        double rate = Double.NaN;
        int channels = -1;
        try {
            for (String s : stimuli) {
                Path d = byStimulus.get(s).dir();
                Map<String, Object> meta = MetaJson.read(d);
                if (!(meta.get("sample_rate") instanceof Number sr) || !(sr.doubleValue() > 0)) {
                    throw new FileFormatError(d.resolve(MetaJson.FILE), -1, "sample_rate", "no positive sample_rate");
                }
                if (!Double.isNaN(rate) && sr.doubleValue() != rate) {
                    throw new TaskFailure("stimulus " + s + " is sampled at " + sr + " Hz, the others at " + rate
                            + " Hz\n  hint: give audio.read a sample_rate so that every clip has the same");
                }
                rate = sr.doubleValue();
                NpyArray a = NpyArray.open(d.resolve("audio.npy"));
                long[] shape = a.shape();
                clips.put(s, new Clip(a, (int) shape[0], shape[1]));
                if (channels >= 0 && shape[0] != channels) {
                    throw new TaskFailure("stimulus " + s + " has " + shape[0] + " channels, the others " + channels);
                }
                channels = (int) shape[0];
            }
        } catch (IOException | TaskFailure | RuntimeException e) {
            for (Clip c : clips.values()) {
                c.array.close();
            }
            throw e;
        }
        return new AudioSegments(clips, rate, channels);
    }

    public double sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    /** Samples in a segment of {@code seconds}. */
    public int length(double seconds) {
        return (int) Math.round(seconds * sampleRate);
    }

    /** Checks that every epoch's segment lies inside its stimulus's audio (a mismatch means the wrong audio). */
    public void checkCovers(EpochsData epochs) throws TaskFailure {
        for (EpochsData.Row r : epochs.rows()) {
            Clip c = clips.get(r.stimulus());
            if (Double.isNaN(r.audioOnset()) || Double.isNaN(r.audioDuration())) {
                throw new TaskFailure("epoch " + r.epoch() + " has no audio_onset_s/audio_duration_s in epochs.tsv; "
                        + "the audio teacher needs epochs cut with the stimulus onsets (eeg.epoch mode predann)");
            }
            // a chunk row's crops reach to the end of its chunk
            double duration = epochs.chunkOf(r.epoch()) >= 0 ? epochs.chunkSamples() / epochs.sfreq() : r.audioDuration();
            long end = Math.round((r.audioOnset() + duration) * sampleRate);
            if (r.audioOnset() < 0 || end > c.samples + 1) {
                throw new TaskFailure(String.format(Locale.ROOT, "epoch %d (subject %s, stimulus %s) needs audio %.3f-%.3f s "
                                + "but the clip lasts %.3f s\n  hint: is the audio input the study's stimuli?", r.epoch(), r.subject(),
                        r.stimulus(), r.audioOnset(), r.audioOnset() + duration, c.samples / sampleRate));
            }
        }
    }

    /**
     * Reads {@code length} samples of every channel from {@code onset} seconds into dst (thread-safe: reads
     * are serialised, the clips share one read buffer each);
     * ([channels, length]); samples past the end read as silence.
     */
    public synchronized void read(String stimulus, double onset, int length, float[] dst, int off) throws IOException {
        Clip c = clips.get(stimulus);
        long from = Math.round(onset * sampleRate);
        int n = (int) Math.max(0, Math.min(length, c.samples - from));
        for (int ch = 0; ch < channels; ch++) {
            java.util.Arrays.fill(dst, off + ch * length, off + (ch + 1) * length, 0f);
            if (n > 0) {
                c.array.read(ch * c.samples + from, dst, off + ch * length, n);
            }
        }
    }

    /** The whole clip of {@code stimulus} mixed to mono (the mean of its channels). */
    public synchronized float[] mono(String stimulus) throws IOException {
        Clip c = clips.get(stimulus);
        int n = Math.toIntExact(c.samples);
        float[] out = new float[n];
        float[] ch = new float[n];
        for (int k = 0; k < c.channels; k++) {
            c.array.read((long) k * n, ch, 0, n);
            for (int i = 0; i < n; i++) {
                out[i] += ch[i] / c.channels;
            }
        }
        return out;
    }

    /** The stimuli, in the order they were asked for. */
    public List<String> stimuli() {
        return List.copyOf(clips.keySet());
    }

    @Override
    public void close() throws IOException {
        for (Clip c : clips.values()) {
            c.array.close();
        }
    }
}
