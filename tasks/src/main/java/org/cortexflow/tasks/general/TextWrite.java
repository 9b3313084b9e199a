package org.cortexflow.tasks.general;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;

/** Writes a text parameter to a file, in-process: the smallest useful task. */
public final class TextWrite implements TaskType {

    private static final List<ParamSpec> PARAMS = List.of(
                ParamSpec.required("text", ParamType.STRING, "what to write"),
                ParamSpec.optional("file", ParamType.STRING, "out.txt", "the file's name"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("text", ArtifactKind.TEXT, "a directory holding the one file"));

    private static final List<PortSpec> INPUTS = List.of();

    @Override
    public String name() {
        return "text.write";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Write a text (UTF-8, newline added) to a file";
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
        Path dir = ctx.output("text");
        Path file = dir.resolve(ctx.string("file")).normalize();
        if (!file.startsWith(dir) || file.equals(dir)) {
            throw new TaskFailure("file '" + ctx.string("file") + "' must be a plain name inside the artifact");
        }
        if (!file.getParent().equals(dir)) {
            // the artifact's directory exists; making it again costs a failed mkdir and an exception
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, ctx.string("text") + "\n", StandardCharsets.UTF_8);
    }
}
