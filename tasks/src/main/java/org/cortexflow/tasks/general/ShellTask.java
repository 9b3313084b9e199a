package org.cortexflow.tasks.general;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;

/**
 * Any command, run by bash in the task's sandbox directory. {@code ${in.NAME}} in the command is
 * the directory of the artifact bound to input NAME. The declared {@code outputs} (files or
 * directories relative to the sandbox) become the task's artifact; everything else it wrote is
 * dropped, so scratch files cannot make two identical results look different.
 */
public final class ShellTask implements TaskType {

    private static final List<ParamSpec> PARAMS = List.of(
                ParamSpec.required("command", ParamType.STRING,
                        "bash command; ${in.NAME} is the directory of input NAME; runs with `set -eo pipefail`"),
                ParamSpec.optional("outputs", ParamType.LIST, List.of(),
                        "files or directories (relative to the sandbox) that form the artifact; empty keeps everything"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("out", ArtifactKind.ANY, "the sandbox directory, holding the declared outputs"));

    private static final List<PortSpec> INPUTS = List.of();

    private static final Pattern INPUT = Pattern.compile("\\$\\{in\\.([A-Za-z0-9_]+)}");

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Run a command (bash, strict mode) in a sandbox directory; its declared outputs become the artifact";
    }

    @Override
    public List<PortSpec> inputs() {
        return INPUTS;
    }

    @Override
    public boolean openInputs() {
        return true;
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
        String command = resolveInputs(ctx.string("command"), ctx);
        Path sandbox = ctx.output("out");
        int code = ctx.exec(List.of("bash", "-eo", "pipefail", "-c", command), sandbox);
        if (ctx.cancelled()) {
            throw new TaskFailure("stopped while running");
        }
        if (code != 0) {
            throw new TaskFailure("command exited with code " + code + (code > 128 ? " (killed by signal " + (code - 128) + ")" : ""));
        }
        List<String> declared = ParamType.strings(ctx.param("outputs"));
        List<String> missing = new ArrayList<>();
        for (String out : declared) {
            Path p = sandbox.resolve(out).normalize();
            if (!p.startsWith(sandbox)) {
                throw new TaskFailure("declared output '" + out + "' points outside the sandbox");
            }
            if (!Files.exists(p)) {
                missing.add(out);
            }
        }
        if (!missing.isEmpty()) {
            throw new TaskFailure("the command succeeded but did not create declared output(s) " + missing
                    + "; it ran in " + sandbox);
        }
        if (!declared.isEmpty()) {
            keepOnly(sandbox, declared);
        }
    }

    private static String resolveInputs(String command, TaskContext ctx) throws TaskFailure {
        Matcher m = INPUT.matcher(command);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Path dir = ctx.inputs().get(m.group(1));
            if (dir == null) {
                throw new TaskFailure("the command uses ${in." + m.group(1) + "} but no input is bound as '" + m.group(1)
                        + "'; bound inputs: " + ctx.inputs().keySet());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(dir.toString()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Deletes every file and directory in the sandbox that is neither declared nor inside a declared one. */
    private static void keepOnly(Path sandbox, List<String> declared) throws IOException {
        Set<Path> keep = new HashSet<>();
        for (String d : declared) {
            keep.add(sandbox.resolve(d).normalize());
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(sandbox)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            if (p.equals(sandbox)) {
                continue;
            }
            boolean inside = keep.stream().anyMatch(p::startsWith);
            boolean holdsKept = keep.stream().anyMatch(k -> k.startsWith(p));
            if (!inside && !holdsKept) {
                Files.delete(p);
            }
        }
    }
}
