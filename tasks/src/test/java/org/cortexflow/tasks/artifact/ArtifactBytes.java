package org.cortexflow.tasks.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** An artifact's files for comparing two artifacts byte for byte in a test, with readable differences. */
public final class ArtifactBytes {

    private ArtifactBytes() {
    }

    /** Every file under {@code dir} by its relative path, its bytes as ISO-8859-1 text (one char per byte). */
    public static Map<String, String> of(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            Map<String, String> all = new TreeMap<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.put(dir.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
            return all;
        }
    }
}
