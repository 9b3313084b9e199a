package org.cortexflow.dsl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.Workflow;

/** Writing workflow files for tests, and comparing workflows without their source locations. */
final class WorkflowFiles {

    private WorkflowFiles() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Loaded load(Path dir, String name, String text) {
        return WorkflowLoader.load(write(dir, name, text), Map.of(), false);
    }

    /** The repository root: set by the build, else the parent of the module directory. */
    static Path repo() {
        String set = System.getProperty("cortexflow.repo");
        Path root = set != null && !set.isBlank() ? Path.of(set) : Path.of("").toAbsolutePath().getParent();
        return root;
    }

    static Path resource(String name) {
        return Path.of("src/test/resources").resolve(name).toAbsolutePath();
    }

    /** Everything downstream sees of a workflow, except where it was written. */
    static Map<String, Object> model(Workflow w) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", w.name());
        out.put("params", w.params());
        out.put("variants", w.variants());
        out.put("schedule", w.schedule());
        List<Object> tasks = new ArrayList<>();
        for (Map.Entry<String, TaskSpec> e : w.tasks().entrySet()) {
            TaskSpec t = e.getValue();
            tasks.add(List.of(e.getKey(), t.id(), t.type(), t.inputs(), t.params(), List.copyOf(t.params().keySet()),
                    t.resources(), t.retry(),
                    t.onError(), t.timeout()));
        }
        out.put("tasks", tasks);
        return out;
    }

    /** Problems as the CLI prints their first line, for readable assertions. */
    static List<String> lines(List<Problem> problems) {
        List<String> out = new ArrayList<>();
        problems.forEach(p -> out.add(p.format().lines().findFirst().orElse("")));
        return out;
    }
}
