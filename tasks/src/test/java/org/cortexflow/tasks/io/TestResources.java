package org.cortexflow.tasks.io;

import java.nio.file.Path;

/** Files under src/test/resources. */
final class TestResources {

    private TestResources() {
    }

    static Path path(String relative) {
        try {
            return Path.of(TestResources.class.getResource("/" + relative).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + relative, e);
        }
    }
}
