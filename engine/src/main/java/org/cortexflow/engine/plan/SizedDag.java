package org.cortexflow.engine.plan;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jgrapht.Graph;
import org.jgrapht.GraphType;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DefaultGraphSpecificsStrategy;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jgrapht.graph.IntrusiveEdgesSpecifics;
import org.jgrapht.graph.UniformIntrusiveEdgesSpecifics;
import org.jgrapht.graph.specifics.DirectedSpecifics;
import org.jgrapht.graph.specifics.Specifics;

/**
 * JGraphT's DAG of task ids with its four maps (vertices, edges, and the topological order both
 * ways) sized for the workflow up front. Grown one doubling at a time, rehashing them was a large
 * part of building a graph of 100,000 tasks. Unweighted, without parallel-edge checks (the planner
 * adds each edge once).
 */
final class SizedDag extends DirectedAcyclicGraph<String, DefaultEdge> {

    private static final long serialVersionUID = 1L;

    SizedDag(int tasks, int edges) {
        super(null, DefaultEdge::new, new VisitedBitSetImpl(), new TopoOrder(tasks), false, true, new Sized(tasks, edges));
    }

    private static int capacity(int entries) {
        return (int) (entries / 0.75f) + 1;
    }

    /** The default strategy's specifics for a directed, unweighted graph, with sized maps. */
    private static final class Sized extends DefaultGraphSpecificsStrategy<String, DefaultEdge> {
        private static final long serialVersionUID = 1L;
        private final int vertices;
        private final int edges;

        Sized(int vertices, int edges) {
            this.vertices = vertices;
            this.edges = edges;
        }

        @Override
        public Function<GraphType, IntrusiveEdgesSpecifics<String, DefaultEdge>> getIntrusiveEdgesSpecificsFactory() {
            return type -> new UniformIntrusiveEdgesSpecifics<>(new LinkedHashMap<>(capacity(edges)));
        }

        @Override
        public BiFunction<Graph<String, DefaultEdge>, GraphType, Specifics<String, DefaultEdge>> getSpecificsFactory() {
            return (graph, type) -> new DirectedSpecifics<>(graph, new LinkedHashMap<>(capacity(vertices)), getEdgeSetFactory());
        }
    }

    /** The topological order both ways, as JGraphT's own map keeps it, sized. */
    private static final class TopoOrder implements TopoOrderMap<String> {
        private static final long serialVersionUID = 1L;
        private final Map<Integer, String> vertexAt;
        private final Map<String, Integer> indexOf;

        TopoOrder(int vertices) {
            vertexAt = new HashMap<>(capacity(vertices));
            indexOf = new HashMap<>(capacity(vertices));
        }

        @Override
        public void putVertex(Integer index, String vertex) {
            vertexAt.put(index, vertex);
            indexOf.put(vertex, index);
        }

        @Override
        public String getVertex(Integer index) {
            return vertexAt.get(index);
        }

        @Override
        public Integer getTopologicalIndex(String vertex) {
            return indexOf.get(vertex);
        }

        @Override
        public Integer removeVertex(String vertex) {
            Integer index = indexOf.remove(vertex);
            if (index != null) {
                vertexAt.remove(index);
            }
            return index;
        }

        @Override
        public void removeAllVertices() {
            vertexAt.clear();
            indexOf.clear();
        }
    }
}
