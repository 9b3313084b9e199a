package org.cortexflow.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.PlannedTask;
import org.jgrapht.graph.DefaultEdge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dag", description = "Print the workflow's task graph as Mermaid or Graphviz dot.")
final class DagCommand implements Callable<Integer> {

    enum Format { mermaid, dot }

    @Mixin
    HostOptions host;

    @Mixin
    WorkflowOptions workflow;

    @Option(names = "--format", description = "mermaid or dot (default: ${DEFAULT-VALUE})")
    Format format = Format.mermaid;

    @Override
    public Integer call() {
        Plan plan = workflow.plan(WorkflowOptions.discovering(), host.gpuInventory().count());
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        try {
            write(plan, format, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    static void write(Plan plan, Format format, Appendable out) throws IOException {
        Map<String, String> node = new HashMap<>();
        int i = 0;
        for (String id : plan.tasks().keySet()) {
            node.put(id, "t" + i++);
        }
        if (format == Format.mermaid) {
            out.append("flowchart TD\n");
            for (PlannedTask t : plan.tasks().values()) {
                out.append("  ").append(node.get(t.id())).append("[\"").append(escape(t.id())).append("<br/><small>")
                        .append(escape(t.type().name())).append("</small>\"]\n");
            }
            for (DefaultEdge e : plan.graph().edgeSet()) {
                out.append("  ").append(node.get(plan.graph().getEdgeSource(e))).append(" --> ")
                        .append(node.get(plan.graph().getEdgeTarget(e))).append('\n');
            }
        } else {
            out.append("digraph \"").append(escape(plan.workflow().name())).append("\" {\n  rankdir=TB;\n  node [shape=box];\n");
            for (PlannedTask t : plan.tasks().values()) {
                out.append("  ").append(node.get(t.id())).append(" [label=\"").append(escape(t.id())).append("\\n")
                        .append(escape(t.type().name())).append("\"];\n");
            }
            for (DefaultEdge e : plan.graph().edgeSet()) {
                out.append("  ").append(node.get(plan.graph().getEdgeSource(e))).append(" -> ")
                        .append(node.get(plan.graph().getEdgeTarget(e))).append(";\n");
            }
            out.append("}\n");
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "'");
    }
}
