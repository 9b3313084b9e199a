package org.cortexflow.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.cortexflow.cache.Digest;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.run.RunListener;
import org.cortexflow.engine.run.RunSummary;
import org.cortexflow.engine.run.TaskResult;
import org.cortexflow.engine.run.TaskStatus;

/**
 * Shows a run on the terminal: a line per task that runs, fails or is skipped (cached tasks
 * individually while there are few of them), a bar for the whole run when the output is a
 * terminal, the summary, and where the final tasks' artifacts are.
 */
final class TerminalProgress implements RunListener {

    private static final int CACHED_LINES = 20;
    /** Final tasks (no task depends on them) whose artifact directory the summary lists. */
    private static final int FINAL_LINES = 10;

    private final PrintStream out;
    private final boolean quiet;
    private final boolean terminal;
    private ProgressBar bar;
    private int done;
    private int cachedShown;
    private int cachedHidden;
    private int ran;
    private int cached;
    private int failed;
    private final Function<Digest, Path> entryDirectory;
    private Set<String> finalTasks = Set.of();
    private final Map<String, Path> finalArtifacts = new TreeMap<>();

    /** @param entryDirectory where the store keeps the artifact of a task key */
    TerminalProgress(PrintStream out, boolean quiet, Function<Digest, Path> entryDirectory) {
        this.entryDirectory = entryDirectory;
        this.out = out;
        this.quiet = quiet;
        this.terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void planned(Plan plan, String runId) {
        finalTasks = new HashSet<>();
        for (String id : plan.tasks().keySet()) {
            if (plan.downstream(id).isEmpty()) {
                finalTasks.add(id);
            }
        }
        if (!quiet) {
            out.printf("%s: %d tasks, run %s%n", plan.workflow().name(), plan.tasks().size(), runId);
        }
        if (terminal && !quiet) {
            bar = new ProgressBarBuilder().setTaskName(plan.workflow().name()).setInitialMax(plan.tasks().size())
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).continuousUpdate().hideEta().build();
        }
    }

    @Override
    public void started(String taskId, int attempt) {
        line("  run     " + taskId);
    }

    @Override
    public void retrying(String taskId, int attempt, String error) {
        line("  retry   " + taskId + " (attempt " + attempt + "): " + error);
    }

    @Override
    public void finished(TaskResult r) {
        done++;
        if (finalTasks.contains(r.taskId()) && (r.status() == TaskStatus.RAN || r.status() == TaskStatus.CACHED)) {
            r.key().ifPresent(k -> finalArtifacts.put(r.taskId(), entryDirectory.apply(k)));
        }
        switch (r.status()) {
            case RAN -> {
                ran++;
                line(String.format(Locale.ROOT, "  done    %s (%s)", r.taskId(), seconds(r.millis())));
            }
            case CACHED -> {
                cached++;
                if (cachedShown < CACHED_LINES) {
                    cachedShown++;
                    line("  cached  " + r.taskId());
                } else {
                    cachedHidden++;
                }
            }
            case FAILED -> {
                failed++;
                StringBuilder sb = new StringBuilder("  FAILED  " + r.taskId() + ": " + r.error());
                if (!r.logTail().isEmpty()) {
                    sb.append("\n          last lines of ").append(r.log().map(Object::toString).orElse("its log")).append(':');
                    r.logTail().forEach(l -> sb.append("\n          | ").append(l));
                }
                r.keptSandbox().ifPresent(p -> sb.append("\n          sandbox kept at ").append(p));
                lineAlways(sb.toString());
            }
            case SKIPPED -> line("  skipped " + r.taskId() + ": " + r.error());
            default -> throw new IllegalStateException();
        }
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(" ran " + ran + " cached " + cached + " failed " + failed); // per task: no formatter
        }
    }

    @Override
    public void completed(RunSummary s) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (cachedHidden > 0 && !quiet) {
            out.printf("  ... and %d more cached%n", cachedHidden);
        }
        out.printf(Locale.ROOT, "%s %s: %d ran, %d cached, %d failed, %d skipped in %s%n", s.succeeded() ? "ok" : s.status().toUpperCase(Locale.ROOT),
                s.workflow(), s.ran(), s.cached(), s.failed(), s.skipped(), seconds(s.wall().toMillis()));
        int shown = 0;
        for (Map.Entry<String, Path> e : finalArtifacts.entrySet()) {
            if (shown++ == FINAL_LINES) {
                out.printf("  ... and %d more final tasks (cortexflow runs show %s)%n", finalArtifacts.size() - FINAL_LINES, s.runId());
                break;
            }
            out.printf("  %s: %s%n", e.getKey(), e.getValue());
        }
        out.printf("record: %s%n", s.recordDirectory());
        out.flush();
    }

    private void line(String text) {
        if (!quiet) {
            lineAlways(text);
        }
    }

    private void lineAlways(String text) {
        if (bar != null) {
            out.print("\r\033[K");
        }
        out.println(text);
        if (bar != null) {
            bar.refresh();
        }
    }

    private static String seconds(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }
}
