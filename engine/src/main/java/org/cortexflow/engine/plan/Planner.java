package org.cortexflow.engine.plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.model.Workflow;
import org.cortexflow.engine.spi.Spelling;
import org.cortexflow.engine.spi.TaskRegistry;
import org.cortexflow.engine.spi.TaskType;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DefaultGraphSpecificsStrategy;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jgrapht.graph.SimpleDirectedGraph;
import org.jgrapht.graph.AsSubgraph;

/**
 * Checks a workflow against the task types' declared metadata and builds its DAG. Every problem is
 * collected, so the user sees all of them at once.
 */
public final class Planner {

    private final TaskRegistry registry;
    private final int hostGpus;

    /** @param hostGpus GPU devices this host offers; tasks that require one fail validation without */
    public Planner(TaskRegistry registry, int hostGpus) {
        this.registry = registry;
        this.hostGpus = hostGpus;
    }

    /** The result of planning: a plan when there were no problems. */
    public record Result(Optional<Plan> plan, List<Problem> problems) {
        public Plan orThrow() {
            if (!problems.isEmpty()) {
                throw new UserError(problems);
            }
            return plan.orElseThrow();
        }
    }

    public Result plan(Workflow workflow) {
        List<Problem> problems = new ArrayList<>();
        int n = workflow.tasks().size();
        Map<String, TaskType> types = new HashMap<>(n * 2);
        Map<String, Map<String, Value>> params = new HashMap<>(n * 2);
        for (TaskSpec spec : workflow.tasks().values()) {
            Optional<TaskType> type = registry.find(spec.type());
            if (type.isEmpty()) {
                List<String> near = registry.closest(spec.type(), 3);
                problems.add(new Problem(spec.at("uses"), "task '" + spec.id() + "'",
                        "unknown task type '" + spec.type() + "'",
                        near.isEmpty() ? "`cortexflow tasks` lists the task types" : "did you mean " + String.join(", ", near) + "?"));
                continue;
            }
            types.put(spec.id(), type.get());
            params.put(spec.id(), checkParams(spec, type.get(), problems));
            checkResources(spec, problems);
        }
        // a DAG keeps a topological order as edges arrive, so planning needs no separate sort; edges
        // are deduplicated here, so the graph need not check for parallel edges nor index vertex pairs
        // (a task read by 10,000 sweep variants would make either cost 10,000 steps per edge)
        DirectedAcyclicGraph<String, DefaultEdge> graph = new DirectedAcyclicGraph<>(null,
                DefaultEdge::new, false, true, new DefaultGraphSpecificsStrategy<>());
        workflow.tasks().keySet().forEach(graph::addVertex);
        List<String[]> rejected = new ArrayList<>();
        Map<String, List<String>> upstream = new HashMap<>(n * 2);
        for (TaskSpec spec : workflow.tasks().values()) {
            List<String> ups = new ArrayList<>(spec.inputs().size());
            for (var in : spec.inputs().entrySet()) {
                checkInput(spec, in.getKey(), in.getValue(), workflow, types, problems);
                String from = in.getValue().task();
                if (!ups.contains(from) && workflow.tasks().containsKey(from)) {
                    ups.add(from);
                    if (from.equals(spec.id())) {
                        problems.add(new Problem(spec.at("input." + in.getKey()), "task '" + spec.id() + "'",
                                "input '" + in.getKey() + "' reads the task's own output (a cycle of one)", ""));
                    } else {
                        try {
                            graph.addEdge(from, spec.id());
                        } catch (IllegalArgumentException closesCycle) {
                            rejected.add(new String[] {from, spec.id()});
                        }
                    }
                }
            }
            upstream.put(spec.id(), ups);
            TaskType type = types.get(spec.id());
            if (type != null) {
                for (PortSpec port : type.inputs()) {
                    if (!port.optional() && !spec.inputs().containsKey(port.name())) {
                        problems.add(new Problem(spec.at("task"), "task '" + spec.id() + "'",
                                "input '" + port.name() + "' (" + port.kind() + ") is not bound",
                                "add `in: { " + port.name() + ": TASK }`"));
                    }
                }
            }
        }
        if (!rejected.isEmpty()) {
            Graph<String, DefaultEdge> full = new SimpleDirectedGraph<>(DefaultEdge.class);
            graph.vertexSet().forEach(full::addVertex);
            graph.edgeSet().forEach(e -> full.addEdge(graph.getEdgeSource(e), graph.getEdgeTarget(e)));
            rejected.forEach(e -> full.addEdge(e[0], e[1]));
            for (Set<String> component : new KosarajuStrongConnectivityInspector<>(full).stronglyConnectedSets()) {
                if (component.size() > 1) {
                    List<String> cycle = oneCycle(full, component);
                    TaskSpec first = workflow.tasks().get(cycle.get(0));
                    problems.add(new Problem(first.at("task"), "", "the tasks form a cycle: " + String.join(" -> ", cycle),
                            "a task cannot depend, even indirectly, on its own output"));
                }
            }
        }
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        Map<String, Integer> priority = criticalPath(graph);
        Map<String, PlannedTask> planned = new LinkedHashMap<>();
        int order = 0;
        for (TaskSpec spec : workflow.tasks().values()) {
            planned.put(spec.id(), new PlannedTask(spec, types.get(spec.id()), params.get(spec.id()),
                    upstream.get(spec.id()), priority.get(spec.id()), order++));
        }
        return new Result(Optional.of(new Plan(workflow, planned, graph)), List.of());
    }

