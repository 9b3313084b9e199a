package org.cortexflow.tasks.io.bids;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data file of a BIDS dataset ({@code *_eeg.bdf}, {@code *_bold.nii.gz}, ...) with the files
 * that apply to it under the inheritance principle.
 *
 * @param file the data file
 * @param datatype the folder it lies in: {@code eeg}, {@code func}, {@code anat}, ...
 * @param events the nearest applicable {@code *_events.tsv}, if any
 * @param channels the nearest applicable {@code *_channels.tsv}, if any
 * @param sidecarFiles every applicable JSON sidecar, from the dataset root down to the file's own
 * @param sidecar the sidecars merged in that order, deeper files overriding
 */
public record BidsRecording(Path file, String datatype, BidsName name, Optional<Path> events, Optional<Path> channels,
                            List<Path> sidecarFiles, Map<String, Object> sidecar) {

    public BidsRecording {
        sidecarFiles = List.copyOf(sidecarFiles);
        sidecar = Collections.unmodifiableMap(new LinkedHashMap<>(sidecar));
    }

    public Optional<String> subject() {
        return name.entity("sub");
    }

    public Optional<String> session() {
        return name.entity("ses");
    }

    public Optional<String> task() {
        return name.entity("task");
    }

    public Optional<String> run() {
        return name.entity("run");
    }

    /** A number from the merged sidecar ({@code SamplingFrequency}, {@code RepetitionTime}, ...). */
    public Optional<Double> number(String key) {
        return sidecar.get(key) instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
    }

    /** A short id for the recording: its file name without the suffix and extension. */
    public String id() {
        String f = file.getFileName().toString();
        int cut = f.lastIndexOf("_" + name.suffix() + name.extension());
        return cut > 0 ? f.substring(0, cut) : f;
    }
}
