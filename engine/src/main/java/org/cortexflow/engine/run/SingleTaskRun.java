package org.cortexflow.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cortexflow.cache.Digest;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.Resources;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.plan.PlannedTask;
import org.cortexflow.engine.spi.Spelling;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;

/**
 * One task run on its own ({@code cortexflow exec}): inputs are paths, the artifact is written
 * straight into the output directory, nothing is cached.
 */
public final class SingleTaskRun {

    private SingleTaskRun() {
    }

    /**
     * @param rawParams parameters as given on the command line, before coercion
     * @param out the output directory; created, must be empty if it exists
     * @return the task's log
     */
    public static List<String> run(TaskType type, Map<String, Path> inputs, Map<String, Value> rawParams, Path out, int cpus)
            throws UserError {
        List<Problem> problems = new ArrayList<>();
        String subject = "exec " + type.name();
        Map<String, Value> params = new LinkedHashMap<>();
        for (String given : rawParams.keySet()) {
            if (type.param(given).isEmpty()) {
                List<String> near = Spelling.closest(given, type.params().stream().map(ParamSpec::name).toList(), 3);
                problems.add(new Problem(Location.NONE, subject, "unknown parameter '" + given + "'",
                        near.isEmpty() ? "`cortexflow tasks describe " + type.name() + "` lists its parameters"
                                : "did you mean " + String.join(", ", near) + "?"));
            }
        }
        for (ParamSpec p : type.params()) {
            Value v = rawParams.get(p.name());
            if (v == null) {
                p.defaultValue().ifPresentOrElse(d -> params.put(p.name(), d), () -> problems.add(new Problem(Location.NONE,
                        subject, "missing required parameter '" + p.name() + "' (" + p.describeType() + ")",
                        "pass --param " + p.name() + "=VALUE")));
            } else {
                try {
                    params.put(p.name(), p.check(v));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(Location.NONE, subject, "parameter '" + p.name() + "': " + e.getMessage(), p.doc()));
                }
            }
        }
        for (var in : inputs.entrySet()) {
            if (!type.openInputs() && type.inputs().stream().noneMatch(p -> p.name().equals(in.getKey()))) {
                problems.add(new Problem(Location.NONE, subject, "no input called '" + in.getKey() + "'",
                        "its inputs: " + type.inputs().stream().map(PortSpec::name).toList()));
            }
            if (!Files.exists(in.getValue())) {
                problems.add(new Problem(Location.NONE, subject, "input " + in.getKey() + ": no such file or directory: "
                        + in.getValue(), ""));
            }
        }
        for (PortSpec p : type.inputs()) {
            if (!p.optional() && !inputs.containsKey(p.name())) {
                problems.add(new Problem(Location.NONE, subject, "input '" + p.name() + "' (" + p.kind() + ") is required",
                        "pass --input " + p.name() + "=PATH"));
            }
        }
        try {
            if (Files.exists(out)) {
                try (Stream<Path> s = Files.list(out)) {
                    if (s.findAny().isPresent()) {
                        problems.add(new Problem(Location.NONE, subject, "output directory " + out + " is not empty",
                                "choose a new --out directory, so no earlier result is overwritten"));
                    }
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(Location.NONE, subject, "cannot read " + out + ": " + e.getMessage(), ""));
        }
        if (!problems.isEmpty()) {
            throw new UserError(problems);
        }
        Path log;
        try {
            Files.createDirectories(out);
            log = Files.createTempFile("cortexflow-exec-", ".log");
        } catch (IOException e) {
            throw new UserError("cannot create " + out + ": " + e.getMessage(), "check permissions and free space");
        }
        Map<String, Path> outputs = new LinkedHashMap<>();
        try {
            for (PortSpec p : type.outputs()) {
                outputs.put(p.name(), type.outputs().size() == 1 ? out : Files.createDirectories(out.resolve(p.name())));
            }
        } catch (IOException e) {
            throw new UserError("cannot create " + out + ": " + e.getMessage(), "");
        }
        TaskSpec spec = new TaskSpec(type.name(), type.name(), Map.of(), params, Resources.DEFAULT, 0,
                org.cortexflow.engine.model.OnError.TERMINATE, java.util.Optional.empty(), Map.of());
        PlannedTask task = new PlannedTask(spec, type, params, List.of(), 1, 0);
        Job job = new Job(task, new Digest("0".repeat(64)), 1, inputs, out, outputs,
                new ResourcePool.Grant(cpus, 0, List.of()), new TaskLog(log, ""));
        Path state = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".state");
        job.useStateDirectory(state); // a rerun of the same exec after a kill resumes from it
        job.runsOn(Thread.currentThread());
        try {
            new LocalExecutor().run(job);
            org.cortexflow.cache.ContentStore.deleteTree(state);
            return WorkflowRun.tail(log, Integer.MAX_VALUE);
        } catch (TaskFailure e) {
            throw new UserError(new Problem(Location.NONE, subject, e.getMessage(), "log: " + log));
        } catch (Exception e) {
            throw new UserError(new Problem(Location.NONE, subject, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    "log: " + log + "; run with --debug for the stack trace"));
        }
    }
}
