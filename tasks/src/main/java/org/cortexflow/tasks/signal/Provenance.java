package org.cortexflow.tasks.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cortexflow.tasks.artifact.EegRecording;

/**
 * meta.json of a processed recording: everything the input's meta.json says (source, format, ...)
 * except what the writer recomputes, plus this step appended to the {@code processing} list, so a
 * chain of steps leaves its whole history (filter designs included) in the final artifact.
 */
final class Provenance {

    static final String PROCESSING = "processing";
    private static final Set<String> WRITER_KEYS = Set.of("kind", "sfreq", "n_channels", "n_samples", "duration_s", "unit",
            "channel_names");

    private Provenance() {
    }

    static Map<String, Object> meta(EegRecording in, Map<String, Object> step) {
        Map<String, Object> m = new TreeMap<>();
        in.meta().forEach((k, v) -> {
            if (!WRITER_KEYS.contains(k)) {
                m.put(k, v);
            }
        });
        List<Object> history = new ArrayList<>();
        if (in.meta().get(PROCESSING) instanceof List<?> earlier) {
            history.addAll(earlier);
        }
        history.add(step);
        m.put(PROCESSING, history);
        return m;
    }
}
