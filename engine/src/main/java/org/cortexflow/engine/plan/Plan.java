package org.cortexflow.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.model.Workflow;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;

/**
 * A validated workflow as a DAG of planned tasks (edges point downstream).
 *
 * @param identity when known, a digest that only plans of this exact workflow, task types and host
 *     share (see {@link Planner#plan(Workflow, Optional)})
 */
public record Plan(Workflow workflow, Map<String, PlannedTask> tasks, DirectedAcyclicGraph<String, DefaultEdge> graph,
                   Optional<String> identity) {

    public PlannedTask task(String id) {
        PlannedTask t = tasks.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no task " + id);
        }
        return t;
    }

    /** Task ids, every task after all of its upstreams. */
    public List<String> topologicalOrder() {
        List<String> order = new ArrayList<>(tasks.size());
        graph.iterator().forEachRemaining(order::add); // a DirectedAcyclicGraph iterates in topological order
        return order;
    }

    public List<String> downstream(String id) {
        List<String> out = new ArrayList<>();
        for (DefaultEdge e : graph.outgoingEdgesOf(id)) {
            out.add(graph.getEdgeTarget(e));
        }
        return out;
    }
}
