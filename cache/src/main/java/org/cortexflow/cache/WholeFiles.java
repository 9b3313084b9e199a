package org.cortexflow.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Files that readers see whole or not at all: written beside their place, then renamed into it. */
public final class WholeFiles {

    private WholeFiles() {
    }

    /**
     * Replaces {@code target} with {@code bytes} in one rename, creating its directory. A failure
     * leaves the old file (or none) and no temporary file behind, unless the process dies first:
     * such leftovers are named {@code .*.tmp} in the same directory.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "-" + UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp); // gone after the rename
        }
    }
}
