package org.cortexflow.dsl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.dsl.SourceNode.Scalar;
import org.cortexflow.engine.model.FrozenMap;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.OnError;
import org.cortexflow.engine.model.Resources;
import org.cortexflow.engine.model.TaskSpec;
import org.cortexflow.engine.model.Units;
import org.cortexflow.engine.model.Value;

/**
 * One task as written, checked for structure, with its values parsed into templates; {@link #render}
 * turns it into a {@link TaskSpec} for one set of param values. A sweep renders it once per
 * variant, so a rendering is memoized on the values of the params the task refers to.
 *
 * <p>Task types and their parameters are not checked here: the engine's validator knows them.
 */
final class TaskTemplate {

    static final List<String> KEYS = List.of("uses", "in", "with", "resources", "retry", "on_error", "timeout");
    private static final List<String> SETTING_KEYS = List.of("retry", "on_error", "timeout");
    static final List<String> RESOURCE_KEYS = List.of("cpus", "memory", "gpu");
    static final List<String> GPU_KEYS = List.of("count", "optional");

    /** Ids become directory names and sweep ids ({@code train[lambda=0.1]}), so no brackets or spaces. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    /** Common slips that edit distance does not catch. */
    private static final Map<String, String> SYNONYMS = Map.of(
            "input", "in", "inputs", "in", "params", "with", "parameters", "with", "type", "uses",
            "resource", "resources", "retries", "retry", "onerror", "on_error", "on-error", "on_error");

    /**
     * Location keys ({@code param.NAME}, {@code input.NAME}, {@code resources.NAME}) and type names,
     * one string each for every task that uses them: a generated workflow's 100,000 tasks share a
     * handful, and every string kept is one more object for the collector to copy. By prefix, then
     * name; bounded, for a long-running scheduler.
     */
    private static final Map<String, Map<String, String>> SHARED = Map.of("param.", new ConcurrentHashMap<>(),
            "input.", new ConcurrentHashMap<>(), "resources.", new ConcurrentHashMap<>(), "", new ConcurrentHashMap<>());
    private static final int SHARED_LIMIT = 4_096;
    private static final String[] NO_PARAMS = {};

    /**
     * What a value is, for a problem about it: made into text only for a problem. (A class, not a
     * lambda: C1-compiled code makes a capturing lambda through a method handle, several times slower.)
     */
    private record What(String subject, String key, boolean isParameter) implements Supplier<String> {
        @Override
        public String get() {
            return isParameter ? subject + ", parameter '" + key + "'" : subject + ", " + key;
        }
    }

    private final String id;
    private final String type;
    private final Map<String, InputRef> inputs;
    private final Map<String, ValueTemplate> with;
    /** Settings (retry, on_error, timeout, resources.cpus, ...) by key, rendered and checked per variant. */
    private final Map<String, ValueTemplate> settings;
    private final Map<String, Location> where;
    private final String[] referenced;
    /** Renderings by the values of the referenced params; most templates refer to none. */
    private Map<List<Value>, TaskSpec> rendered;
    private TaskSpec constant;

    private TaskTemplate(String id, String type, Map<String, InputRef> inputs, Map<String, ValueTemplate> with,
                         Map<String, ValueTemplate> settings, Map<String, Location> where) {
        this.id = id;
        this.type = type;
        this.inputs = inputs;
        this.with = with;
        this.settings = settings;
        this.where = where;
        String[] refs = NO_PARAMS;
        if (!settings.isEmpty() || !allFixed(with)) {
            Set<String> found = new LinkedHashSet<>();
            with.values().forEach(v -> v.collectParams(found));
            settings.values().forEach(v -> v.collectParams(found));
            refs = found.toArray(NO_PARAMS);
        }
        this.referenced = refs;
    }

    String id() {
        return id;
    }

    private static boolean allFixed(Map<String, ValueTemplate> values) {
        for (ValueTemplate v : values.values()) {
            if (!(v instanceof ValueTemplate.Fixed)) {
                return false;
            }
        }
        return true;
    }

