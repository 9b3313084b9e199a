package org.cortexflow.tasks.io.bids;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A BIDS file name taken apart: {@code sub-01_ses-02_task-listen_run-1_eeg.vhdr} has the entities
 * sub, ses, task and run (in file order), the suffix {@code eeg} and the extension {@code .vhdr}.
 * Top-level files without a subject ({@code task-listen_events.json}) parse as well.
 *
 * @param extension with its leading dot, compound extensions kept whole ({@code .nii.gz})
 */
public record BidsName(Map<String, String> entities, String suffix, String extension) {

    public BidsName {
        entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
    }

    /** Parses a file name; empty when it is not of the form {@code key-value_..._suffix.ext}. */
    public static Optional<BidsName> parse(String fileName) {
        int dot = fileName.indexOf('.');
        String stem = dot < 0 ? fileName : fileName.substring(0, dot);
        String ext = dot < 0 ? "" : fileName.substring(dot);
        String[] parts = stem.split("_", -1);
        if (parts.length == 0 || parts[parts.length - 1].isEmpty() || parts[parts.length - 1].contains("-")) {
            return Optional.empty();
        }
        Map<String, String> entities = new LinkedHashMap<>();
        for (int i = 0; i < parts.length - 1; i++) {
            int dash = parts[i].indexOf('-');
            if (dash <= 0 || dash == parts[i].length() - 1 || entities.containsKey(parts[i].substring(0, dash))) {
                return Optional.empty();
            }
            entities.put(parts[i].substring(0, dash), parts[i].substring(dash + 1));
        }
        return Optional.of(new BidsName(entities, parts[parts.length - 1], ext));
    }

    public Optional<String> entity(String key) {
        return Optional.ofNullable(entities.get(key));
    }

    /** Whether every entity of this name has the same value in {@code other} (the inheritance rule). */
    public boolean appliesTo(BidsName other) {
        for (Map.Entry<String, String> e : entities.entrySet()) {
            if (!e.getValue().equals(other.entities.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
