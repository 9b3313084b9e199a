package org.cortexflow.tasks.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.Table;

/**
 * A generated stimulus set as {@code synth.music} writes it, and as the study tasks read it back:
 * <pre>
 * ROOT/stimuli/...                      the audio files (WAV; AU as well for GTZAN-like clips)
 * ROOT/ground_truth/stimuli.tsv         one row per stimulus: id, file, genre, track, duration, tempo, key, ...
 * ROOT/ground_truth/features/ID.npy     float32 [features, frames] at the feature rate, z-scored over the set
 * ROOT/ground_truth.json                everything planted (section "music"), with the seeds
 * </pre>
 */
public record MusicSet(Path root, String preset, double featureRate, List<String> featureNames, List<Stimulus> stimuli,
                       Map<String, Object> truth) {

    public static final String STIMULI_TSV = "ground_truth/stimuli.tsv";
    public static final String FEATURES_DIR = "ground_truth/features";
    public static final String GROUND_TRUTH = "ground_truth.json";

    /** One stimulus: its id, its main file (relative to the root) and what was planted in it. */
    public record Stimulus(String id, String file, String genre, int track, double durationS, int sampleRate, int channels,
                           double tempoBpm, double valence, double arousal) {
    }

    /** Reads the set written in {@code root} (by synth.music or as part of a study). */
    @SuppressWarnings("unchecked")
    public static MusicSet load(Path root) throws IOException, FileFormatError {
        Path gt = root.resolve(GROUND_TRUTH);
        if (!Files.isRegularFile(gt)) {
            throw new FileFormatError(gt, -1, "", "no ground_truth.json: this is not a set written by synth.music",
                    "bind the output of a synth.music task");
        }
        Map<String, Object> all = org.cortexflow.tasks.artifact.MetaJson.mapper().readValue(gt.toFile(), LinkedHashMap.class);
        if (!(all.get("music") instanceof Map<?, ?> music)) {
            throw new FileFormatError(gt, -1, "music", "ground_truth.json has no 'music' section");
        }
        return load(root, (Map<String, Object>) music);
    }

    /** Reads the stimulus table of the set in {@code root}, whose planted description is {@code m}. */
    @SuppressWarnings("unchecked")
    static MusicSet load(Path root, Map<String, Object> m) throws IOException, FileFormatError {
        Table t = Table.read(root.resolve(STIMULI_TSV));
        List<Stimulus> list = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            final int row = i;
            java.util.function.Function<String, String> get = c -> t.get(row, c).orElse("NaN");
            list.add(new Stimulus(get.apply("stimulus"), get.apply("file"), t.get(i, "genre").orElse(""),
                    (int) Double.parseDouble(get.apply("track")), Double.parseDouble(get.apply("duration_s")),
                    Integer.parseInt(get.apply("sample_rate")), Integer.parseInt(get.apply("channels")),
                    Double.parseDouble(get.apply("tempo_bpm")), Double.parseDouble(get.apply("valence")),
                    Double.parseDouble(get.apply("arousal"))));
        }
        return new MusicSet(root, (String) m.get("preset"), ((Number) m.get("feature_rate")).doubleValue(),
                (List<String>) m.get("feature_names"), List.copyOf(list), m);
    }

    /** The features of stimulus {@code id}: {@code [feature][frame]}, z-scored over the whole set. */
    public float[][] features(String id) throws IOException, FileFormatError {
        Path f = root.resolve(FEATURES_DIR).resolve(id + ".npy");
        try (NpyArray a = NpyArray.open(f)) {
            long[] shape = a.shape();
            if (shape.length != 2 || shape[0] != featureNames.size()) {
                throw new FileFormatError(f, -1, "shape", "expected [" + featureNames.size() + ", frames]");
            }
            float[][] out = new float[(int) shape[0]][(int) shape[1]];
            for (int k = 0; k < shape[0]; k++) {
                a.read(k * shape[1], out[k], 0, (int) shape[1]);
            }
            return out;
        }
    }

    /** Index of a feature by name, or -1. */
    public int feature(String name) {
        return featureNames.indexOf(name);
    }
}
