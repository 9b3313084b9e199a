package org.cortexflow.engine.plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.cortexflow.cache.Keys;
import org.cortexflow.engine.model.FrozenMap;
import org.cortexflow.engine.model.Futures;
import org.cortexflow.engine.model.Halves;
import org.cortexflow.engine.model.InputRef;
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
        return plan(workflow, Optional.empty());
    }

    /**
     * As {@link #plan(Workflow)}, for a workflow whose identity is known: a string that only this
     * exact workflow has (a loaded-workflow cache's key). The plan's {@link Plan#identity()} then
     * also covers the task types and this host's GPUs, so that a run can recall what the last run of
     * the same plan found in the store ({@code RunMemo}).
     */
    public Result plan(Workflow workflow, Optional<String> workflowIdentity) {
        List<Problem> problems = new ArrayList<>();
        int n = workflow.tasks().size();
        // per task, by its position in the workflow: a 100,000-task plan then builds one map, not five
        TaskSpec[] specs = workflow.tasks().values().toArray(new TaskSpec[0]);
        Map<String, Integer> index = new HashMap<>((int) (n / 0.75f) + 1);
        for (int i = 0; i < n; i++) {
            index.put(specs[i].id(), i);
        }
        // the graph needs only ids and inputs: a large one is built on the other core while the tasks are checked
        CompletableFuture<Dag> building = Halves.worthIt(Arrays.asList(specs))
                ? Futures.start("cortexflow-dag", () -> Dag.of(specs, index))
                : CompletableFuture.completedFuture(Dag.of(specs, index));
        TaskType[] types = new TaskType[n];
        Map<String, Value>[] params = newMapArray(n);
        problems.addAll(checkTasks(specs, types, params));
        for (int i = 0; i < n; i++) {
            TaskSpec spec = specs[i];
            for (var in : spec.inputs().entrySet()) {
                Integer from = index.get(in.getValue().task());
                checkInput(spec, types[i], in.getKey(), in.getValue(), from == null ? null : types[from], workflow, problems);
                if (from != null && from == i) {
                    problems.add(new Problem(spec.at("input." + in.getKey()), "task '" + spec.id() + "'",
                            "input '" + in.getKey() + "' reads the task's own output (a cycle of one)", ""));
                }
            }
            if (types[i] != null) {
                for (PortSpec port : types[i].inputs()) {
                    if (!port.optional() && !spec.inputs().containsKey(port.name())) {
                        problems.add(new Problem(spec.at("task"), "task '" + spec.id() + "'",
                                "input '" + port.name() + "' (" + port.kind() + ") is not bound",
                                "add `in: { " + port.name() + ": TASK }`"));
                    }
                }
            }
        }
        Dag dag = Futures.join(building);
        DirectedAcyclicGraph<String, DefaultEdge> graph = dag.graph();
        List<String[]> rejected = dag.rejected();
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
        int[] priority = dag.criticalPath(index);
        FrozenMap.Builder<String, PlannedTask> planned = FrozenMap.builder(n);
        for (int i = 0; i < n; i++) {
            planned.put(specs[i].id(), new PlannedTask(specs[i], types[i], params[i], dag.upstream()[i], priority[i], i));
        }
        Optional<String> identity = workflowIdentity.map(w -> Keys.hash("plan", w, registry.fingerprint(), hostGpus).hex());
        return new Result(Optional.of(new Plan(workflow, planned.build(), graph, identity)), List.of());
    }

    /** Types, parameters and resources of {@code specs}: fills {@code types} and {@code params}. */
    private List<Problem> checkTasks(TaskSpec[] specs, TaskType[] types, Map<String, Value>[] params) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < specs.length; i++) {
            TaskSpec spec = specs[i];
            Optional<TaskType> type = registry.find(spec.type());
            if (type.isEmpty()) {
                List<String> near = registry.closest(spec.type(), 3);
                problems.add(new Problem(spec.at("uses"), "task '" + spec.id() + "'",
                        "unknown task type '" + spec.type() + "'",
                        near.isEmpty() ? "`cortexflow tasks` lists the task types" : "did you mean " + String.join(", ", near) + "?"));
                continue;
            }
            types[i] = type.get();
            params[i] = checkParams(spec, type.get(), problems);
            checkResources(spec, problems);
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Value>[] newMapArray(int n) {
        return new Map[n];
    }

    private final Map<String, Map<String, ParamSpec>> paramsByType = new ConcurrentHashMap<>();

    private Map<String, Value> checkParams(TaskSpec spec, TaskType type, List<Problem> problems) {
        Map<String, ParamSpec> declared = paramsByType.get(type.name());
        if (declared == null) {
            declared = paramsByType.computeIfAbsent(type.name(), n -> {
                Map<String, ParamSpec> m = new LinkedHashMap<>();
                type.params().forEach(p -> m.put(p.name(), p));
                return m;
            });
        }
        for (String given : spec.params().keySet()) {
            if (!declared.containsKey(given)) {
                List<String> near = Spelling.closest(given, type.params().stream().map(ParamSpec::name).toList(), 3);
                problems.add(new Problem(spec.at("param." + given), subject(spec),
                        "unknown parameter '" + given + "' for " + type.name(),
                        near.isEmpty() ? "`cortexflow tasks describe " + type.name() + "` lists its parameters"
                                : "did you mean " + String.join(", ", near) + "?"));
            }
        }
        FrozenMap.Builder<String, Value> resolved = FrozenMap.builder(declared.size());
        for (ParamSpec p : declared.values()) {
            Value given = spec.params().get(p.name());
            if (given == null) {
                if (p.defaultValue().isPresent()) {
                    resolved.put(p.name(), p.defaultValue().get());
                } else {
                    problems.add(new Problem(spec.at("task"), subject(spec),
                            "missing required parameter '" + p.name() + "' (" + p.describeType() + ")", p.doc()));
                }
                continue;
            }
            try {
                Value v = p.check(given);
                if (p.type() == ParamType.PATH) {
                    Path path = Path.of(((Value.Text) v).value());
                    if (!Files.exists(path)) {
                        problems.add(new Problem(spec.at("param." + p.name()), subject(spec),
                                "parameter '" + p.name() + "': no such file or directory: " + path.toAbsolutePath(),
                                "relative paths are resolved from the directory cortexflow runs in"));
                    }
                }
                resolved.put(p.name(), v);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(spec.at("param." + p.name()), subject(spec),
                        "parameter '" + p.name() + "': " + e.getMessage(), p.doc()));
            }
        }
        return resolved.build();
    }

    private static String subject(TaskSpec spec) {
        return "task '" + spec.id() + "'";
    }

    private void checkResources(TaskSpec spec, List<Problem> problems) {
        var r = spec.resources();
        if (r.cpus() < 1) {
            problems.add(new Problem(spec.at("resources"), subject(spec), "resources.cpus must be at least 1, got " + r.cpus(), ""));
        }
        if (r.gpus() > 0 && !r.gpuOptional() && r.gpus() > hostGpus) {
            problems.add(new Problem(spec.at("resources"), subject(spec),
                    "requires " + r.gpus() + " GPU(s) but this host has " + hostGpus,
                    "declare devices with --gpus 0,1, or write `gpu: optional` to run on CPU when there is none"));
        }
    }

    /** @param producer the type of the task the input is bound to; null when there is no such task or its type is unknown */
    private void checkInput(TaskSpec spec, TaskType consumer, String name, InputRef ref, TaskType producer, Workflow workflow,
                            List<Problem> problems) {
        if (!workflow.tasks().containsKey(ref.task())) {
            List<String> near = Spelling.closest(ref.task(), workflow.tasks().keySet(), 3);
            problems.add(inputProblem(spec, name, "input '" + name + "' is bound to '" + ref.task() + "', which is not a task",
                    near.isEmpty() ? "" : "did you mean " + String.join(", ", near) + "?"));
            return;
        }
        if (consumer == null || producer == null) {
            return; // unknown type already reported
        }
        Optional<PortSpec> wanted = port(consumer.inputs(), name);
        if (wanted.isEmpty() && !consumer.openInputs()) {
            List<String> near = Spelling.closest(name, consumer.inputs().stream().map(PortSpec::name).toList(), 3);
            problems.add(inputProblem(spec, name, consumer.name() + " has no input '" + name + "'",
                    near.isEmpty() ? "its inputs: " + consumer.inputs().stream().map(PortSpec::name).toList()
                            : "did you mean " + String.join(", ", near) + "?"));
            return;
        }
        Optional<PortSpec> produced;
        if (ref.output().isPresent()) {
            produced = port(producer.outputs(), ref.output().get());
            if (produced.isEmpty()) {
                problems.add(inputProblem(spec, name, producer.name() + " (task '" + ref.task() + "') has no output '"
                        + ref.output().get() + "'", "its outputs: " + producer.outputs().stream().map(PortSpec::name).toList()));
                return;
            }
        } else if (producer.outputs().size() > 1) {
            problems.add(inputProblem(spec, name, "task '" + ref.task() + "' has several outputs; say which",
                    "write " + ref.task() + "." + producer.outputs().get(0).name() + " (outputs: "
                            + producer.outputs().stream().map(PortSpec::name).toList() + ")"));
            return;
        } else {
            produced = Optional.of(producer.outputs().get(0));
        }
        if (wanted.isPresent() && !wanted.get().kind().accepts(produced.get().kind())) {
            problems.add(inputProblem(spec, name, "input '" + name + "' expects a " + wanted.get().kind()
                    + " artifact, but task '" + ref.task() + "' (" + producer.name() + ") produces " + produced.get().kind(), ""));
        }
    }

    private static Problem inputProblem(TaskSpec spec, String name, String message, String hint) {
        return new Problem(spec.at("input." + name), "task '" + spec.id() + "'", message, hint);
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

    /**
     * The workflow's graph, its edges deduplicated, with the edges that would close a cycle kept
     * aside. A DAG keeps a topological order as edges arrive, so planning needs no separate sort;
     * as edges are deduplicated here, the graph need not check for parallel edges nor index vertex
     * pairs (a task read by 10,000 sweep variants would make either cost 10,000 steps per edge).
     *
     * @param upstream per task (by position) the ids it reads from, in input order, each once
     * @param upstreamIndex the same as positions
     * @param inFileOrder whether every task reads only tasks written before it, so that the order of
     *     the file is a topological order (as in most files, and every generated one)
     */
    private record Dag(DirectedAcyclicGraph<String, DefaultEdge> graph, List<String[]> rejected,
                       List<String>[] upstream, int[][] upstreamIndex, boolean inFileOrder) {

        static Dag of(TaskSpec[] specs, Map<String, Integer> index) {
            int n = specs.length;
            int edges = 0;
            for (TaskSpec spec : specs) {
                edges += spec.inputs().size();
            }
            DirectedAcyclicGraph<String, DefaultEdge> graph = new SizedDag(n, edges);
            for (TaskSpec spec : specs) {
                graph.addVertex(spec.id());
            }
            List<String[]> rejected = new ArrayList<>();
            @SuppressWarnings("unchecked")
            List<String>[] upstream = new List[n];
            int[][] upstreamIndex = new int[n][];
            boolean inFileOrder = true;
            for (int i = 0; i < n; i++) {
                TaskSpec spec = specs[i];
                List<String> ups = new ArrayList<>(spec.inputs().size());
                int[] upIndex = new int[spec.inputs().size()];
                for (InputRef in : spec.inputs().values()) {
                    Integer from = index.get(in.task());
                    // a missing task and a task reading itself are the planner's problems to report
                    if (from == null || from == i || ups.contains(specs[from].id())) {
                        continue;
                    }
                    upIndex[ups.size()] = from;
                    ups.add(specs[from].id());
                    inFileOrder &= from < i;
                    try {
                        graph.addEdge(specs[from].id(), spec.id());
                    } catch (IllegalArgumentException closesCycle) {
                        rejected.add(new String[] {specs[from].id(), spec.id()});
                    }
                }
                upstream[i] = ups;
                upstreamIndex[i] = ups.size() == upIndex.length ? upIndex : Arrays.copyOf(upIndex, ups.size());
            }
            return new Dag(graph, rejected, upstream, upstreamIndex, inFileOrder);
        }

        /** Per task (by position), the length of the longest chain of tasks from it to a sink. */
        int[] criticalPath(Map<String, Integer> index) {
            int[] length = new int[upstreamIndex.length];
            List<String> order = new ArrayList<>(upstreamIndex.length);
            if (!inFileOrder) {
                graph.iterator().forEachRemaining(order::add);
            }
            // sinks first: each task passes its length on to the tasks it reads
            for (int k = upstreamIndex.length - 1; k >= 0; k--) {
                int v = inFileOrder ? k : index.get(order.get(k));
                length[v] += 1;
                for (int up : upstreamIndex[v]) {
                    length[up] = Math.max(length[up], length[v]);
                }
            }
            return length;
        }
    }
}
