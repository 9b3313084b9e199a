package org.cortexflow.engine.run;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.cache.Digest;
import org.cortexflow.cache.FileDigester;
import org.cortexflow.cache.IndexDatabase;
import org.cortexflow.cache.StoreException;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.PlannedTask;

/**
 * Run records: per run a directory with {@code workflow.json} (the resolved workflow),
 * {@code trace.jsonl} (one line per task) and {@code summary.json}, plus the same facts in the
 * store's index database for {@code runs ls} and {@code explain}.
 */
public final class RunHistory {

    /** Generators only: an ObjectMapper's start was a twentieth of a cached rerun. */
    private static final JsonFactory JSON = new JsonFactory();
    /** What a task id may not keep in its log file's name (compiled once: a run names a log per task). */
    private static final Pattern UNSAFE_IN_LOG_NAMES = Pattern.compile("[^A-Za-z0-9._=,-]");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ContentStore store;

    public RunHistory(ContentStore store) {
        this.store = store;
        store.index().transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS runs (
                          id TEXT PRIMARY KEY, workflow TEXT NOT NULL, source TEXT NOT NULL, started INTEGER NOT NULL,
                          ended INTEGER, status TEXT NOT NULL, ran INTEGER DEFAULT 0, cached INTEGER DEFAULT 0,
                          failed INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0, wall_ms INTEGER DEFAULT 0, dir TEXT NOT NULL)""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS executions (
                          run_id TEXT NOT NULL, workflow TEXT NOT NULL, task_id TEXT NOT NULL, type TEXT NOT NULL,
                          key TEXT, status TEXT NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
                          attempts INTEGER NOT NULL, cpus INTEGER NOT NULL, gpus TEXT NOT NULL, peak_rss_kb INTEGER NOT NULL,
                          outputs TEXT NOT NULL, error TEXT NOT NULL, components TEXT)""");
                // one index, on (run, task): a run's rows go to its end, so recording 10,000 tasks touches
                // few pages. An index by (workflow, task) spread each run's rows over the whole table and
                // cost a cached rerun more the longer the history; the last key of a task is found by
                // walking the workflow's runs from the newest instead (see previousKey)
                s.execute("DROP INDEX IF EXISTS executions_by_task");
                s.execute("DROP INDEX IF EXISTS executions_by_run");
                s.execute("CREATE INDEX IF NOT EXISTS executions_by_run_task ON executions(run_id, task_id)");
                s.execute("CREATE INDEX IF NOT EXISTS runs_by_workflow ON runs(workflow, started)");
            }
            return null;
        });
    }

    public Path runsDirectory() {
        return store.root().resolve("runs");
    }

    /** Starts the record of a run: its directory, its resolved workflow, its row. */
    public Recorder begin(Plan plan) {
        Instant now = Instant.now();
        String suffix = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt(0x10000));
        String id = ID_TIME.format(now) + "-" + suffix;
        Path dir = runsDirectory().resolve(id);
        try {
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run record in " + dir, e);
        }
        store.index().transaction(c -> {
            try (PreparedStatement u = c.prepareStatement(
                    "INSERT INTO runs(id,workflow,source,started,status,dir) VALUES(?,?,?,?,?,?)")) {
                u.setString(1, id);
                u.setString(2, plan.workflow().name());
                u.setString(3, plan.workflow().source());
                u.setLong(4, now.toEpochMilli());
                u.setString(5, "running");
                u.setString(6, dir.toString());
                return u.executeUpdate();
            }
        });
        Recorder recorder = new Recorder(id, plan.workflow().name(), dir);
        recorder.inBackground(() -> {
            try {
                resolvedWorkflow(plan, dir.resolve("workflow.json"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the run record in " + dir, e);
            }
        });
        return recorder;
    }

    /**
     * Writes the workflow as run into {@code file}. A plan with an identity is the same workflow
     * every time, so it is written once into the store ({@code STORE/memo/IDENTITY.workflow.json})
     * and hard-linked into each run's record (10,000 tasks: a tenth of a second of every rerun).
     */
    private void resolvedWorkflow(Plan plan, Path file) throws IOException {
        if (plan.identity().isEmpty()) {
            writeResolvedWorkflow(plan, file);
            return;
        }
        Path shared = RunMemo.resolvedWorkflow(store, plan.identity().get());
        try {
            Files.createLink(file, shared);
            return;
        } catch (IOException | UnsupportedOperationException notYet) {
            // none yet, or this file system has no hard links: written below
        }
        writeResolvedWorkflow(plan, file);
        RunMemo.share(file, shared);
    }

    /** The workflow as run, written field by field (a 10,000-task workflow as maps cost 0.1 s). */
    private static void writeResolvedWorkflow(Plan plan, Path file) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("name", plan.workflow().name());
            g.writeStringField("source", plan.workflow().source());
            g.writeFieldName("params");
            writePlain(g, plan.workflow().params());
            g.writeArrayFieldStart("variants");
            for (Map<String, Value> v : plan.workflow().variants()) {
                writePlain(g, v);
            }
            g.writeEndArray();
            if (plan.workflow().schedule().isPresent()) {
                g.writeStringField("schedule", plan.workflow().schedule().get());
            }
            g.writeObjectFieldStart("tasks");
            for (PlannedTask t : plan.tasks().values()) {
                g.writeObjectFieldStart(t.id());
                g.writeStringField("uses", t.type().name());
                g.writeStringField("version", t.type().version());
                g.writeObjectFieldStart("in");
                for (var in : t.spec().inputs().entrySet()) {
                    g.writeStringField(in.getKey(), in.getValue().toString());
                }
                g.writeEndObject();
                g.writeFieldName("with");
                writePlain(g, t.params());
                g.writeStringField("resources", t.spec().resources().display());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static void writePlain(JsonGenerator g, Map<String, Value> values) throws IOException {
        g.writeStartObject();
        for (var v : values.entrySet()) {
            g.writeFieldName(v.getKey());
            writePlain(g, v.getValue().plain());
        }
        g.writeEndObject();
    }

    /** A {@link Value#plain()} value: String, Long, Double, Boolean, List or Map. */
    private static void writePlain(JsonGenerator g, Object plain) throws IOException {
        if (plain instanceof String s) {
            g.writeString(s);
        } else if (plain instanceof Long n) {
            g.writeNumber(n);
        } else if (plain instanceof Double d) {
            g.writeNumber(d);
        } else if (plain instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (plain instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writePlain(g, item);
            }
            g.writeEndArray();
        } else if (plain instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (var e : map.entrySet()) {
                g.writeFieldName(e.getKey().toString());
                writePlain(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeObject(plain);
        }
    }

    private record Recorded(TaskResult result, Optional<String> components) {
    }

    /** Writes one run's trace and rows. Thread-safe. */
    public final class Recorder implements AutoCloseable {
        private final String runId;
        private final String workflow;
        private final Path dir;
        private final BufferedWriter trace;
        /** Writes the trace's lines into {@link #trace}. */
        private final JsonGenerator line;
        private final List<Recorded> pending = new ArrayList<>();
        private long formattedMillis = Long.MIN_VALUE;
        private String formatted;
        private long lastFlush = System.currentTimeMillis();
        /**
         * Writes index rows and the resolved workflow while the run goes on, in the order given: a
         * cached rerun of 10,000 tasks spent a third of its time waiting for these.
         */
        private final ExecutorService writer = daemon("cortexflow-record");
        /** Inserts the index rows the writer hands on: trace lines and rows are written side by side. */
        private final ExecutorService inserter = daemon("cortexflow-record-rows");
        private Future<?> lastWrite = CompletableFuture.completedFuture(null);
        /** Set by the writer thread only; once the writer is done, no later insert comes. */
        private volatile Future<?> lastInsert = CompletableFuture.completedFuture(null);
        private volatile RuntimeException writeFailure;
        /**
         * The inserter's connection, opened on first use: with its own connection the inserts do
         * not wait for the run's index lookups, nor these for them (SQLite's WAL lets one
         * connection write while others read).
         */
        private IndexDatabase rowsIndex;

        private static ExecutorService daemon(String name) {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }

        private Recorder(String runId, String workflow, Path dir) {
            this.runId = runId;
            this.workflow = workflow;
            this.dir = dir;
            try {
                this.trace = Files.newBufferedWriter(dir.resolve("trace.jsonl"), StandardCharsets.UTF_8);
                this.line = JSON.createGenerator(trace).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String runId() {
            return runId;
        }

        /** ISO-8601 to the millisecond; tasks found in the cache finish many to a millisecond. */
        private String instant(Instant t) {
            long millis = t.toEpochMilli();
            if (millis != formattedMillis) {
                formattedMillis = millis;
                formatted = Instant.ofEpochMilli(millis).toString();
            }
            return formatted;
        }

        public Path directory() {
            return dir;
        }

        public Path logFile(String taskId) {
            return dir.resolve("logs").resolve(UNSAFE_IN_LOG_NAMES.matcher(taskId).replaceAll("_") + ".log");
        }

        public synchronized void record(TaskResult r, Optional<String> components) {
            pending.add(new Recorded(r, components));
            if (pending.size() >= 2000 || System.currentTimeMillis() - lastFlush > 1000) {
                flush();
            }
        }

        /**
         * Hands the tasks recorded so far to the writer, which writes their trace lines and index
         * rows, so a killed run leaves what it finished on record.
         */
        public synchronized void flush() {
            lastFlush = System.currentTimeMillis();
            if (pending.isEmpty()) {
                return;
            }
            List<Recorded> batch = new ArrayList<>(pending);
            pending.clear();
            inBackground(() -> write(batch));
        }

        /** On the writer thread: the trace lines; their index rows go to the inserter. */
        private void write(List<Recorded> batch) {
            List<Object[]> rows = new ArrayList<>(batch.size());
            try {
                for (Recorded each : batch) {
                    rows.add(writeLine(each.result(), each.components()));
                }
                line.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lastInsert = inserter.submit(() -> failureKept(() -> insert(rows)));
        }

        /** Writes one trace line field by field (a map per line cost more than the rest of a cached task); returns its row. */
        private Object[] writeLine(TaskResult r, Optional<String> components) throws IOException {
            StringBuilder outs = new StringBuilder("{");
            JsonGenerator g = line;
            g.writeStartObject();
            g.writeStringField("task", r.taskId());
            g.writeStringField("type", r.type());
            g.writeStringField("status", r.status().label());
            g.writeBooleanField("cached", r.status() == TaskStatus.CACHED);
            g.writeStringField("key", r.key().map(Digest::hex).orElse(null));
            g.writeStringField("start", instant(r.start()));
            g.writeStringField("end", instant(r.end()));
            g.writeNumberField("duration_ms", r.millis());
            g.writeNumberField("attempts", r.attempts());
            g.writeNumberField("cpus", r.cpus());
            g.writeArrayFieldStart("gpus");
            for (String gpu : r.gpus()) {
                g.writeString(gpu);
            }
            g.writeEndArray();
            if (r.peakRssKb() > 0) {
                g.writeNumberField("peak_rss_kb", r.peakRssKb());
            }
            g.writeObjectFieldStart("outputs");
            for (var o : r.outputs().entrySet()) {
                g.writeStringField(o.getKey(), o.getValue().hex());
                outs.append(outs.length() > 1 ? ", " : "").append(o.getKey()).append('=').append(o.getValue().hex());
            }
            g.writeEndObject();
            if (!r.error().isEmpty()) {
                g.writeStringField("error", r.error());
            }
            if (r.keptSandbox().isPresent()) {
                g.writeStringField("sandbox", r.keptSandbox().get().toString());
            }
            g.writeEndObject();
            g.writeRaw('\n');
            outs.append('}');
            return new Object[] {runId, workflow, r.taskId(), r.type(), r.key().map(Digest::hex).orElse(null),
                    r.status().label(), r.start().toEpochMilli(), r.end().toEpochMilli(), r.attempts(), r.cpus(),
                    String.join(",", r.gpus()), r.peakRssKb(), outs.toString(), r.error(), components.orElse(null)};
        }

        /** Runs {@code write} on the record's writer thread; a failure surfaces at {@link #finish}. */
        private synchronized void inBackground(Runnable write) {
            lastWrite = writer.submit(() -> failureKept(write));
        }

        private void failureKept(Runnable write) {
            try {
                write.run();
            } catch (RuntimeException e) {
                if (writeFailure == null) {
                    writeFailure = e;
                }
            }
        }

        /** Waits until everything handed to the writer is written; throws what failed. */
        private void awaitWrites() {
            try {
                lastWrite.get(); // one thread, in order: the last one done means all are
                lastInsert.get(); // and with it, every insert has been handed on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the run record", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            if (writeFailure != null) {
                throw writeFailure;
            }
        }

        /** On the inserter thread: the rows, through its own connection to the index. */
        private void insert(List<Object[]> rows) {
            if (rowsIndex == null) {
                rowsIndex = store.openIndexConnection();
            }
            rowsIndex.transaction(c -> {
                try (PreparedStatement u = c.prepareStatement("""
                        INSERT INTO executions(run_id,workflow,task_id,type,key,status,start_ms,end_ms,attempts,cpus,gpus,
                          peak_rss_kb,outputs,error,components) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")) {
                    for (Object[] row : rows) {
                        for (int i = 0; i < row.length; i++) {
                            u.setObject(i + 1, row[i]);
                        }
                        u.addBatch();
                    }
                    return u.executeBatch();
                }
            });
        }

        public synchronized void finish(RunSummary s) {
            flush();
            awaitWrites();
            try (JsonGenerator g = JSON.createGenerator(dir.resolve("summary.json").toFile(), JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeStringField("run", s.runId());
                g.writeStringField("workflow", s.workflow());
                g.writeStringField("status", s.status());
                g.writeNumberField("ran", s.ran());
                g.writeNumberField("cached", s.cached());
                g.writeNumberField("failed", s.failed());
                g.writeNumberField("skipped", s.skipped());
                g.writeNumberField("wall_ms", s.wall().toMillis());
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store.index().transaction(c -> {
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE runs SET ended=?, status=?, ran=?, cached=?, failed=?, skipped=?, wall_ms=? WHERE id=?")) {
                    u.setLong(1, System.currentTimeMillis());
                    u.setString(2, s.status());
                    u.setInt(3, s.ran());
                    u.setInt(4, s.cached());
                    u.setInt(5, s.failed());
                    u.setInt(6, s.skipped());
                    u.setLong(7, s.wall().toMillis());
                    u.setString(8, runId);
                    return u.executeUpdate();
                }
            });
        }

        @Override
        public synchronized void close() {
            try {
                flush();
                awaitWrites();
            } catch (RuntimeException e) {
                // closing on an error path: the run's own error is what matters
            } finally {
                for (ExecutorService thread : List.of(writer, inserter)) { // the writer hands work to the inserter
                    thread.shutdown();
                    try {
                        thread.awaitTermination(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (rowsIndex != null) {
                    rowsIndex.close();
                }
                try {
                    line.close();
                    trace.close();
                } catch (IOException e) {
                    // as above
                }
            }
        }
    }

    /** A run as listed by {@code runs ls}. */
    public record RunRow(String id, String workflow, String source, Instant started, Optional<Instant> ended, String status,
                         int ran, int cached, int failed, int skipped, long wallMs, Path directory) {
    }

    /** One task of a past run, as shown by {@code runs show}. */
    public record ExecutionRow(String taskId, String type, Optional<String> key, String status, Instant start, Instant end,
                               int attempts, int cpus, String gpus, long peakRssKb, String outputs, String error) {
    }

    public List<RunRow> runs(int limit) {
        return store.index().read(c -> {
            List<RunRow> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM runs ORDER BY started DESC LIMIT ?")) {
                q.setInt(1, limit);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(runRow(r));
                    }
                }
            }
            return out;
        });
    }

    public Optional<RunRow> run(String idOrPrefix) {
        return store.index().read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM runs WHERE id LIKE ? ORDER BY started DESC")) {
                q.setString(1, idOrPrefix.replace("%", "") + "%");
                try (ResultSet r = q.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<RunRow>empty();
                    }
                    RunRow row = runRow(r);
                    return r.next() ? Optional.<RunRow>empty() : Optional.of(row); // ambiguous prefix
                }
            }
        });
    }

    public List<ExecutionRow> executions(String runId) {
        return store.index().read(c -> {
            List<ExecutionRow> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM executions WHERE run_id=? ORDER BY start_ms, task_id")) {
                q.setString(1, runId);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        out.add(new ExecutionRow(r.getString("task_id"), r.getString("type"),
                                Optional.ofNullable(r.getString("key")), r.getString("status"),
                                Instant.ofEpochMilli(r.getLong("start_ms")), Instant.ofEpochMilli(r.getLong("end_ms")),
                                r.getInt("attempts"), r.getInt("cpus"), r.getString("gpus"), r.getLong("peak_rss_kb"),
                                r.getString("outputs"), r.getString("error")));
                    }
                }
            }
            return out;
        });
    }

    /** The key and key components of a task's last successful execution in workflow {@code workflow}. */
    public record PreviousKey(Digest key, Optional<String> components, String runId) {
    }

    public Optional<PreviousKey> previousKey(String workflow, String taskId) {
        return store.index().read(c -> {
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT e.key, e.run_id, COALESCE(e.components, n.components) AS components
                    FROM runs r JOIN executions e ON e.run_id = r.id AND e.task_id = ?
                    LEFT JOIN entries n ON n.key = e.key
                    WHERE r.workflow = ? AND e.status IN ('ran','cached') AND e.key IS NOT NULL
                    ORDER BY r.started DESC LIMIT 1""")) {
                q.setString(1, taskId);
                q.setString(2, workflow);
                try (ResultSet r = q.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<PreviousKey>empty();
                    }
                    return Optional.of(new PreviousKey(new Digest(r.getString(1)), Optional.ofNullable(r.getString(3)),
                            r.getString(2)));
                }
            }
        });
    }

    /** Keys produced or used by the {@code n} most recent runs, for {@code cache gc --keep-runs}. */
    public Set<Digest> keysOfRecentRuns(int n) {
        return store.index().read(c -> {
            Set<Digest> keys = new LinkedHashSet<>();
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT DISTINCT key FROM executions WHERE key IS NOT NULL AND run_id IN
                      (SELECT id FROM runs ORDER BY started DESC LIMIT ?)""")) {
                q.setInt(1, n);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        keys.add(new Digest(r.getString(1)));
                    }
                }
            }
            return keys;
        });
    }

    /** What {@link #prune} removed. */
    public record Pruned(int runs, long taskRecords, long bytes, int kept) {
    }

    /**
     * Forgets all but the {@code keep} most recent runs: their rows, their task rows and their
     * record directories. Runs that have not ended (still going, or killed) are kept whatever
     * their age: another process may be writing them. Cache entries are not touched ({@code cache
     * gc --keep-runs} counts only the runs still recorded).
     */
    public Pruned prune(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one run");
        }
        record Doomed(String id, Path dir) {
        }
        List<Doomed> doomed = new ArrayList<>();
        long[] taskRecords = {0};
        int[] kept = {0};
        store.index().transaction(c -> {
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT id, dir FROM runs WHERE ended IS NOT NULL AND ended > 0 AND id NOT IN
                      (SELECT id FROM runs ORDER BY started DESC, id DESC LIMIT ?)""")) {
                q.setInt(1, keep);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        doomed.add(new Doomed(r.getString(1), Path.of(r.getString(2))));
                    }
                }
            }
            try (PreparedStatement e = c.prepareStatement("DELETE FROM executions WHERE run_id=?");
                 PreparedStatement d = c.prepareStatement("DELETE FROM runs WHERE id=?")) {
                for (Doomed run : doomed) {
                    e.setString(1, run.id());
                    taskRecords[0] += e.executeUpdate();
                    d.setString(1, run.id());
                    d.executeUpdate();
                }
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM runs")) {
                kept[0] = r.next() ? r.getInt(1) : 0;
            }
            return null;
        });
        long bytes = 0;
        for (Doomed run : doomed) {
            // only a directory under this store's runs/ is removed: the row names it
            if (run.dir().toAbsolutePath().normalize().startsWith(runsDirectory().toAbsolutePath().normalize())
                    && Files.isDirectory(run.dir())) {
                try {
                    bytes += FileDigester.treeSize(run.dir());
                    ContentStore.deleteTree(run.dir());
                } catch (IOException | UncheckedIOException ex) {
                    throw new StoreException("cannot remove the run record " + run.dir() + ": " + ex.getMessage(),
                            "check permissions of " + runsDirectory());
                }
            }
        }
        return new Pruned(doomed.size(), taskRecords[0], bytes, kept[0]);
    }

    private static RunRow runRow(ResultSet r) throws java.sql.SQLException {
        long ended = r.getLong("ended");
        return new RunRow(r.getString("id"), r.getString("workflow"), r.getString("source"),
                Instant.ofEpochMilli(r.getLong("started")), r.wasNull() || ended == 0 ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(ended)), r.getString("status"), r.getInt("ran"), r.getInt("cached"),
                r.getInt("failed"), r.getInt("skipped"), r.getLong("wall_ms"), Path.of(r.getString("dir")));
    }
}
