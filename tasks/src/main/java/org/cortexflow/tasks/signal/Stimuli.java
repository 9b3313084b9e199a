package org.cortexflow.tasks.signal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.artifact.MetaJson;

/**
 * The stimulus ids an epoching uses, in label order, with the audio duration of each where an
 * audio set says it. Stimulus onsets are events whose value is a stimulus id (docs/artifacts.md).
 */
final class Stimuli {

    private final List<String> classes;
    private final Map<String, Double> durations;

    private Stimuli(List<String> classes, Map<String, Double> durations) {
        this.classes = List.copyOf(classes);
        this.durations = durations;
    }

    /** Ids in the given order, durations from the audio set where one is bound. */
    static Stimuli of(List<String> ids, Map<String, Double> durations) {
        return new Stimuli(ids, durations);
    }

    /** Reads the stimulus ids (clips.tsv's {@code stimulus}, else the item id) and durations of an audio input. */
    static Map<String, Double> audioDurations(Path audioDir) throws IOException, TaskFailure {
        Map<String, Double> out = new LinkedHashMap<>();
        for (ItemIndex.Item it : ItemIndex.list(audioDir, ItemIndex.CLIPS)) {
            Map<String, Object> meta = MetaJson.read(it.dir());
            String id = it.field("stimulus", it.id());
            if (id.isEmpty()) {
                id = String.valueOf(meta.getOrDefault("stimulus", stem(String.valueOf(meta.getOrDefault("source", "")))));
            }
            double dur;
            if (meta.get("duration_s") instanceof Number d) {
                dur = d.doubleValue();
            } else if (meta.get("n_samples") instanceof Number n && meta.get("sample_rate") instanceof Number sr) {
                dur = n.doubleValue() / sr.doubleValue();
            } else {
                throw new TaskFailure("audio clip " + it.dir() + " has neither duration_s nor n_samples and sample_rate in meta.json");
            }
            if (id.isEmpty()) {
                throw new TaskFailure("audio clip " + it.dir() + " has no stimulus id (clips.tsv 'stimulus' column or item id)");
            }
            if (out.put(id, dur) != null) {
                throw new TaskFailure("two audio clips have stimulus id '" + id + "' in " + audioDir);
            }
        }
        return out;
    }

    private static String stem(String path) {
        String name = Path.of(path.isEmpty() ? "x" : path).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return path.isEmpty() ? "" : dot > 0 ? name.substring(0, dot) : name;
    }

    /** Distinct values, numbers in numeric order first, then text. */
    static List<String> sorted(Collection<String> values) {
        TreeSet<String> set = new TreeSet<>(Comparator.comparing((String s) -> !isNumber(s))
                .thenComparing((a, b) -> isNumber(a) && isNumber(b) ? Double.compare(Double.parseDouble(a), Double.parseDouble(b)) : 0)
                .thenComparing(Comparator.naturalOrder()));
        set.addAll(values);
        return new ArrayList<>(set);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return !s.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    List<String> classes() {
        return classes;
    }

    boolean isEmpty() {
        return classes.isEmpty();
    }

    boolean contains(String id) {
        return classes.contains(id);
    }

    int label(String id) {
        return classes.indexOf(id);
    }

    /** The audio duration of stimulus {@code id}, when an audio set gave it. */
    Optional<Double> duration(String id) {
        return Optional.ofNullable(durations.get(id));
    }

    boolean hasAudio() {
        return !durations.isEmpty();
    }
}
