package org.cortexflow.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.dsl.SourceNode.Scalar;
import org.cortexflow.engine.model.Value;

/**
 * Reads a workflow document (from YAML, or built by a Groovy script) into a {@link WorkflowDraft},
 * reporting every structural problem. Both front ends share it, so both accept exactly the same
 * workflows and say the same things about mistakes.
 */
final class DocumentReader {

    static final List<String> KEYS = List.of("name", "params", "tasks", "sweep", "schedule");
    static final List<String> SCHEDULE_KEYS = List.of("cron");

    private DocumentReader() {
    }

    static WorkflowDraft read(Optional<SourceNode> document, String defaultName, ParamOverrides overrides,
                              Problems problems) {
        return read(document, Optional.empty(), defaultName, overrides, problems);
    }

    /** As {@link #read(Optional, String, ParamOverrides, Problems)} for a document whose tasks {@code streamed} read. */
    static WorkflowDraft read(Optional<SourceNode> document, Optional<TaskStream> streamed, String defaultName,
                              ParamOverrides overrides, Problems problems) {
        if (document.isEmpty() || !(document.get() instanceof Mapping root)) {
            document.ifPresent(n -> problems.add(n.location(), "", "a workflow is a map with the keys "
                    + String.join(", ", KEYS) + "; found " + n.describe(), ""));
            Map<String, Value> params = overrides.applyTo(Map.of(), problems);
            return new WorkflowDraft(defaultName, params, Optional.empty(), Optional.empty(), List.of());
        }
        TaskTemplate.reportUnknownKeys(root, KEYS, "workflow", problems);
        String name = root.get("name").flatMap(n -> name(n, problems)).orElse(defaultName);
        Map<String, Value> declared = root.get("params").map(n -> ParamValues.readDeclarations(n, problems))
                .orElse(Map.of());
        Map<String, Value> params = overrides.applyTo(declared, problems);
        List<TaskTemplate> tasks = streamed.isPresent()
                ? bind(streamed.get().templates(problems), ((Mapping) root.get("tasks").orElseThrow()).keys(), problems)
                : readTasks(root, params.keySet(), problems);
        if (root.complete() && root.get("tasks").isEmpty()) {
            problems.add(root.location(), "workflow", "declares no tasks", "add 'tasks:' with at least one task");
        }
        Optional<SweepPlan> sweep = root.get("sweep").flatMap(n -> SweepPlan.read(n, params.keySet(), problems));
        Optional<String> schedule = root.get("schedule").flatMap(n -> schedule(n, problems));
        return new WorkflowDraft(name, params, sweep, schedule, tasks);
    }

    /** The tasks of a document whose params are {@code params} (the declared names). */
    static List<TaskTemplate> readTasks(SourceNode document, Set<String> params, Problems problems) {
        if (!(document instanceof Mapping root) || root.get("tasks").isEmpty()) {
            return List.of();
        }
        Optional<Mapping> tasks = TaskTemplate.mapOrNothing(root.get("tasks").get(), "workflow", "tasks", problems);
        if (tasks.isEmpty()) {
            return List.of();
        }
        Set<String> ids = tasks.get().keys();
        return problems.inHalves(tasks.get().entries(), (half, found) -> {
            List<TaskTemplate> out = new ArrayList<>(half.size());
            for (Entry e : half) {
                Optional<TaskTemplate> read = TaskTemplate.read(e, params, found);
                if (read.isPresent()) {
                    out.add(read.get().bind(ids, found));
                }
            }
            return out;
        });
    }

    /** The templates with their inputs bound to the tasks {@code ids}. */
    private static List<TaskTemplate> bind(List<TaskTemplate> templates, Set<String> ids, Problems problems) {
        return problems.inHalves(templates, (half, found) -> {
            List<TaskTemplate> out = new ArrayList<>(half.size());
            for (TaskTemplate t : half) {
                out.add(t.bind(ids, found));
            }
            return out;
        });
    }

    private static Optional<String> name(SourceNode node, Problems problems) {
        if (node instanceof Scalar s && s.isString() && !s.text().isBlank()) {
            return Optional.of(s.text());
        }
        problems.add(node.location(), "workflow", "'name' must be a non-empty string, found " + node.describe(), "");
        return Optional.empty();
    }

    private static Optional<String> schedule(SourceNode node, Problems problems) {
        Optional<Mapping> map = TaskTemplate.mapOrNothing(node, "schedule", "schedule", problems);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        TaskTemplate.reportUnknownKeys(map.get(), SCHEDULE_KEYS, "schedule", problems);
        Optional<SourceNode> cron = map.get().get("cron");
        if (cron.isEmpty()) {
            problems.add(node.location(), "schedule", "has no 'cron'", "write cron: \"0 0 3 * * ?\" (Quartz syntax)");
            return Optional.empty();
        }
        if (cron.get() instanceof Scalar s && s.isString() && !s.text().isBlank()) {
            return Optional.of(s.text().trim());
        }
        problems.add(cron.get().location(), "schedule", "'cron' must be a Quartz cron string, found "
                + cron.get().describe(), "e.g. \"0 0 3 * * ?\" runs at 03:00 every day");
        return Optional.empty();
    }
}
