package org.cortexflow.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.model.Workflow;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.Planner;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskRegistry;
import org.cortexflow.engine.spi.TaskType;

/** Small task types for engine tests; each counts its executions by task id. */
public final class TestTasks {

    public static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    static final Map<String, List<String>> GPUS = new ConcurrentHashMap<>();

    public static int runs(String taskId) {
        return RUNS.getOrDefault(taskId, new AtomicInteger()).get();
    }

    /** Two tasks: {@code a} emits {@code text}, {@code c} concatenates a's output. */
    static Plan emitThenConcat(String text) {
        Workflow w = new Flow("w")
                .task("a", "test.emit", Map.of(), Map.of("text", text))
                .task("c", "test.concat", Map.of("a", "a"), Map.of())
                .build();
        return new Planner(registry(), 0).plan(w).orThrow();
    }

    static TaskRegistry registry() {
        return new TaskRegistry(List.of(new Emit(), new Concat(), new Flaky(), new Sleep()));
    }

    abstract static class Counted implements TaskType {
        @Override
        public String version() {
            return "1";
        }

        @Override
        public void run(TaskContext ctx) throws Exception {
            RUNS.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
            GPUS.put(ctx.taskId(), ctx.gpus());
            work(ctx);
        }

        abstract void work(TaskContext ctx) throws Exception;
    }

    /** Writes its text parameter to out.txt. */
    public static final class Emit extends Counted {
        public String name() { return "test.emit"; }
        public String summary() { return "write text"; }
        public List<PortSpec> inputs() { return List.of(); }
        public List<PortSpec> outputs() { return List.of(PortSpec.of("out", ArtifactKind.TEXT, "")); }
        public List<ParamSpec> params() {
            return List.of(ParamSpec.required("text", ParamType.STRING, "what to write"),
                    ParamSpec.optional("repeat", ParamType.INT, 1, "times").range(1, 100));
        }
        void work(TaskContext ctx) throws Exception {
            Files.writeString(ctx.output("out").resolve("out.txt"), ctx.string("text").repeat((int) ctx.integer("repeat")));
        }
    }

    /** Concatenates out.txt of inputs a and b, upper-cased when upper is true. */
    public static final class Concat extends Counted {
        public String name() { return "test.concat"; }
        public String summary() { return "concatenate"; }
        public List<PortSpec> inputs() {
            return List.of(PortSpec.of("a", ArtifactKind.TEXT, ""), PortSpec.optional("b", ArtifactKind.TEXT, ""));
        }
        public List<PortSpec> outputs() { return List.of(PortSpec.of("out", ArtifactKind.TEXT, "")); }
        public List<ParamSpec> params() { return List.of(ParamSpec.optional("upper", ParamType.BOOL, false, "")); }
        void work(TaskContext ctx) throws Exception {
            StringBuilder sb = new StringBuilder();
            for (String in : List.of("a", "b")) {
                Path p = ctx.inputs().get(in);
                if (p != null) {
                    sb.append(Files.readString(p.resolve("out.txt")));
                }
            }
            String s = ctx.bool("upper") ? sb.toString().toUpperCase() : sb.toString();
            Files.writeString(ctx.output("out").resolve("out.txt"), s, StandardCharsets.UTF_8);
        }
    }

    /** Fails until it has been called {@code failures} times for its task id. */
    static final class Flaky extends Counted {
        public String name() { return "test.flaky"; }
        public String summary() { return "fail a few times"; }
        public List<PortSpec> inputs() { return List.of(); }
        public List<PortSpec> outputs() { return List.of(PortSpec.of("out", ArtifactKind.TEXT, "")); }
        public List<ParamSpec> params() { return List.of(ParamSpec.optional("failures", ParamType.INT, 1, "")); }
        void work(TaskContext ctx) throws Exception {
            Files.writeString(ctx.output("out").resolve("partial.txt"), "half-written");
            if (runs(ctx.taskId()) <= ctx.integer("failures")) {
                ctx.log().println("about to fail");
                throw new TaskFailure("planned failure " + runs(ctx.taskId()));
            }
            Files.writeString(ctx.output("out").resolve("out.txt"), "finally");
        }
    }

    /** Sleeps (interruptibly), then writes out.txt. */
    static final class Sleep extends Counted {
        public String name() { return "test.sleep"; }
        public String summary() { return "sleep"; }
        public List<PortSpec> inputs() { return List.of(); }
        public List<PortSpec> outputs() { return List.of(PortSpec.of("out", ArtifactKind.TEXT, "")); }
        public List<ParamSpec> params() { return List.of(ParamSpec.optional("seconds", ParamType.DURATION, "1s", "")); }
        void work(TaskContext ctx) throws Exception {
            Thread.sleep(ctx.duration("seconds").toMillis());
            Files.writeString(ctx.output("out").resolve("out.txt"), "slept");
        }
    }

    private TestTasks() {
    }
}
