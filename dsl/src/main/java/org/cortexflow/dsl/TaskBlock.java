package org.cortexflow.dsl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.engine.model.Location;

/**
 * The delegate of a Groovy {@code task('id', uses: 'type') { ... }} block. Each command sets the
 * YAML key of the same name; {@code input} stands for YAML's {@code in}, a Groovy keyword.
 * Repeated {@code input}, {@code with} and {@code resources} calls add to one map.
 */
public final class TaskBlock {

    private static final List<String> MAP_KEYS = List.of("in", "with", "resources");

    private final String subject;
    private final Location taskLocation;
    private final ScriptLines lines;
    private final Problems problems;
    private final ParamView params;
    /** Key to a SourceNode, or to BlockEntries for the keys that hold maps; in the order first given. */
    private final Map<String, Object> parts = new LinkedHashMap<>();

    /** @param params the workflow's params, as the script sees them */
    TaskBlock(String taskId, Location taskLocation, ScriptLines lines, Problems problems, ParamView params) {
        this.subject = "task '" + taskId + "'";
        this.taskLocation = taskLocation;
        this.lines = lines;
        this.problems = problems;
        this.params = params;
    }

    /**
     * The delegate of a task block's closure, typed: compiled task blocks call their commands on
     * it directly ({@link DirectCalls}). Public for that reason only.
     */
    public static TaskBlock of(Object delegate) {
        return (TaskBlock) delegate;
    }

    /**
     * {@code params.NAME} inside the block, as in the script. Found here first: the block is its
     * commands' delegate, and a property the delegate lacks is looked for by throwing and catching
     * an exception before the script is asked (a tenth of a 100,000-task Groovy sweep).
     */
    public ParamView getParams() {
        return params;
    }

    /** The named arguments of {@code task(...)}: {@code uses}, and any other task key. */
    void options(Map<?, ?> options) {
        // loops, not forEach with a lambda: C1 calls a capturing lambda through a method handle
        for (Map.Entry<?, ?> option : options.entrySet()) {
            Object k = option.getKey();
            String key = "input".equals(k) ? "in" : ScriptValues.text(k);
            if (MAP_KEYS.contains(key) && option.getValue() instanceof Map<?, ?> map) {
                addMap(key, map, taskLocation);
            } else {
                setOnce(key, option.getValue(), taskLocation);
            }
        }
    }

    /** The task type: {@code uses 'shell'} (usually given as {@code task('id', uses: 'shell')}). */
    public void uses(Object type) {
        setOnce("uses", type, lines.caller());
    }

    /** Binds inputs to upstream tasks: {@code input eeg: 'read', model: 'train.model'}. */
    public void input(Map<String, ?> inputs) {
        addMap("in", inputs, lines.caller());
    }

    /** Task parameters: {@code with lowpass: 40, command: 'cat ${in.a}/x.txt'}. */
    public void with(Map<String, ?> params) {
        addMap("with", params, lines.caller());
    }

    /** {@code resources cpus: 2, memory: '8G', gpu: 1} ({@code gpu: 'optional'} or {@code [count: 2, optional: true]}). */
    public void resources(Map<String, ?> resources) {
        addMap("resources", resources, lines.caller());
    }

    /** How many times to rerun the task after it fails. */
    public void retry(Object times) {
        setOnce("retry", times, lines.caller());
    }

    /** {@code 'terminate'}, {@code 'finish'} or {@code 'ignore'}: what a failure does to the run. */
    public void on_error(Object mode) {
        setOnce("on_error", mode, lines.caller());
    }

    /** The longest the task may run, e.g. {@code '10m'}. */
    public void timeout(Object duration) {
        setOnce("timeout", duration, lines.caller());
    }

    private void setOnce(String key, Object value, Location at) {
        if (parts.containsKey(key)) {
            problems.add(at, subject, "'" + key + "' is given twice", "");
            return;
        }
        parts.put(key, ScriptValues.node(value, at, subject + ", " + key, problems));
    }

    private void addMap(String key, Map<?, ?> values, Location at) {
        Object existing = parts.get(key);
        if (existing != null && !(existing instanceof BlockEntries)) {
            problems.add(at, subject, "'" + key + "' is given twice", "");
            return;
        }
        BlockEntries entries = existing == null ? new BlockEntries(at) : (BlockEntries) existing;
        parts.put(key, entries);
        String what = key.equals("in") ? "input" : key.equals("with") ? "parameter" : "resource";
        entries.addAll(values, at, subject, what, problems);
    }

    /**
     * The task as a document node.
     *
     * @param complete false when the block threw; the task is then skipped, its id still known
     */
    Mapping toMapping(boolean complete) {
        List<Entry> entries = new java.util.ArrayList<>(parts.size());
        for (Map.Entry<String, Object> part : parts.entrySet()) {
            SourceNode node = part.getValue() instanceof BlockEntries b ? b.toMapping() : (SourceNode) part.getValue();
            entries.add(new Entry(part.getKey(), node.location(), node));
        }
        return new Mapping(entries, taskLocation, complete);
    }
}
