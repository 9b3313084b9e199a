package org.cortexflow.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.cache.Digest;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.PlannedTask;

/**
 * Run records: per run a directory with {@code workflow.json} (the resolved workflow),
 * {@code trace.jsonl} (one line per task) and {@code summary.json}, plus the same facts in the
 * store's index database for {@code runs ls} and {@code explain}.
 */
public final class RunHistory {

    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
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
                s.execute("CREATE INDEX IF NOT EXISTS executions_by_task ON executions(workflow, task_id, end_ms)");
                s.execute("CREATE INDEX IF NOT EXISTS executions_by_run ON executions(run_id)");
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
        String id = ID_TIME.format(now) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        Path dir = runsDirectory().resolve(id);
        try {
            Files.createDirectories(dir.resolve("logs"));
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("workflow.json").toFile(), resolvedWorkflow(plan));
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
        return new Recorder(id, plan.workflow().name(), dir);
    }

    private static Map<String, Object> resolvedWorkflow(Plan plan) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("name", plan.workflow().name());
        w.put("source", plan.workflow().source());
        Map<String, Object> params = new LinkedHashMap<>();
        plan.workflow().params().forEach((k, v) -> params.put(k, v.plain()));
        w.put("params", params);
        List<Object> variants = new ArrayList<>();
        for (Map<String, Value> v : plan.workflow().variants()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.forEach((k, x) -> m.put(k, x.plain()));
            variants.add(m);
        }
        w.put("variants", variants);
        plan.workflow().schedule().ifPresent(s -> w.put("schedule", s));
        Map<String, Object> tasks = new LinkedHashMap<>();
        for (PlannedTask t : plan.tasks().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uses", t.type().name());
            m.put("version", t.type().version());
            Map<String, Object> in = new LinkedHashMap<>();
            t.spec().inputs().forEach((k, v) -> in.put(k, v.toString()));
            m.put("in", in);
            Map<String, Object> with = new LinkedHashMap<>();
            t.params().forEach((k, v) -> with.put(k, v.plain()));
            m.put("with", with);
            m.put("resources", t.spec().resources().display());
            tasks.put(t.id(), m);
        }
        w.put("tasks", tasks);
        return w;
    }

    /** Writes one run's trace and rows. Thread-safe. */
    public final class Recorder implements AutoCloseable {
        private final String runId;
        private final String workflow;
        private final Path dir;
        private final BufferedWriter trace;
        private final List<Object[]> pending = new ArrayList<>();
        private long lastFlush = System.currentTimeMillis();

        private Recorder(String runId, String workflow, Path dir) {
            this.runId = runId;
            this.workflow = workflow;
            this.dir = dir;
            try {
                this.trace = Files.newBufferedWriter(dir.resolve("trace.jsonl"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String runId() {
            return runId;
        }

        public Path directory() {
            return dir;
        }

        public Path logFile(String taskId) {
            return dir.resolve("logs").resolve(taskId.replaceAll("[^A-Za-z0-9._=,-]", "_") + ".log");
        }

        public synchronized void record(TaskResult r, Optional<String> components) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("task", r.taskId());
            line.put("type", r.type());
            line.put("status", r.status().label());
            line.put("cached", r.status() == TaskStatus.CACHED);
            line.put("key", r.key().map(Digest::hex).orElse(null));
            line.put("start", r.start().toString());
            line.put("end", r.end().toString());
            line.put("duration_ms", r.millis());
            line.put("attempts", r.attempts());
            line.put("cpus", r.cpus());
            line.put("gpus", r.gpus());
            if (r.peakRssKb() > 0) {
                line.put("peak_rss_kb", r.peakRssKb());
            }
            Map<String, String> outs = new LinkedHashMap<>();
            r.outputs().forEach((k, v) -> outs.put(k, v.hex()));
            line.put("outputs", outs);
            if (!r.error().isEmpty()) {
                line.put("error", r.error());
            }
            r.keptSandbox().ifPresent(p -> line.put("sandbox", p.toString()));
            try {
                trace.write(JSON.writeValueAsString(line));
                trace.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pending.add(new Object[] {runId, workflow, r.taskId(), r.type(), r.key().map(Digest::hex).orElse(null),
                    r.status().label(), r.start().toEpochMilli(), r.end().toEpochMilli(), r.attempts(), r.cpus(),
                    String.join(",", r.gpus()), r.peakRssKb(), outs.toString(), r.error(), components.orElse(null)});
            if (pending.size() >= 2000 || System.currentTimeMillis() - lastFlush > 1000) {
                flush();
            }
        }

        /** Writes buffered rows and trace lines, so a killed run leaves what it finished on record. */
        public synchronized void flush() {
            try {
                trace.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lastFlush = System.currentTimeMillis();
            if (pending.isEmpty()) {
                return;
            }
            List<Object[]> rows = new ArrayList<>(pending);
            pending.clear();
            store.index().transaction(c -> {
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
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", s.runId());
            m.put("workflow", s.workflow());
            m.put("status", s.status());
            m.put("ran", s.ran());
            m.put("cached", s.cached());
            m.put("failed", s.failed());
            m.put("skipped", s.skipped());
            m.put("wall_ms", s.wall().toMillis());
            try {
                JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("summary.json").toFile(), m);
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
                trace.close();
            } catch (IOException | RuntimeException e) {
                // closing on an error path: the run's own error is what matters
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
                    FROM executions e LEFT JOIN entries n ON n.key = e.key
                    WHERE e.workflow=? AND e.task_id=? AND e.status IN ('ran','cached') AND e.key IS NOT NULL
                    ORDER BY e.end_ms DESC LIMIT 1""")) {
                q.setString(1, workflow);
                q.setString(2, taskId);
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

    private static RunRow runRow(ResultSet r) throws java.sql.SQLException {
        long ended = r.getLong("ended");
        return new RunRow(r.getString("id"), r.getString("workflow"), r.getString("source"),
                Instant.ofEpochMilli(r.getLong("started")), r.wasNull() || ended == 0 ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(ended)), r.getString("status"), r.getInt("ran"), r.getInt("cached"),
                r.getInt("failed"), r.getInt("skipped"), r.getLong("wall_ms"), Path.of(r.getString("dir")));
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
