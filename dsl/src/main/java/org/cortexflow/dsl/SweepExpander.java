package org.cortexflow.dsl;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cortexflow.engine.model.FrozenMap;
import org.cortexflow.engine.model.Halves;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.OnError;
import org.cortexflow.engine.model.Resources;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.Value;

/**
 * Merges the tasks of every sweep variant into one workflow, so that a step computes once when it
 * is the same in all variants. Two tasks with the same id are the same step when their structural
 * identity matches: type, params, resources, retry, on_error, timeout and, for each input, the
 * identity of the upstream task and the output used. Identities are interned as small numbers
 * (equal shapes get equal numbers), not hashed: a sweep of 100,000 tasks computes one per task.
 *
 * <p>An id with one identity keeps its name. Otherwise each distinct version is named
 * {@code id[k=v,...]} after the swept params that tell the versions apart.
 */
final class SweepExpander {

    /**
     * The identity-relevant parts of a task with its inputs resolved to upstream identities. Its
     * equality is written out, as {@link Input}'s: a record's is linked through method handles, which
     * C1-compiled code calls slowly, and a sweep interns one shape per task of every variant.
     */
    private record Shape(String type, Map<String, Value> params, Resources resources, int retry, OnError onError,
                         Optional<Duration> timeout, Map<String, Input> inputs) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Shape s && type.equals(s.type) && params.equals(s.params) && resources.equals(s.resources)
                    && retry == s.retry && onError == s.onError && timeout.equals(s.timeout) && inputs.equals(s.inputs);
        }

        @Override
        public int hashCode() {
            int h = type.hashCode();
            h = 31 * h + params.hashCode();
            h = 31 * h + resources.hashCode();
            h = 31 * h + retry;
            h = 31 * h + onError.hashCode();
            h = 31 * h + timeout.hashCode();
            return 31 * h + inputs.hashCode();
        }
    }

    /** An input as identity sees it: the upstream's identity (-1 when unresolved) and the output used. */
    private record Input(int upstream, String unresolved, String output) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Input i && upstream == i.upstream && unresolved.equals(i.unresolved) && output.equals(i.output);
        }

        @Override
        public int hashCode() {
            return (31 * upstream + unresolved.hashCode()) * 31 + output.hashCode();
        }
    }

    /** One distinct version of a task id and the variants it serves. */
    private static final class Version {
        final TaskSpec spec;
        /** The upstream version key (id + identity) of each input, as seen in the first variant. */
        final Map<String, Integer> upstream;
        final List<Integer> variants = new ArrayList<>();
        String name;

        Version(TaskSpec spec, Map<String, Integer> upstream) {
            this.spec = spec;
            this.upstream = upstream;
        }
    }

    private final List<String> swept;
    private final List<Map<String, Value>> variants;
    /** Interned identities: most task shapes recur in many variants. */
    private final Map<Shape, Integer> identities = new HashMap<>();
    /** Versions by id and identity, ids in the order first seen. */
    private final Map<String, Map<Integer, Version>> versions = new LinkedHashMap<>();

    /**
     * @param swept the swept params in declaration order
     * @param variants the values of the swept params in each variant
     */
    SweepExpander(List<String> swept, List<Map<String, Value>> variants) {
        this.swept = swept;
        this.variants = variants;
    }

    /** Adds the tasks of variant {@code index}, ids unique. */
    void add(int index, List<TaskSpec> tasks) {
        Map<String, TaskSpec> byId = new HashMap<>(tasks.size() * 2);
        for (TaskSpec t : tasks) {
            byId.put(t.id(), t);
        }
        Map<String, Integer> identity = identify(tasks, byId);
        for (TaskSpec t : tasks) {
            Integer d = identity.get(t.id());
            Version v = versions.computeIfAbsent(t.id(), k -> new LinkedHashMap<>(4)).get(d);
            if (v == null) {
                Map<String, Integer> upstream = new HashMap<>();
                for (Map.Entry<String, InputRef> in : t.inputs().entrySet()) {
                    Integer up = identity.get(in.getValue().task());
                    if (up != null) {
                        upstream.put(in.getKey(), up);
                    }
                }
                v = new Version(t, upstream);
                versions.get(t.id()).put(d, v);
            }
            v.variants.add(index);
        }
    }

    /**
     * The merged tasks: ids in the order first seen, each id's versions in the order first seen.
     * Naming the versions and building their tasks take each a few hundred ms in a sweep of 100,000
     * tasks; both are split in two halves, the second on another core.
     */
    Map<String, TaskSpec> result() {
        List<Version> all = new ArrayList<>();
        List<Collection<Version>> first = new ArrayList<>();
        List<Collection<Version>> second = new ArrayList<>();
        int firstCount = 0;
        for (Map<Integer, Version> ofId : versions.values()) {
            all.addAll(ofId.values());
            // each id to the half with fewer versions so far: ids' version counts differ widely
            if (firstCount <= all.size() - firstCount - ofId.size()) {
                first.add(ofId.values());
                firstCount += ofId.size();
            } else {
                second.add(ofId.values());
            }
        }
        if (Halves.worthIt(all)) {
            Halves.both(() -> nameAll(first), () -> nameAll(second));
        } else {
            nameAll(first);
            nameAll(second);
        }
        int mid = all.size() / 2;
        List<TaskSpec> specs = Halves.worthIt(all)
                ? Halves.both(() -> tasks(all.subList(0, mid)), () -> tasks(all.subList(mid, all.size())))
                : tasks(all);
        FrozenMap.Builder<String, TaskSpec> out = FrozenMap.builder(specs.size());
        for (TaskSpec t : specs) {
            out.put(t.id(), t);
        }
        return out.build();
    }

    private List<Void> nameAll(List<Collection<Version>> ids) {
        for (Collection<Version> ofId : ids) {
            name(ofId);
        }
        return List.of();
    }

    /** The tasks of named versions, their inputs bound to the versions of the tasks upstream. */
    private List<TaskSpec> tasks(List<Version> named) {
        List<TaskSpec> out = new ArrayList<>(named.size());
        for (Version v : named) {
            Map<String, InputRef> inputs = new LinkedHashMap<>();
            for (Map.Entry<String, InputRef> in : v.spec.inputs().entrySet()) {
                String name = in.getKey();
                InputRef ref = in.getValue();
                if (ref.gathers()) {
                    gather(name, ref, inputs);
                    continue;
                }
                Integer up = v.upstream.get(name);
                Map<Integer, Version> upVersions = versions.get(ref.task());
                Version target = up == null || upVersions == null ? null : upVersions.get(up);
                inputs.put(name, target == null ? ref : new InputRef(target.name, ref.output()));
            }
            TaskSpec s = v.spec;
            out.add(new TaskSpec(v.name, s.type(), inputs, s.params(), s.resources(), s.retry(), s.onError(),
                    s.timeout(), s.where()));
        }
        return out;
    }

    /**
     * Binds a gathering input ({@code id[*]}) to every version of {@code id}: one input per version,
     * named after it ({@code NAME[lambda=0,seed=1]}), or the plain name when there is one version.
     */
    private void gather(String name, InputRef ref, Map<String, InputRef> inputs) {
        String id = ref.gatheredTask();
        Map<Integer, Version> all = versions.get(id);
        if (all == null) {
            inputs.put(name, ref.to(id)); // no such task: the planner reports it
            return;
        }
        for (Version g : all.values()) {
            inputs.put(all.size() == 1 ? name : name + g.name.substring(id.length()), ref.to(g.name));
        }
    }

    /** Names the versions of one id after the swept params that tell them apart. */
    private void name(Collection<Version> ofId) {
        List<Version> list = new ArrayList<>(ofId);
        String id = list.get(0).spec.id();
        if (list.size() == 1) {
            list.get(0).name = id;
            return;
        }
        List<String> telling = new ArrayList<>();
        for (String param : swept) {
            if (tellsApart(param, list)) {
                telling.add(param);
            }
        }
        if (!assignNames(id, list, telling)) {
            // no param is constant within each version (zip pairs, a condition in a script):
            // name each version after the first variant it serves, and number it if even that repeats
            List<String> differing = new ArrayList<>();
            for (String param : swept) {
                Set<Value> seen = new HashSet<>();
                list.forEach(v -> seen.add(variants.get(v.variants.get(0)).get(param)));
                if (seen.size() > 1) {
                    differing.add(param);
                }
            }
            if (!assignNames(id, list, differing)) {
                for (int i = 0; i < list.size(); i++) {
                    list.get(i).name = suffix(list.get(i), differing, new StringBuilder(id).append('['))
                            .append(differing.isEmpty() ? "" : ",").append('#').append(i + 1).append(']').toString();
                }
            }
        }
    }

    /** A param tells versions apart when it is constant within each version and not the same for all. */
    private boolean tellsApart(String param, List<Version> list) {
        Set<Value> across = new HashSet<>();
        for (Version v : list) {
            Value first = variants.get(v.variants.get(0)).get(param);
            for (int index : v.variants) {
                if (!variants.get(index).get(param).equals(first)) {
                    return false;
                }
            }
            across.add(first);
        }
        return across.size() > 1;
    }

    private boolean assignNames(String id, List<Version> list, List<String> params) {
        Set<String> names = new HashSet<>();
        for (Version v : list) {
            v.name = suffix(v, params, new StringBuilder(id.length() + 16).append(id).append('[')).append(']').toString();
            if (params.isEmpty() || !names.add(v.name)) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code k=v,...} of {@code params} in the first variant {@code v} serves to {@code name}. */
    private StringBuilder suffix(Version v, List<String> params, StringBuilder name) {
        Map<String, Value> values = variants.get(v.variants.get(0));
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            name.append(i == 0 ? "" : ",").append(p).append('=').append(values.get(p).display());
        }
        return name;
    }

    /**
     * The identity of every task of one variant. Upstream first, without recursion: a chain of
     * 100,000 tasks must not overflow the stack. Cycles are left to the engine's validator; here a
     * cycle only has to terminate.
     */
    private Map<String, Integer> identify(List<TaskSpec> tasks, Map<String, TaskSpec> byId) {
        Map<String, Integer> done = new HashMap<>(tasks.size() * 2);
        Set<String> inProgress = new HashSet<>();
        Deque<TaskSpec> stack = new ArrayDeque<>();
        Deque<Iterator<InputRef>> pending = new ArrayDeque<>();
        for (TaskSpec root : tasks) {
            if (done.containsKey(root.id())) {
                continue;
            }
            stack.push(root);
            pending.push(root.inputs().values().iterator());
            inProgress.add(root.id());
            while (!stack.isEmpty()) {
                Iterator<InputRef> inputs = pending.peek();
                TaskSpec next = null;
                while (next == null && inputs.hasNext()) {
                    TaskSpec up = byId.get(inputs.next().task());
                    if (up != null && !done.containsKey(up.id()) && !inProgress.contains(up.id())) {
                        next = up;
                    }
                }
                if (next != null) {
                    stack.push(next);
                    pending.push(next.inputs().values().iterator());
                    inProgress.add(next.id());
                    continue;
                }
                TaskSpec t = stack.pop();
                pending.pop();
                inProgress.remove(t.id());
                done.put(t.id(), identity(t, done));
            }
        }
        return done;
    }

    private Integer identity(TaskSpec t, Map<String, Integer> done) {
        Map<String, Input> inputs = new HashMap<>();
        for (Map.Entry<String, InputRef> in : t.inputs().entrySet()) {
            InputRef ref = in.getValue();
            Integer up = done.get(ref.task());
            // an upstream that is missing or part of a cycle is identified by its name alone
            inputs.put(in.getKey(), up != null ? new Input(up, "", ref.output().orElse(""))
                    : new Input(-1, ref.task(), ref.output().orElse("")));
        }
        Shape shape = new Shape(t.type(), t.params(), t.resources(), t.retry(), t.onError(), t.timeout(), inputs);
        Integer known = identities.get(shape);
        if (known == null) {
            known = identities.size();
            identities.put(shape, known);
        }
        return known;
    }
}
