package org.cortexflow.cache;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A complete store entry: the outputs of one task key.
 *
 * @param outputs output name to the digest of that output's files
 * @param outputPaths output name to its directory relative to the entry ("." for the entry itself)
 */
public record Entry(Digest key, String taskType, Path directory, Map<String, Digest> outputs,
                    Map<String, String> outputPaths, long sizeBytes, Instant created, Instant lastUsed) {

    /** The directory holding output {@code name}. */
    public Path outputDirectory(String name) {
        String relative = outputPaths.getOrDefault(name, ".");
        return relative.equals(".") ? directory : directory.resolve(relative).normalize();
    }
}
