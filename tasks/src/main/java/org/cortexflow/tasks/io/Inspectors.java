package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.FileFormatError;

/** The inspectors on the classpath, and the choice of one for a path. */
public final class Inspectors {

    private Inspectors() {
    }

    /** Every {@link Inspector} that {@link ServiceLoader} finds, in order of priority. */
    public static List<Inspector> all() {
        List<Inspector> list = new ArrayList<>();
        ServiceLoader.load(Inspector.class, Inspectors.class.getClassLoader()).forEach(list::add);
        list.sort(Comparator.comparingInt(Inspector::priority).thenComparing(Inspector::name));
        return list;
    }

    /** Describes {@code path} with the first inspector that accepts it. */
    public static Inspection inspect(Path path) throws IOException, TaskFailure {
        if (!Files.exists(path)) {
            throw new FileFormatError(path, -1, "", "no such file or directory");
        }
        List<Inspector> all = all();
        for (Inspector i : all) {
            if (i.accepts(path)) {
                return i.inspect(path);
            }
        }
        throw new TaskFailure(path + ": no inspector knows this kind of file (known: "
                + all.stream().map(Inspector::name).toList() + ")");
    }
}
