package org.cortexflow.dsl;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.model.FrozenMap;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.model.Workflow;

/**
 * Turns a YAML ({@code .yaml}, {@code .yml}, or JSON {@code .json}) or Groovy ({@code .groovy}) workflow file into the
 * engine's {@link Workflow}. Both front ends build the same intermediate document, so equivalent
 * files give identical workflows. The DSL reference is docs/dsl.md.
 */
public final class WorkflowLoader {

    private WorkflowLoader() {
    }

    /**
     * Starts, on another core, the one-time set-up that loading {@code file} will need and that
     * cannot overlap with anything once loading has begun (for a Groovy script, part of the compiler's).
     * Call it as early as the file is known.
     */
    public static void prepare(String file) {
        if (file.endsWith(".groovy")) {
            GroovyWorkflowSource.warmUp();
        }
    }

    /**
     * Loads a workflow file by its extension. Never throws for a mistake in the file or the
     * overrides: every problem found is in the result, with the file, line and column it concerns.
     *
     * @param paramOverrides {@code --param NAME=VALUE} pairs; each value is read like a YAML value
     * @param expandSweep whether to expand the sweep block into one task per distinct step of every
     *     variant; when false the sweep is only checked and the tasks use the params' values
     */
    public static Loaded load(Path file, Map<String, String> paramOverrides, boolean expandSweep) {
        return load(file, null, paramOverrides, expandSweep);
    }

    /** As {@link #load(Path, Map, boolean)} for the file's text when it was read already; null reads it. */
    static Loaded load(Path file, String text, Map<String, String> paramOverrides, boolean expandSweep) {
        Problems problems = new Problems();
        return load(file, open(file, text, problems), paramOverrides, expandSweep, problems);
    }

    /** As {@link #load(Path, Map, boolean)} for a source opened already; empty when it could not be, with the problems. */
    static Loaded load(Path file, Optional<WorkflowSource> source, Map<String, String> paramOverrides,
                               boolean expandSweep, Problems problems) {
        String path = file.toString();
        String fileName = fileName(file);
        String defaultName = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        ParamOverrides overrides = ParamOverrides.parse(paramOverrides);
        if (source.isEmpty()) {
            Map<String, Value> params = overrides.applyTo(Map.of(), problems);
            Workflow empty = new Workflow(defaultName, path, params, Map.of(), List.of(), Optional.empty());
            return new Loaded(empty, problems.sorted());
        }
        WorkflowDraft draft = source.get().draft(defaultName, overrides, problems);

        Map<String, TaskSpec> tasks;
        List<Map<String, Value>> variants = List.of();
        if (expandSweep && draft.sweep().isPresent()) {
            variants = draft.sweep().get().variants();
            tasks = expand(source.get(), draft, overrides, variants, problems);
        } else {
            FrozenMap.Builder<String, TaskSpec> unswept = FrozenMap.builder(draft.tasks().size());
            List<TaskSpec> rendered = problems.inHalves(draft.tasks(), (half, found) -> {
                List<TaskSpec> out = new ArrayList<>(half.size());
                for (TaskSpec t : render(half, draft.params(), found)) {
                    out.add(withoutGathering(t));
                }
                return out;
            });
            rendered.forEach(t -> unswept.put(t.id(), t));
            tasks = unswept.build();
        }
        Workflow workflow = new Workflow(draft.name(), path, draft.params(), tasks, variants, draft.schedule());
        return new Loaded(workflow, problems.sorted());
    }

    private static Map<String, TaskSpec> expand(WorkflowSource source, WorkflowDraft draft, ParamOverrides overrides,
                                                List<Map<String, Value>> variants, Problems problems) {
        SweepExpander expander = new SweepExpander(draft.sweep().get().names(), variants);
        for (int i = 0; i < variants.size(); i++) {
            Map<String, Value> variant = variants.get(i);
            Map<String, Value> params = new HashMap<>(draft.params());
            params.putAll(variant);
            List<TaskTemplate> templates = draft.tasks();
            if (source.dependsOnParams()) {
                Map<String, Value> forced = new LinkedHashMap<>(overrides.values());
                forced.putAll(variant);
                templates = source.variantTasks(forced, draft.params().keySet(), problems);
            }
            expander.add(i, render(templates, params, problems));
        }
        return expander.result();
    }

    /** Without a sweep each task has one version: an input {@code id[*]} is bound to {@code id}. */
    private static TaskSpec withoutGathering(TaskSpec t) {
        boolean gathers = false;
        for (InputRef ref : t.inputs().values()) {
            gathers |= ref.gathers();
        }
        if (!gathers) {
            return t;
        }
        Map<String, InputRef> inputs = new LinkedHashMap<>();
        t.inputs().forEach((name, ref) -> inputs.put(name, ref.gathers() ? ref.to(ref.gatheredTask()) : ref));
        return t.withInputs(inputs);
    }

    private static List<TaskSpec> render(List<TaskTemplate> templates, Map<String, Value> params, Problems problems) {
        List<TaskSpec> out = new ArrayList<>(templates.size());
        for (TaskTemplate t : templates) {
            out.add(t.render(params, problems));
        }
        return out;
    }

    private static String fileName(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    /** The script compiled, or empty with the problems, as {@link #load(Path, Map, boolean)} compiles a Groovy file. */
    static Optional<GroovyWorkflowSource> compile(Path file, String text, Problems problems) {
        return GroovyWorkflowSource.compile(text, fileName(file), file.toString(), problems);
    }

    private static Optional<WorkflowSource> open(Path file, String given, Problems problems) {
        String path = file.toString();
        String fileName = fileName(file);
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean json = lower.endsWith(".json");
        boolean yaml = json || lower.endsWith(".yaml") || lower.endsWith(".yml");
        if (!yaml && !lower.endsWith(".groovy")) {
            problems.add(Location.of(path), "", "cannot tell the workflow language of '" + fileName + "'",
                    "name the file .yaml, .yml, .json or .groovy");
            return Optional.empty();
        }
        String text = given;
        try {
            if (text == null) {
                text = Files.readString(file, StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            problems.add(Location.of(path), "", "no such file", "check the path");
            return Optional.empty();
        } catch (AccessDeniedException e) {
            problems.add(Location.of(path), "", "cannot read the file: permission denied", "");
            return Optional.empty();
        } catch (MalformedInputException e) {
            problems.add(Location.of(path), "", "the file is not UTF-8 text", "save it as UTF-8");
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Location.of(path), "", "cannot read the file: " + e.getMessage(), "");
            return Optional.empty();
        }
        if (yaml) {
            return Optional.of(new YamlWorkflowSource(text, path, json));
        }
        return compile(file, text, problems).map(s -> s);
    }
}
