package org.cortexflow.tasks.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.tasks.models.nd4j.Nd4jBackend;

/** What the model tasks share: the backend, held-out chunks, audio teacher inputs, checkpoint fingerprints. */
final class ModelTasks {

    private static volatile ModelBackend backend;

    private ModelTasks() {
    }

    /** The backend of this build (ND4J: nd4j-native, or nd4j-cuda with -Pcuda). */
    static ModelBackend backend() {
        if (backend == null) {
            backend = new Nd4jBackend();
        }
        return backend;
    }

    /**
     * Splits the training epochs into a fitting set and a validation set of whole chunks (the
     * crops of one chunk overlap, so a chunk on both sides would leak); seeded.
     */
    @SuppressWarnings("unchecked")
    static List<Integer>[] holdOut(EpochsData data, List<Integer> train, double fraction, long seed) {
        if (fraction <= 0) {
            return new List[] {train, List.of()};
        }
        Map<String, List<Integer>> byChunk = new LinkedHashMap<>();
        for (int e : train) {
            byChunk.computeIfAbsent(data.rows().get(e).chunkKey(), k -> new ArrayList<>()).add(e);
        }
        List<String> keys = new ArrayList<>(byChunk.keySet());
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = keys.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String t = keys.get(i);
            keys.set(i, keys.get(j));
            keys.set(j, t);
        }
        int held = (int) Math.max(1, Math.round(fraction * keys.size()));
        if (held >= keys.size()) {
            held = keys.size() - 1;
        }
        java.util.Set<String> val = new java.util.HashSet<>(keys.subList(0, held));
        List<Integer> fit = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int e : train) {
            (val.contains(data.rows().get(e).chunkKey()) ? validation : fit).add(e);
        }
        return new List[] {fit, validation};
    }

    /**
     * The audio teacher's input: the raw waveform padded to a power of 3 (paper, as the official
     * code pads 3 s at 44.1 kHz to 3^11), or the log-mel spectrogram (compact).
     */
    static InputSource audioInput(Architecture arch, AudioSegments audio, EpochsData data, int threads) throws IOException {
        return audioInput(arch, audio, AudioInputs.Segments.of(data), AudioInputs.segmentSeconds(data), threads);
    }

    /** {@link #audioInput(Architecture, AudioSegments, EpochsData, int)} of any segments of {@code seconds}. */
    static InputSource audioInput(Architecture arch, AudioSegments audio, AudioInputs.Segments at, double seconds, int threads)
            throws IOException {
        if (arch == Architecture.PAPER) {
            int length = audio.length(seconds);
            return AudioInputs.waveform(audio, at, seconds, InputSource.powerOfThree(length));
        }
        return AudioInputs.logMel(audio, at, seconds, AudioInputs.Mel.forRate(audio.sampleRate(), 64), threads);
    }

    /** Identifies a training configuration: a checkpoint made under another one is not resumed. */
    static String fingerprint(String task, TaskContext ctx, EpochsData data) {
        Map<String, Object> m = new TreeMap<>();
        ctx.params().forEach((k, v) -> m.put(k, String.valueOf(v.canonical())));
        ctx.inputs().forEach((k, v) -> m.put("input." + k, v.toAbsolutePath().normalize().toString()));
        m.put("epochs", data.size() + "x" + data.channels() + "x" + data.samples());
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((task + m).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