    /** {@code prefix + name}, the one string for it when it is shared already. */
    private static String shared(String prefix, String name) {
        Map<String, String> byName = SHARED.get(prefix);
        String known = byName.get(name);
        if (known != null) {
            return known;
        }
        String made = prefix + name;
        if (byName.size() < SHARED_LIMIT) {
            byName.putIfAbsent(name, made);
        }
        return made;
    }

    /** Same as {@link #ID}, without a regex: generated workflows have 100,000 ids to check. */
    static boolean isValidId(String id) {
        if (id.isEmpty() || id.charAt(0) == '.' || id.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the task {@code entry} of the {@code tasks:} map. Empty, with problems, when the task cannot
     * be used at all (no {@code uses}, not a map); a mistake in one setting is reported and that
     * setting falls back to its default, so the rest of the task is still checked. Its inputs are
     * checked against the other tasks by {@link #bind}, once every task id is known.
     *
     * @param params the declared workflow params
     */
    static Optional<TaskTemplate> read(Entry entry, Set<String> params, Problems problems) {
        String id = entry.key();
        String subject = "task '" + id + "'";
        if (!isValidId(id)) {
            problems.add(entry.keyLocation(), subject, "a task id may only hold letters, digits, '_', '-' and '.'",
                    "rename the task");
            return Optional.empty();
        }
        if (!entry.value().complete()) {
            return Optional.empty(); // cut short by a syntax error, which is reported already
        }
        if (!(entry.value() instanceof Mapping task)) {
            boolean empty = entry.value() instanceof Scalar s && s.kind() == SourceNode.ScalarKind.NULL;
            problems.add(entry.value().location(), subject, empty ? "is empty" : "expected a map of task settings, found "
                    + entry.value().describe(), "a task needs at least 'uses: TYPE'");
            return Optional.empty();
        }
        // one pass over the task's keys: a generated workflow has 100,000 tasks to read
        SourceNode uses = null;
        SourceNode in = null;
        SourceNode withNode = null;
        SourceNode resources = null;
        SourceNode[] settingNodes = new SourceNode[SETTING_KEYS.size()];
        List<Entry> keys = task.entries();
        for (int i = 0; i < keys.size(); i++) {
            Entry e = keys.get(i);
            switch (e.key()) {
                case "uses" -> uses = e.value();
                case "in" -> in = e.value();
                case "with" -> withNode = e.value();
                case "resources" -> resources = e.value();
                default -> {
                    int k = SETTING_KEYS.indexOf(e.key());
                    if (k >= 0) {
                        settingNodes[k] = e.value();
                    } else {
                        reportUnknownKey(e, KEYS, subject, problems);
                    }
                }
            }
        }
        if (uses == null) {
            problems.add(entry.keyLocation(), subject, "has no 'uses'", "say which task type it runs, e.g. 'uses: shell'");
            return Optional.empty();
        }
        Optional<String> type = text(uses, subject, null, problems);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        // a location for the task, its type, and each input, parameter and setting
        FrozenMap.Builder<String, Location> where = FrozenMap.builder(2 + size(in) + size(withNode) + keys.size());
        where.put("task", entry.keyLocation());
        where.put("uses", uses.location());

        Map<String, InputRef> inputs = in == null ? Map.of() : readInputs(in, subject, where, problems);

        FrozenMap.Builder<String, ValueTemplate> with = FrozenMap.builder(size(withNode));
        Optional<Mapping> withMap = withNode == null ? Optional.empty() : mapOrNothing(withNode, subject, "with", problems);
        for (Entry e : withMap.map(Mapping::entries).orElse(List.of())) {
            Optional<ValueTemplate> t = ValueTemplate.of(e.value(), new What(subject, e.key(), true), params,
                    inputs.keySet(), problems);
            if (t.isPresent()) {
                with.put(e.key(), t.get());
                where.put(shared("param.", e.key()), e.value().location());
            }
        }

        FrozenMap.Builder<String, ValueTemplate> settings = FrozenMap.builder(0);
        for (int k = 0; k < settingNodes.length; k++) {
            if (settingNodes[k] != null) {
                setting(SETTING_KEYS.get(k), settingNodes[k], subject, params, settings, where, problems);
            }
        }
        if (resources != null) {
            where.put("resources", resources.location());
            Optional<Mapping> map = mapOrNothing(resources, subject, "resources", problems);
            map.ifPresent(m -> reportUnknownKeys(m, RESOURCE_KEYS, subject + ", resources", problems));
            for (Entry e : map.map(Mapping::entries).orElse(List.of())) {
                if (RESOURCE_KEYS.contains(e.key())) {
                    setting(shared("resources.", e.key()), e.value(), subject, params, settings, where, problems);
                }
            }
        }
        return Optional.of(new TaskTemplate(id, shared("", type.get()), inputs, with.build(), settings.build(), where.build()));
    }

    /** Each input as {@code task} or {@code task.output}; {@link #bind} decides for ids with dots. */
    private static Map<String, InputRef> readInputs(SourceNode node, String subject,
                                                    FrozenMap.Builder<String, Location> where, Problems problems) {
        Optional<Mapping> map = mapOrNothing(node, subject, "in", problems);
        if (map.isEmpty()) {
            return Map.of();
        }
        FrozenMap.Builder<String, InputRef> inputs = FrozenMap.builder(map.get().entries().size());
        for (Entry e : map.get().entries()) {
            Optional<String> upstream = text(e.value(), subject, e.key(), problems);
            if (upstream.isPresent()) {
                inputs.put(e.key(), InputRef.parse(upstream.get()));
                where.put(shared("input.", e.key()), e.value().location());
            }
        }
        return inputs.build();
    }

    /**
     * This task with its inputs bound to the workflow's tasks {@code taskIds}: an input written as a
     * whole id is that task, also when the id has a dot (so {@code a.b} is the task {@code a.b} when
     * there is one, else output {@code b} of {@code a}); an input naming no task is reported.
     */
    TaskTemplate bind(Set<String> taskIds, Problems problems) {
        Map<String, InputRef> bound = null;
        for (Map.Entry<String, InputRef> e : inputs.entrySet()) {
            InputRef ref = e.getValue();
            String written = ref.toString();
            if (ref.output().isPresent() && taskIds.contains(written)) {
                bound = bound == null ? new LinkedHashMap<>(inputs) : bound;
                bound.put(e.getKey(), InputRef.of(written));
            } else if (!taskIds.contains(ref.gatheredTask())) {
                problems.add(where.get("input." + e.getKey()), "task '" + id + "'", "input '" + e.getKey()
                        + "' refers to no task named '" + ref.gatheredTask() + "'",
                        Problems.didYouMean(ref.gatheredTask(), taskIds));
            }
        }
        if (bound == null) {
            return this;
        }
        return new TaskTemplate(id, type, FrozenMap.of(bound), with, settings, where);
    }

    private static void setting(String key, SourceNode node, String subject, Set<String> params,
                                FrozenMap.Builder<String, ValueTemplate> settings, FrozenMap.Builder<String, Location> where,
                                Problems problems) {
        where.put(key, node.location());
        Optional<ValueTemplate> t = ValueTemplate.of(node, new What(subject, key, false), params, Set.of(), problems);
        if (t.isPresent()) {
            settings.put(key, t.get());
        }
    }

    private static int size(SourceNode node) {
        return node instanceof Mapping m ? m.entries().size() : 0;
    }

    /** Reports every key of {@code map} that is not in {@code known}, with a suggestion. */
    static void reportUnknownKeys(Mapping map, List<String> known, String subject, Problems problems) {
        for (int i = 0; i < map.entries().size(); i++) {
            Entry e = map.entries().get(i);
            if (!known.contains(e.key())) {
                reportUnknownKey(e, known, subject, problems);
            }
        }
    }

    /** Reports the key of {@code e}, which is not one of {@code known}, with a suggestion. */
    private static void reportUnknownKey(Entry e, List<String> known, String subject, Problems problems) {
        String hint = Problems.didYouMean(e.key(), known);
        String synonym = SYNONYMS.get(e.key().toLowerCase(Locale.ROOT));
        if (hint.isEmpty() && synonym != null && known.contains(synonym)) {
            hint = "did you mean '" + synonym + "'?";
        }
        if (hint.isEmpty()) {
            hint = "expected one of: " + String.join(", ", known);
        }
        problems.add(e.keyLocation(), subject, "unknown key '" + e.key() + "'", hint);
    }

    /** The node as a map; an empty key ({@code with:} and nothing) counts as an empty map. */
    static Optional<Mapping> mapOrNothing(SourceNode node, String subject, String key, Problems problems) {
        if (node instanceof Mapping m) {
            return Optional.of(m);
        }
        if (!(node instanceof Scalar s && s.kind() == SourceNode.ScalarKind.NULL)) {
            problems.add(node.location(), subject, "'" + key + "' must be a map, found " + node.describe(), "");
        }
        return Optional.empty();
    }

    /** The name {@code uses} names, or input {@code input} when that is not null. */
    private static Optional<String> text(SourceNode node, String subject, String input, Problems problems) {
        if (node instanceof Scalar s && s.isString() && !s.text().isBlank()) {
            return Optional.of(s.text());
        }
        String what = input == null ? "uses" : "input '" + input + "'";
        problems.add(node.location(), subject, "'" + what + "' must be a name, found " + node.describe(), "");
        return Optional.empty();
    }

    /** The task with these param values (which hold every declared param); the same object for the same values. */
    TaskSpec render(Map<String, Value> params, Problems problems) {
        if (referenced.length == 0) {
            if (constant == null) {
                constant = build(params, problems);
            }
            return constant;
        }
        List<Value> key = new ArrayList<>(referenced.length);
        for (String name : referenced) {
            key.add(params.get(name));
        }
        if (rendered == null) {
            rendered = new HashMap<>();
        }
        TaskSpec spec = rendered.get(key);
        if (spec == null) {
            spec = build(params, problems);
            rendered.put(key, spec);
        }
        return spec;
    }

    private TaskSpec build(Map<String, Value> params, Problems problems) {
        FrozenMap.Builder<String, Value> values = FrozenMap.builder(with.size());
        for (String key : with.keySet()) {
            values.put(key, with.get(key).render(params));
        }
        if (settings.isEmpty()) {
            // most tasks set none of retry, on_error, timeout and resources: every one its default
            return new TaskSpec(id, type, inputs, values.build(), Resources.DEFAULT, 0, OnError.TERMINATE,
                    Optional.empty(), where);
        }
        String subject = "task '" + id + "'";
        SettingReader settings = new SettingReader(params, subject, problems);
        int retry = settings.read("retry", 0, TaskTemplate::retry);
        OnError onError = settings.read("on_error", OnError.TERMINATE, TaskTemplate::onError);
        Optional<Duration> timeout = settings.read("timeout", Optional.empty(), TaskTemplate::duration);
        int cpus = settings.read("resources.cpus", Resources.DEFAULT.cpus(), TaskTemplate::cpus);
        long memory = settings.read("resources.memory", Resources.DEFAULT.memoryBytes(), TaskTemplate::memory);
        Resources gpu = settings.read("resources.gpu", Resources.DEFAULT, v -> gpu(v, subject, problems));
        Resources resources = new Resources(cpus, memory, gpu.gpus(), gpu.gpuOptional());
        resources = resources.equals(Resources.DEFAULT) ? Resources.DEFAULT : resources;
        return new TaskSpec(id, type, inputs, values.build(), resources, retry, onError, timeout, where);
    }

    /** Why a setting's value was refused: what was expected. */
    private static final class Refused extends Exception {
        Refused(String expected) {
            super(expected, null, false, false);
        }
    }

    private interface SettingParser<T> {
        T parse(Value v) throws Refused;
    }

    /** Renders settings and reports the ones that are not what their key expects. */
    private final class SettingReader {
        private final Map<String, Value> params;
        private final String subject;
        private final Problems problems;

        SettingReader(Map<String, Value> params, String subject, Problems problems) {
            this.params = params;
            this.subject = subject;
            this.problems = problems;
        }

        <T> T read(String key, T fallback, SettingParser<T> parser) {
            ValueTemplate template = settings.get(key);
            if (template == null) {
                return fallback;
            }
            Value v = template.render(params);
            try {
                return parser.parse(v);
            } catch (Refused r) {
                problems.add(where.get(key), subject, "'" + key + "' must be " + r.getMessage() + ", found "
                        + v.kind() + " '" + v.display() + "'", "");
                return fallback;
            }
        }
    }

    private static int retry(Value v) throws Refused {
        long n = integer(v).orElse(-1L);
        if (n < 0 || n > 1_000) {
            throw new Refused("a whole number of retries from 0 to 1000");
        }
        return (int) n;
    }

    private static OnError onError(Value v) throws Refused {
        if (v instanceof Value.Text t) {
            for (OnError e : OnError.values()) {
                if (e.name().equalsIgnoreCase(t.value().trim())) {
                    return e;
                }
            }
        }
        throw new Refused("one of terminate, finish, ignore");
    }

    private static Optional<Duration> duration(Value v) throws Refused {
        if (v instanceof Value.Time t && !t.value().isNegative() && !t.value().isZero()) {
            return Optional.of(t.value());
        }
        if (v instanceof Value.Text t) {
            Optional<Duration> d = Units.parseDuration(t.value());
            if (d.isPresent() && !d.get().isZero()) {
                return d;
            }
        }
        throw new Refused("a duration with a unit, e.g. 90s, 10m, 2h");
    }

    private static int cpus(Value v) throws Refused {
        long n = integer(v).orElse(-1L);
        if (n < 1 || n > 100_000) {
            throw new Refused("a whole number of CPU slots, at least 1");
        }
        return (int) n;
    }

    private static long memory(Value v) throws Refused {
        if (v instanceof Value.Bytes b) {
            return b.value();
        }
        if (v instanceof Value.Int i && i.value() >= 0) {
            return i.value();
        }
        if (v instanceof Value.Text t) {
            Optional<Long> size = Units.parseSize(t.value());
            if (size.isPresent()) {
                return size.get();
            }
        }
        throw new Refused("a size, e.g. 512M, 8G (a bare number is bytes)");
    }

    /** {@code gpu: N}, {@code gpu: optional} (one, or none when none is free) or {@code gpu: {count: N, optional: true}}. */
    private Resources gpu(Value v, String subject, Problems problems) throws Refused {
        String expected = "a number of GPUs, 'optional', or {count: N, optional: true}";
        if (v instanceof Value.Text t && t.value().trim().equalsIgnoreCase("optional")) {
            return new Resources(1, 0, 1, true);
        }
        if (v instanceof Value.Fields f) {
            Location at = where.get("resources.gpu");
            for (String key : f.values().keySet()) {
                if (!GPU_KEYS.contains(key)) {
                    problems.add(at, subject, "unknown key '" + key + "' in 'gpu'", Problems.suggestion(key, GPU_KEYS));
                }
            }
            Value count = f.values().getOrDefault("count", new Value.Int(1));
            Value optional = f.values().getOrDefault("optional", new Value.Bool(false));
            if (!(optional instanceof Value.Bool b)) {
                throw new Refused(expected + " (optional is true or false)");
            }
            return new Resources(1, 0, gpuCount(count, expected), b.value());
        }
        return new Resources(1, 0, gpuCount(v, expected), false);
    }

    private static int gpuCount(Value v, String expected) throws Refused {
        long n = integer(v).orElse(-1L);
        if (n < 0 || n > 1_024) {
            throw new Refused(expected);
        }
        return (int) n;
    }

    /** An integer, also when interpolation made it text ("${n}" embedded in a longer string). */
    private static Optional<Long> integer(Value v) {
        if (v instanceof Value.Int i) {
            return Optional.of(i.value());
        }
        if (v instanceof Value.Text t) {
            try {
                return Optional.of(Long.parseLong(t.value().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
