package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.file.Path;
import org.cortexflow.engine.spi.TaskFailure;

/**
 * Describes one kind of data file or folder for {@code cortexflow inspect}. Implementations are
 * found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/org.cortexflow.tasks.io.Inspector}); {@link Inspectors} asks them in
 * order of {@link #priority()} and uses the first that accepts the path.
 */
public interface Inspector {

    /** A short name for the kind it describes: "eeg", "bids", "mat", "nifti", "audio", "table", ... */
    String name();

    /** Lower runs first; specific inspectors (BIDS roots) before general ones (any folder). */
    default int priority() {
        return 100;
    }

    /** Whether this inspector describes {@code path}; cheap (name, first bytes), never a full read. */
    boolean accepts(Path path) throws IOException;

    /** The summary; a damaged file is a {@link org.cortexflow.tasks.artifact.FileFormatError}. */
    Inspection inspect(Path path) throws IOException, TaskFailure;
}
