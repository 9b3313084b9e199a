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

    /** A source tree written out with every node's kind, value, text and location, for comparing readings. */
    static String render(SourceNode node) {
        if (node instanceof SourceNode.Scalar s) {
            String value = s.value() == null ? "null" : s.value().getClass().getSimpleName() + " " + s.value();
            return s.kind() + "(" + value + ")'" + s.text() + "'@" + s.location();
        }
        if (node instanceof SourceNode.Sequence s) {
            List<String> items = new ArrayList<>();
            for (SourceNode item : s.items()) {
                items.add(render(item));
            }
            return "[" + String.join(", ", items) + "]@" + s.location() + (s.complete() ? "" : "!");
        }
        SourceNode.Mapping m = (SourceNode.Mapping) node;
        List<String> entries = new ArrayList<>();
        for (SourceNode.Entry e : m.entries()) {
            entries.add(e.key() + "@" + e.keyLocation() + "=" + render(e.value()));
        }
        return "{" + String.join(", ", entries) + "}@" + m.location() + (m.complete() ? "" : "!");
    }

    /**
     * {@code header}, a tasks map's first task, then {@code count} pieces drawn from {@code pieces}:
     * in each, %d is the piece's number and %p an earlier one.
     */
    static String randomTasks(java.util.Random random, String header, List<String> pieces, int count) {
        StringBuilder text = new StringBuilder(header).append("  t0: { uses: shell }\n");
        for (int i = 1; i <= count; i++) {
            String piece = pieces.get(random.nextInt(pieces.size()));
            text.append(piece.replace("%d", String.valueOf(i)).replace("%p", String.valueOf(random.nextInt(i))));
        }
        return text.toString();
    }
}
