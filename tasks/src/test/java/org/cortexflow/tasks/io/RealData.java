package org.cortexflow.tasks.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The real test files at {@code ../shared/data/real} from the repository root. */
final class RealData {

    private RealData() {
    }

    static Path root() {
        String repo = System.getProperty("cortexflow.repo", System.getProperty("user.dir") + "/..");
        return Path.of(repo).resolve("../shared/data/real").normalize();
    }

    /** A file or folder under the real-data root; skips the test (with the reason printed) when the root is absent. */
    static Path file(String relative) {
        Path root = root();
        if (!Files.isDirectory(root)) {
            String why = "real test data not found at " + root + " (expected ../shared/data/real beside the repository)";
            System.out.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        return root.resolve(relative);
    }

    /** A test resource file from src/test/resources. */
    static Path resource(String relative) {
        try {
            return Path.of(RealData.class.getResource("/" + relative).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + relative, e);
        }
    }
}
