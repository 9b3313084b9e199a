package org.cortexflow.tasks.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real test files, at {@code ../shared/data/real} relative to the repository root (see their
 * SOURCES.md). Tests that need them are skipped, with the reason printed, only when the folder is absent.
 */
public final class RealData {

    private RealData() {
    }

    /** The folder of real files; skips the calling test when it is absent. */
    public static Path root() {
        Path repo = Path.of(System.getProperty("cortexflow.repo", ".")).toAbsolutePath().normalize();
        Path real = repo.resolve("../shared/data/real").normalize();
        if (!Files.isDirectory(real) && repo.getParent() != null && Files.isRegularFile(repo.resolve("../pom.xml"))) {
            real = repo.resolve("../../shared/data/real").normalize(); // run from a module folder
        }
        if (!Files.isDirectory(real)) {
            String why = "skipped: real test data not found at " + real + " (expected ../shared/data/real beside the repository)";
            System.out.println(why);
            assumeTrue(false, why);
        }
        return real;
    }

    /** A file or folder under the real-data root; skips when the root is absent. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new AssertionError("real test file missing: " + p + " (SOURCES.md lists it)");
        }
        return p;
    }
}
