package org.cortexflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.cortexflow.dsl.LoadCache;
import org.cortexflow.dsl.Loaded;
import org.cortexflow.dsl.WorkflowLoader;
import org.cortexflow.engine.model.Futures;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Problem;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.Planner;
import org.cortexflow.engine.spi.TaskRegistry;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A workflow file and what modifies it: parameter overrides and sweep expansion. */
final class WorkflowOptions {

    @Parameters(index = "0", paramLabel = "FILE", description = "workflow file (.yaml, .json or .groovy)")
    Path file;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "override a workflow parameter")
    List<String> params = new ArrayList<>();

    @Option(names = "--sweep", description = "expand the workflow's sweep block into all its variants")
    boolean sweep;

    Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new UserError(new Problem(Location.NONE, "--param " + p, "expected NAME=VALUE", "e.g. --param lambda=0.1"));
            }
            m.put(p.substring(0, eq).trim(), p.substring(eq + 1));
        }
        return m;
    }

    /**
     * The plan, and every problem of the file from both the front end and the planner.
     *
     * @param registry asked for once the file is loaded (it may still be being found: {@link #discovering})
     */
    Planner.Result check(Supplier<TaskRegistry> registry, int hostGpus) {
        return check(registry, hostGpus, Optional.empty());
    }

    /**
     * The task types, found on a thread of their own while the main thread loads the workflow (the
     * search of every jar takes a tenth of a second).
     */
    static Supplier<TaskRegistry> discovering() {
        CompletableFuture<TaskRegistry> found = Futures.start("cortexflow-task-types", TaskRegistry::discover);
        return () -> Futures.join(found);
    }

    /**
     * The plan for running: the loaded file is kept in the store ({@code STORE/workflows}), so an
     * unchanged file is not parsed again (docs/guide.md, "Speed").
     *
     * @param registry asked for once the file is loaded (it may still be being found)
     */
    Plan plan(Supplier<TaskRegistry> registry, int hostGpus, Path store) {
        return check(registry, hostGpus, LoadCache.in(store.resolve("workflows"))).orThrow();
    }

    private Planner.Result check(Supplier<TaskRegistry> registry, int hostGpus, Optional<LoadCache> cache) {
        if (!Files.isRegularFile(file)) {
            return new Planner.Result(Optional.empty(), List.of(new Problem(Location.of(file.toString()), "",
                    "no such workflow file", "workflows live in workflows/; try `ls workflows`")));
        }
        Loaded loaded = cache.isPresent() ? cache.get().load(file, overrides(), sweep)
                : WorkflowLoader.load(file, overrides(), sweep);
        Planner.Result planned = new Planner(registry.get(), hostGpus).plan(loaded.workflow(), loaded.identity());
        if (loaded.problems().isEmpty()) {
            return planned;
        }
        List<Problem> all = new ArrayList<>(loaded.problems());
        // the front end and the planner can both notice one mistake (an input bound to no task):
        // report it once, in the front end's words
        Set<Location> seen = new HashSet<>();
        loaded.problems().forEach(p -> seen.add(p.location()));
        planned.problems().stream().filter(p -> !p.location().known() || !seen.contains(p.location())).forEach(all::add);
        // in file order, whichever side found them (problems without a line, as overrides', first)
        all.sort(Comparator.comparingInt((Problem p) -> p.location().line()).thenComparingInt(p -> p.location().column()));
        return new Planner.Result(Optional.empty(), all);
    }

    Plan plan(Supplier<TaskRegistry> registry, int hostGpus) {
        return check(registry, hostGpus).orThrow();
    }
}
