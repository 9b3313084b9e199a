package org.cortexflow.tasks.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyWriter;
import org.cortexflow.tasks.artifact.Table;

/**
 * A tiny PredANN-shaped study written straight as artifacts, for fast tests: an epochs artifact
 * (3 songs, 2 subjects, 4 chunks each; 4 channels x 24 samples at 8 Hz; train crops and test
 * windows of 3 crops) whose EEG carries a song-specific rhythm in noise, and an audio set whose
 * songs carry song-specific tones.
 */
final class TinyStudy {

    static final List<String> SONGS = List.of("21", "22", "23");
    static final int CHANNELS = 4;
    static final int SAMPLES = 24;
    static final double SFREQ = 8;
    static final double AUDIO_RATE = 2000;

    private TinyStudy() {
    }

    /** Writes the epochs artifact; {@code nanAt} >= 0 puts a NaN into that epoch. */
    static Path epochs(Path dir, double noise, int nanAt) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(5);
        List<float[]> data = new ArrayList<>();
        Table.Builder t = new Table.Builder("epoch", "recording", "subject", "stimulus", "label", "split", "chunk", "window",
                "onset_sample", "audio_onset_s", "audio_duration_s");
        int window = 0;
        for (String subject : List.of("01", "02")) {
            for (int label = 0; label < SONGS.size(); label++) {
                for (int chunk = 0; chunk < 4; chunk++) {
                    boolean test = chunk == 3;
                    int crops = test ? 2 * 3 : 8;
                    for (int k = 0; k < crops; k++) {
                        double offset = test ? (k / 3) * 1.6 + (k % 3) : r.nextInt(26);
                        double onset = chunk * 30 + offset;
                        float[] e = new float[CHANNELS * SAMPLES];
                        double f = 1 + label;
                        for (int c = 0; c < CHANNELS; c++) {
                            for (int s = 0; s < SAMPLES; s++) {
                                double time = onset + s / SFREQ;
                                e[c * SAMPLES + s] = (float) (Math.sin(2 * Math.PI * f * time / 2 + c) + noise * r.nextGaussian());
                            }
                        }
                        if (data.size() == nanAt) {
                            e[SAMPLES + 5] = Float.NaN; // channel Cz
                        }
                        t.add(data.size(), "sub-" + subject, subject, SONGS.get(label), label, test ? "test" : "train", chunk,
                                test ? String.valueOf(window + k / 3) : null, (long) (onset * SFREQ), onset, 3.0);
                        data.add(e);
                    }
                    if (test) {
                        window += 2;
                    }
                }
            }
        }
        try (NpyWriter w = NpyWriter.float32(dir.resolve("epochs.npy"), data.size(), CHANNELS, SAMPLES)) {
            for (int i = 0; i < data.size(); i++) {
                w.write((long) i * CHANNELS * SAMPLES, data.get(i), 0, CHANNELS * SAMPLES);
            }
        }
        t.build().write(dir.resolve("epochs.tsv"));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("kind", "epochs");
        meta.put("sfreq", SFREQ);
        meta.put("n_epochs", data.size());
        meta.put("n_channels", CHANNELS);
        meta.put("n_samples", SAMPLES);
        meta.put("channel_names", List.of("Fz", "Cz", "Pz", "Oz"));
        meta.put("classes", SONGS);
        meta.put("unit", "robust-z");
        meta.put("protocol", "predann");
        meta.put("params", Map.of("eval_hop_s", 1.0, "window_s", 3.0));
        MetaJson.write(dir, meta);
        return dir;
    }

    /** Writes an audio set of the songs (2 channels, 125 s at 2 kHz), leaving out {@code missing}. */
    static Path audio(Path dir, String missing) throws IOException {
        Files.createDirectories(dir);
        Table.Builder clips = new Table.Builder("id", "stimulus", "source");
        Random r = new Random(9);
        int n = (int) (125 * AUDIO_RATE);
        for (int i = 0; i < SONGS.size(); i++) {
            String song = SONGS.get(i);
            if (song.equals(missing)) {
                continue;
            }
            Path clip = Files.createDirectories(dir.resolve(song));
            float[] a = new float[2 * n];
            double tone = 150 + 250 * i;
            for (int c = 0; c < 2; c++) {
                for (int s = 0; s < n; s++) {
                    a[c * n + s] = (float) (0.3 * Math.sin(2 * Math.PI * tone * s / AUDIO_RATE) + 0.05 * r.nextGaussian());
                }
            }
            NpyWriter.writeFloat32(clip.resolve("audio.npy"), a, 2, n);
            MetaJson.write(clip, Map.of("kind", "audio", "sample_rate", AUDIO_RATE, "n_channels", 2, "n_samples", n,
                    "duration_s", n / AUDIO_RATE, "source", song + ".wav"));
            clips.add(song, song, song + ".wav");
        }
        clips.build().write(dir.resolve("clips.tsv"));
        return dir;
    }
}
