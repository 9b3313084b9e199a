package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;

/** NIfTI images, audio files and tables for {@code cortexflow inspect}, through io-media's {@link MediaInspector}. */
public final class MediaFileInspector implements Inspector {

    @Override
    public String name() {
        return "media";
    }

    @Override
    public int priority() {
        return 70;
    }

    @Override
    public boolean accepts(Path path) {
        return Files.isRegularFile(path) && MediaInspector.handles(path);
    }

    @Override
    public Inspection inspect(Path path) throws IOException, TaskFailure {
        Map<String, Object> m = MediaInspector.inspect(path).orElseThrow(() -> new TaskFailure(path + ": not a NIfTI,"
                + " audio or table file"));
        String format = String.valueOf(m.getOrDefault("format", "?"));
        String kind = format.startsWith("NIfTI") ? "nifti" : format.equals("table") ? "table" : "audio";
        Inspection in = new Inspection(kind, path, path.getFileName() + ": " + format + summary(kind, m));
        m.forEach((k, v) -> {
            if (k.equals("warnings") && v instanceof List<?> ws) {
                ws.forEach(w -> in.warn(String.valueOf(w)));
                return;
            }
            if (!k.equals("file") && v != null && !(v instanceof List<?> l && l.isEmpty())) {
                in.row(k.replace('_', ' '), v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(v));
            }
            if (!k.equals("warnings")) {
                in.put(k, v);
            }
        });
        return in;
    }

    private static String summary(String kind, Map<String, Object> m) {
        return switch (kind) {
            case "nifti" -> ", " + m.get("dims") + " " + m.get("datatype");
            case "audio" -> ", " + m.get("channels") + " channel(s) at " + m.get("sample_rate") + " Hz, "
                    + Inspection.duration(((Number) m.get("duration_s")).doubleValue());
            default -> ", " + m.get("rows") + " rows";
        };
    }
}
