package org.cortexflow.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.engine.model.Futures;
import org.cortexflow.engine.model.Value;

/**
 * Reads the tasks of a YAML or JSON workflow into templates on a second core while the file is
 * still being parsed: the parser hands each task over as soon as it is closed, and its source tree
 * is garbage once read. A generated workflow of 100,000 tasks is then parsed and read at the same
 * time, and never holds the source trees of all its tasks at once.
 *
 * <p>The tasks are read against the params declared before them. When the document declares its
 * params after its tasks, or merges tasks in with a YAML merge key, the caller reads it again
 * without a stream ({@link #incomplete}).
 */
final class TaskStream implements YamlTreeReader.TaskSink {

    /** Tasks handed over at a time: one hand-over per task would cost more than reading a small one. */
    private static final int BATCH = 1_024;
    private static final List<Entry> END = List.of();

    private final LinkedBlockingQueue<List<Entry>> queue = new LinkedBlockingQueue<>();
    /** What the reading thread found; added to the workflow's problems by {@link #templates}. */
    private final Problems found = new Problems();
    private List<Entry> batch = new ArrayList<>(BATCH);
    private CompletableFuture<List<TaskTemplate>> read;

    @Override
    public void begin(List<Entry> before) {
        Map<String, Value> declared = Map.of();
        for (Entry e : before) {
            if (e.key().equals("params")) {
                // the document reader reports this block's problems; here only its names matter
                declared = ParamValues.readDeclarations(e.value(), new Problems());
            }
        }
        Set<String> params = declared.keySet();
        read = Futures.start("cortexflow-task-reader", () -> readAll(params));
    }

    @Override
    public void accept(Entry task) {
        batch.add(task);
        if (batch.size() == BATCH) {
            queue.add(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    @Override
    public void end() {
        if (!batch.isEmpty()) {
            queue.add(batch);
        }
        queue.add(END);
    }

    /** Whether the parser met a tasks map and handed its tasks over. */
    boolean begun() {
        return read != null;
    }

    /**
     * Whether the tasks handed over are not all of {@code document}'s tasks as they should be read:
     * when it declares params after its tasks (they were read without them), or merges tasks into its
     * tasks map ({@code <<: *tasks}, which stay in the tree).
     */
    static boolean incomplete(SourceNode document) {
        if (!(document instanceof SourceNode.Mapping root)) {
            return false;
        }
        boolean tasksSeen = false;
        for (Entry e : root.entries()) {
            if (e.key().equals("tasks")) {
                tasksSeen = true;
                if (e.value() instanceof SourceNode.Mapping tasks) {
                    for (Entry task : tasks.entries()) {
                        if (task.value() != YamlTreeReader.TAKEN) {
                            return true;
                        }
                    }
                }
            }
            if (tasksSeen && e.key().equals("params")) {
                return true;
            }
        }
        return false;
    }

    /** The templates of the tasks read, in file order, once the last is read; their problems go to {@code problems}. */
    List<TaskTemplate> templates(Problems problems) {
        List<TaskTemplate> out = Futures.join(read);
        problems.addAll(found);
        return out;
    }

    private List<TaskTemplate> readAll(Set<String> params) {
        List<TaskTemplate> out = new ArrayList<>();
        for (List<Entry> tasks = next(); tasks != END; tasks = next()) {
            for (Entry task : tasks) {
                Optional<TaskTemplate> read = TaskTemplate.read(task, params, found);
                if (read.isPresent()) {
                    out.add(read.get());
                }
            }
        }
        return out;
    }

    private List<Entry> next() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading tasks", e);
        }
    }
}
