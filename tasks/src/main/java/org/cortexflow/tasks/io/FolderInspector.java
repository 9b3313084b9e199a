package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cortexflow.engine.spi.TaskFailure;

/** Describes any other folder: its files by extension, and one line per file another inspector knows. */
public final class FolderInspector implements Inspector {

    private static final int MAX_DESCRIBED = 50;

    @Override
    public String name() {
        return "folder";
    }

    @Override
    public int priority() {
        return 1000;
    }

    @Override
    public boolean accepts(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public Inspection inspect(Path path) throws IOException, TaskFailure {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path, 4)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Map<String, Long> byExt = new TreeMap<>();
        for (Path f : files) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            int dot = n.indexOf('.', 1);
            byExt.merge(dot < 0 ? "(none)" : n.substring(dot), 1L, Long::sum);
        }
        Inspection in = new Inspection("folder", path, path.getFileName() + ": folder of " + files.size() + " files");
        in.row("files", Inspection.counts(byExt, 20));
        in.put("files_by_extension", byExt);
        List<String> lines = new ArrayList<>();
        List<Object> items = new ArrayList<>();
        List<Inspector> others = Inspectors.all().stream().filter(i -> !(i instanceof FolderInspector)).toList();
        int described = 0;
        for (Path f : files) {
            if (described >= MAX_DESCRIBED) {
                lines.add("... (first " + MAX_DESCRIBED + " described)");
                break;
            }
            for (Inspector i : others) {
                if (i.accepts(f)) {
                    described++;
                    try {
                        Inspection one = i.inspect(f);
                        lines.add(path.relativize(f) + ": " + one.title().substring(one.title().indexOf(": ") + 2));
                        items.add(one.json());
                    } catch (TaskFailure e) {
                        lines.add(path.relativize(f) + ": error: " + e.getMessage().lines().findFirst().orElse(""));
                    }
                    break;
                }
            }
        }
        if (!lines.isEmpty()) {
            in.row("data", String.join("\n", lines));
        }
        in.put("items", items);
        return in;
    }
}