    private final Map<String, Map<String, ParamSpec>> paramsByType = new HashMap<>();

    private Map<String, Value> checkParams(TaskSpec spec, TaskType type, List<Problem> problems) {
        Map<String, ParamSpec> declared = paramsByType.computeIfAbsent(type.name(), n -> {
            Map<String, ParamSpec> m = new LinkedHashMap<>();
            type.params().forEach(p -> m.put(p.name(), p));
            return m;
        });
        Map<String, Value> resolved = new LinkedHashMap<>();
        String subject = "task '" + spec.id() + "'";
        for (var given : spec.params().entrySet()) {
            if (!declared.containsKey(given.getKey())) {
                List<String> near = Spelling.closest(given.getKey(), type.params().stream().map(ParamSpec::name).toList(), 3);
                problems.add(new Problem(spec.at("param." + given.getKey()), subject,
                        "unknown parameter '" + given.getKey() + "' for " + type.name(),
                        near.isEmpty() ? "`cortexflow tasks describe " + type.name() + "` lists its parameters"
                                : "did you mean " + String.join(", ", near) + "?"));
            }
        }
        for (ParamSpec p : declared.values()) {
            Value given = spec.params().get(p.name());
            if (given == null) {
                if (p.defaultValue().isPresent()) {
                    resolved.put(p.name(), p.defaultValue().get());
                } else {
                    problems.add(new Problem(spec.at("task"), subject,
                            "missing required parameter '" + p.name() + "' (" + p.describeType() + ")", p.doc()));
                }
                continue;
            }
            try {
                Value v = p.check(given);
                if (p.type() == ParamType.PATH) {
                    Path path = Path.of(((Value.Text) v).value());
                    if (!Files.exists(path)) {
                        problems.add(new Problem(spec.at("param." + p.name()), subject,
                                "parameter '" + p.name() + "': no such file or directory: " + path.toAbsolutePath(),
                                "relative paths are resolved from the directory cortexflow runs in"));
                    }
                }
                resolved.put(p.name(), v);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(spec.at("param." + p.name()), subject,
                        "parameter '" + p.name() + "': " + e.getMessage(), p.doc()));
            }
        }
        return resolved;
    }

    private void checkResources(TaskSpec spec, List<Problem> problems) {
        var r = spec.resources();
        Location at = spec.at("resources");
        if (r.cpus() < 1) {
            problems.add(new Problem(at, "task '" + spec.id() + "'", "resources.cpus must be at least 1, got " + r.cpus(), ""));
        }
        if (r.gpus() > 0 && !r.gpuOptional() && r.gpus() > hostGpus) {
            problems.add(new Problem(at, "task '" + spec.id() + "'",
                    "requires " + r.gpus() + " GPU(s) but this host has " + hostGpus,
                    "declare devices with --gpus 0,1, or write `gpu: optional` to run on CPU when there is none"));
        }
    }

    private void checkInput(TaskSpec spec, String name, InputRef ref, Workflow workflow, Map<String, TaskType> types,
                            List<Problem> problems) {
        String subject = "task '" + spec.id() + "'";
        Location at = spec.at("input." + name);
        TaskSpec from = workflow.tasks().get(ref.task());
        if (from == null) {
            List<String> near = Spelling.closest(ref.task(), workflow.tasks().keySet(), 3);
            problems.add(new Problem(at, subject, "input '" + name + "' is bound to '" + ref.task() + "', which is not a task",
                    near.isEmpty() ? "" : "did you mean " + String.join(", ", near) + "?"));
            return;
        }
        TaskType consumer = types.get(spec.id());
        TaskType producer = types.get(ref.task());
        if (consumer == null || producer == null) {
            return; // unknown type already reported
        }
        Optional<PortSpec> wanted = port(consumer.inputs(), name);
        if (wanted.isEmpty() && !consumer.openInputs()) {
            List<String> near = Spelling.closest(name, consumer.inputs().stream().map(PortSpec::name).toList(), 3);
            problems.add(new Problem(at, subject, consumer.name() + " has no input '" + name + "'",
                    near.isEmpty() ? "its inputs: " + consumer.inputs().stream().map(PortSpec::name).toList()
                            : "did you mean " + String.join(", ", near) + "?"));
            return;
        }
        Optional<PortSpec> produced;
        if (ref.output().isPresent()) {
            produced = port(producer.outputs(), ref.output().get());
            if (produced.isEmpty()) {
                problems.add(new Problem(at, subject, producer.name() + " (task '" + ref.task() + "') has no output '"
                        + ref.output().get() + "'", "its outputs: " + producer.outputs().stream().map(PortSpec::name).toList()));
                return;
            }
        } else if (producer.outputs().size() > 1) {
            problems.add(new Problem(at, subject, "task '" + ref.task() + "' has several outputs; say which",
                    "write " + ref.task() + "." + producer.outputs().get(0).name() + " (outputs: "
                            + producer.outputs().stream().map(PortSpec::name).toList() + ")"));
            return;
        } else {
            produced = Optional.of(producer.outputs().get(0));
        }
        if (wanted.isPresent() && !wanted.get().kind().accepts(produced.get().kind())) {
            problems.add(new Problem(at, subject, "input '" + name + "' expects a " + wanted.get().kind()
                    + " artifact, but task '" + ref.task() + "' (" + producer.name() + ") produces " + produced.get().kind(), ""));
        }
    }

    private static Optional<PortSpec> port(List<PortSpec> ports, String name) {
        for (PortSpec p : ports) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The shortest cycle through the first task of a strongly connected set, closed (first = last). */
    private static List<String> oneCycle(Graph<String, DefaultEdge> graph, Set<String> component) {
        AsSubgraph<String, DefaultEdge> sub = new AsSubgraph<>(graph, component);
        String start = component.iterator().next();
        List<String> best = new ArrayList<>(component);
        best.add(best.get(0));
        for (DefaultEdge e : sub.outgoingEdgesOf(start)) {
            GraphPath<String, DefaultEdge> back = BFSShortestPath.findPathBetween(sub, sub.getEdgeTarget(e), start);
            if (back != null && back.getVertexList().size() + 1 < best.size()) {
                best = new ArrayList<>();
                best.add(start);
                best.addAll(back.getVertexList());
            }
        }
        return best;
    }

    private static Map<String, Integer> criticalPath(DirectedAcyclicGraph<String, DefaultEdge> graph) {
        List<String> order = new ArrayList<>(graph.vertexSet().size());
        graph.iterator().forEachRemaining(order::add);
        Map<String, Integer> length = new HashMap<>(order.size() * 2);
        // longest path to a sink, sinks first
        for (int i = order.size() - 1; i >= 0; i--) {
            String v = order.get(i);
            int best = 0;
            for (DefaultEdge e : graph.outgoingEdgesOf(v)) {
                best = Math.max(best, length.get(graph.getEdgeTarget(e)));
            }
            length.put(v, best + 1);
        }
        return length;
    }
}
