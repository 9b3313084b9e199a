package org.cortexflow.tasks.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;

/**
 * Where a reader reads: a file or directory on disk ({@code path}), or one inside the artifact
 * bound to its {@code from} input ({@code within}), so that a workflow can read what an upstream
 * task wrote, a synthetic study for instance. Either way the cache key follows the bytes read: the
 * engine digests a {@code path} file, and an input artifact's digest is part of the key already.
 */
public final class ReadSource {

    public static final PortSpec FROM = PortSpec.optional("from", ArtifactKind.ANY,
            "an artifact to read from instead of `path` (e.g. a study written by synth.*); `within` picks a file or"
                    + " directory inside it");

    public static final ParamSpec WITHIN = ParamSpec.optional("within", ParamType.STRING, "",
            "with input `from`: the file or directory inside that artifact to read (default: all of it)");

    private ReadSource() {
    }

    /** The {@code path} parameter, optional now that {@code from} can stand in for it. */
    public static ParamSpec path(String doc) {
        return ParamSpec.optional("path", ParamType.PATH, "", doc + "; or bind input `from` instead");
    }

    /** The file or directory to read, from {@code path} or from input {@code from} and {@code within}. */
    public static Path resolve(TaskContext ctx) throws TaskFailure {
        String path = ctx.string("path");
        Map<String, Path> inputs = ctx.inputs();
        Path from = inputs.get(FROM.name());
        String within = ctx.string(WITHIN.name());
        if (from == null) {
            if (!within.isEmpty()) {
                throw new TaskFailure(ctx.taskId() + ": `within` names a place inside input `from`, which is not bound;"
                        + " use `path` for files on disk");
            }
            if (path.isEmpty()) {
                throw new TaskFailure(ctx.taskId() + ": nothing to read: give parameter `path`, or bind input `from`"
                        + " to an upstream task");
            }
            return Path.of(path);
        }
        if (!path.isEmpty()) {
            throw new TaskFailure(ctx.taskId() + ": both `path` and input `from` are given; read one or the other"
                    + " (`within` picks a place inside `from`)");
        }
        Path root = from.toAbsolutePath().normalize();
        Path target = root.resolve(within).normalize();
        if (!target.startsWith(root)) {
            throw new TaskFailure(ctx.taskId() + ": `within` " + within + " leads out of input `from`");
        }
        if (!Files.exists(target)) {
            throw new TaskFailure(ctx.taskId() + ": input `from` has no " + (within.isEmpty() ? "content" : "'" + within + "'")
                    + " (its directory: " + root + ")");
        }
        return target;
    }

    /**
     * How an output names a file it was read from (meta.json's {@code source}): inside input
     * {@code from}, its place in that artifact; on disk, the path as reached from {@code path}. An
     * artifact's directory is somewhere in the store, which differs between workspaces: naming it would
     * make the output's bytes depend on more than its key, and every digest after it differ.
     */
    public static String recorded(TaskContext ctx, Path file) {
        Path from = ctx.inputs().get(FROM.name());
        if (from == null) {
            return file.toString();
        }
        Path root = from.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(root)) {
            return file.toString();
        }
        String inside = root.relativize(f).toString();
        return inside.isEmpty() ? String.valueOf(f.getFileName()) : inside;
    }
}
