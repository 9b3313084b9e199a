package org.cortexflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.engine.model.Units;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.run.RunHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "runs", description = "The run history.",
        subcommands = {RunsCommand.Ls.class, RunsCommand.Show.class, RunsCommand.Gc.class})
final class RunsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() {
        System.out.println("usage: cortexflow runs ls|show ID|gc --keep N (see --help)");
        return Main.INVALID;
    }

    static Map<String, Object> json(RunHistory.RunRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("workflow", r.workflow());
        m.put("source", r.source());
        m.put("started", r.started().toString());
        m.put("ended", r.ended().map(Object::toString).orElse(null));
        m.put("status", r.ended().isPresent() ? r.status() : "incomplete");
        m.put("ran", r.ran());
        m.put("cached", r.cached());
        m.put("failed", r.failed());
        m.put("skipped", r.skipped());
        m.put("wall_ms", r.wallMs());
        m.put("record", r.directory().toString());
        return m;
    }

    @Command(name = "ls", description = "Recent runs, newest first.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        HostOptions host;

        @Option(names = "--json", description = "JSON for scripts")
        boolean json;

        @Option(names = {"-n", "--limit"}, description = "how many (default: ${DEFAULT-VALUE})")
        int limit = 20;

        @Override
        public Integer call() throws Exception {
            try (ContentStore store = host.openStore()) {
                List<RunHistory.RunRow> runs = new RunHistory(store).runs(limit);
                if (json) {
                    List<Object> out = new ArrayList<>();
                    runs.forEach(r -> out.add(RunsCommand.json(r)));
                    System.out.println(JSON.writeValueAsString(out));
                    return 0;
                }
                System.out.printf("%-25s  %-14s  %-19s  %-10s  %5s %6s %6s %7s  %s%n", "run", "workflow", "started", "status",
                        "ran", "cached", "failed", "skipped", "wall");
                for (RunHistory.RunRow r : runs) {
                    System.out.printf("%-25s  %-14s  %-19s  %-10s  %5d %6d %6d %7d  %.2f s%n", r.id(), r.workflow(),
                            TIME.format(r.started()), r.ended().isPresent() ? r.status() : "incomplete", r.ran(), r.cached(),
                            r.failed(), r.skipped(), r.wallMs() / 1000.0);
                }
            }
            return 0;
        }
    }

    @Command(name = "show", description = "One run: every task with status, key, times and resources.")
    static final class Show implements Callable<Integer> {
        @Mixin
        HostOptions host;

        @Parameters(index = "0", paramLabel = "ID", description = "run id or a unique prefix")
        String id;

        @Option(names = "--json", description = "JSON for scripts")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (ContentStore store = host.openStore()) {
                RunHistory history = new RunHistory(store);
                RunHistory.RunRow run = history.run(id).orElseThrow(() -> new UserError("no run (or more than one) matches '"
                        + id + "'", "`cortexflow runs ls` lists the runs"));
                List<RunHistory.ExecutionRow> tasks = history.executions(run.id());
                if (json) {
                    Map<String, Object> m = RunsCommand.json(run);
                    List<Object> list = new ArrayList<>();
                    for (RunHistory.ExecutionRow e : tasks) {
                        Map<String, Object> t = new LinkedHashMap<>();
                        t.put("task", e.taskId());
                        t.put("type", e.type());
                        t.put("status", e.status());
                        t.put("key", e.key().orElse(null));
                        t.put("start", e.start().toString());
                        t.put("end", e.end().toString());
                        t.put("duration_ms", e.end().toEpochMilli() - e.start().toEpochMilli());
                        t.put("attempts", e.attempts());
                        t.put("cpus", e.cpus());
                        t.put("gpus", e.gpus());
                        t.put("peak_rss_kb", e.peakRssKb());
                        t.put("error", e.error());
                        list.add(t);
                    }
                    m.put("tasks", list);
                    System.out.println(JSON.writeValueAsString(m));
                    return 0;
                }
                Map<String, Object> m = RunsCommand.json(run);
                m.forEach((k, v) -> System.out.printf("%-9s %s%n", k + ":", v));
                System.out.printf("%n%-30s  %-12s  %-8s  %-12s  %9s  %s%n", "task", "type", "status", "key", "time", "error");
                for (RunHistory.ExecutionRow e : tasks) {
                    System.out.printf("%-30s  %-12s  %-8s  %-12s  %7d ms  %s%n", e.taskId(), e.type(), e.status(),
                            e.key().map(k -> k.substring(0, 12)).orElse("-"), e.end().toEpochMilli() - e.start().toEpochMilli(),
                            e.error());
                }
            }
            return 0;
        }
    }

    @Command(name = "gc", description = "Forget all but the N most recent runs: their task records and record directories (runs not ended are kept).")
    static final class Gc implements Callable<Integer> {
        @Mixin
        HostOptions host;

        @Option(names = "--keep", paramLabel = "N", required = true, description = "how many of the most recent runs to keep (1 or more)")
        int keep;

        @Override
        public Integer call() {
            if (keep < 1) {
                throw new UserError("--keep must be 1 or more", "e.g. cortexflow runs gc --keep 100");
            }
            try (ContentStore store = host.openStore()) {
                RunHistory.Pruned p = new RunHistory(store).prune(keep);
                System.out.printf("removed %d runs (%d task records, %s of records), kept %d%n", p.runs(), p.taskRecords(),
                        Units.formatSize(p.bytes()), p.kept());
            }
            return 0;
        }
    }
}
