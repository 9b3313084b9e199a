package org.cortexflow.tasks.general;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;

/** Counts lines, words and characters of the text files in an artifact, like {@code wc}. */
public final class TextStats implements TaskType {

    private static final List<ParamSpec> PARAMS = List.of(ParamSpec.optional("files", ParamType.LIST, List.of(),
                "files to count, relative to the input; empty counts every file"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("metrics", ArtifactKind.METRICS, "metrics.json: per file and total counts"));

    private static final List<PortSpec> INPUTS = List.of(PortSpec.of("text", ArtifactKind.ANY, "an artifact holding text files"));

    @Override
    public String name() {
        return "text.stats";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Count lines, words and characters of text files (like wc), written as metrics.json";
    }

    @Override
    public List<PortSpec> inputs() {
        return INPUTS;
    }

    @Override
    public List<PortSpec> outputs() {
        return OUTPUTS;
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
        Path in = ctx.input("text");
        List<String> names = ParamType.strings(ctx.param("files"));
        if (names.isEmpty()) {
            try (Stream<Path> walk = Files.walk(in)) {
                names = walk.filter(Files::isRegularFile).map(p -> in.relativize(p).toString()).sorted().toList();
            }
        }
        Map<String, Object> perFile = new LinkedHashMap<>();
        long lines = 0;
        long words = 0;
        long chars = 0;
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            Path f = in.resolve(name).normalize();
            if (!f.startsWith(in) || !Files.isRegularFile(f)) {
                missing.add(name);
                continue;
            }
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            long l = text.chars().filter(c -> c == '\n').count();
            long w = text.isBlank() ? 0 : text.trim().split("\\s+").length;
            long c = text.codePointCount(0, text.length());
            perFile.put(name, counts(l, w, c));
            lines += l;
            words += w;
            chars += c;
        }
        if (!missing.isEmpty()) {
            throw new TaskFailure("no such file(s) in input 'text': " + missing + " (input directory " + in + ")");
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("files", perFile);
        metrics.put("total", counts(lines, words, chars));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(ctx.output("metrics").resolve("metrics.json").toFile(), metrics);
    }

    /** In a fixed order: the artifact's bytes must not vary between runs. */
    private static Map<String, Long> counts(long lines, long words, long chars) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("lines", lines);
        m.put("words", words);
        m.put("chars", chars);
        return m;
    }
}
