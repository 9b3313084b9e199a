package org.cortexflow.engine.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.cache.Digest;
import org.cortexflow.cache.Entry;
import org.cortexflow.cache.KeyLock;
import org.cortexflow.cache.StoreException;
import org.cortexflow.engine.model.InputRef;
import org.cortexflow.engine.model.OnError;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.plan.Plan;
import org.cortexflow.engine.plan.PlannedTask;
import org.cortexflow.engine.spi.TaskFailure;

/**
 * Runs a plan: ready tasks start as soon as their resources are free, highest critical path
 * first, with no barrier between sweep variants. A task whose key is in the store completes at
 * once; others run on the executor, in a scratch sandbox moved into the store on success.
 */
public final class WorkflowRun {

    private final Plan plan;
    private final ContentStore store;
    private final RunHistory history;
    private final ResourcePool pool;
    private final Executor executor;
    private final RunListener listener;
    private final KeyBuilder keys;

    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final Map<String, Job> runningJobs = new ConcurrentHashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String cancelReason = "";

    // for the run memo, kept by the scheduler thread: each task's input digests as keyed, and what
    // every task that has an entry found
    private final Map<String, Digest[]> inputsOf = new HashMap<>();
    private final Map<String, RunMemo.Remembered> found = new LinkedHashMap<>();
    private RunMemo memo = RunMemo.NONE;
    private int fromMemo;
    private boolean memoRenewed;

    /** An artifact a finished task produced. */
    private record Output(Path directory, Digest digest) {
    }

    /**
     * A task whose key is known: one that missed the cache waits for resources. Its components are
     * null when the run memo gave its key (such a task is cached, never run).
     */
    private record Staged(PlannedTask task, KeyComponents components, Digest key, Map<String, Path> inputs) {
    }

    /** What a worker reports back to the scheduler thread. */
    private record Completion(Staged staged, TaskResult result, Optional<Entry> entry, ResourcePool.Grant grant,
                              boolean interrupted) {
    }

    public WorkflowRun(Plan plan, ContentStore store, RunHistory history, ResourcePool pool, Executor executor,
                       RunListener listener) {
        this.plan = plan;
        this.store = store;
        this.history = history;
        this.pool = pool;
        this.executor = executor;
        this.listener = listener;
        this.keys = new KeyBuilder(store.digester());
    }

    /** Stops the run from another thread (Ctrl-C): running tasks are killed, nothing new starts. */
    public void cancel(String reason) {
        cancelReason = reason;
        runningJobs.values().forEach(j -> j.cancel(reason));
        completions.add(new Completion(null, null, Optional.empty(), null, true)); // wake the scheduler
    }

    /** Waits for {@link #execute} to have written its record, at most {@code timeout}. */
    public boolean awaitRecorded(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public RunSummary execute() {
        Instant start = Instant.now();
        long generation = plan.identity().isPresent() ? generation() : -1;
        if (generation >= 0) {
            memo = RunMemo.read(store, plan.identity().get(), generation);
        }
        RunHistory.Recorder recorder = history.begin(plan);
        listener.planned(plan, recorder.runId());
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cortexflow-task");
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cortexflow-timeout");
            t.setDaemon(true);
            return t;
        });
        Map<String, Integer> unmet = new HashMap<>();
        Map<String, Map<String, Output>> produced = new HashMap<>();
        Map<String, TaskStatus> status = new HashMap<>();
        Comparator<PlannedTask> byPriority = Comparator.comparingInt(PlannedTask::priority).reversed()
                .thenComparingInt(PlannedTask::order);
        Deque<PlannedTask> ready = new ArrayDeque<>();
        PriorityQueue<Staged> waiting = new PriorityQueue<>(Comparator.comparing(Staged::task, byPriority));
        for (PlannedTask t : plan.tasks().values()) {
            unmet.put(t.id(), t.upstream().size());
        }
        plan.tasks().values().stream().filter(t -> t.upstream().isEmpty()).sorted(byPriority).forEach(ready::add);
        int[] counts = new int[TaskStatus.values().length];
        boolean stopLaunching = false;
        boolean failedRun = false;
        int running = 0;
        try {
            while (true) {
                // tasks whose inputs are known: hit the cache now, or wait for a slot. A wave of
                // ready tasks asks the index once, so a cached rerun costs little per task
                while (!ready.isEmpty()) {
                    List<PlannedTask> tasks = new ArrayList<>(ready.size());
                    List<Map<String, Digest>> digests = new ArrayList<>(ready.size());
                    List<Map<String, Path>> dirs = new ArrayList<>(ready.size());
                    List<RunMemo.Remembered> recalled = new ArrayList<>(ready.size());
                    while (!ready.isEmpty()) {
                        PlannedTask t = ready.poll();
                        if (stopLaunching || !cancelReason.isEmpty()) {
                            continue; // recorded as skipped at the end
                        }
                        Map<String, Digest> inputDigests = new LinkedHashMap<>();
                        Map<String, Path> inputDirs = new LinkedHashMap<>();
                        for (var in : t.spec().inputs().entrySet()) {
                            Output o = produced.get(in.getValue().task()).get(outputName(in.getValue()));
                            inputDigests.put(in.getKey(), o.digest());
                            inputDirs.put(in.getKey(), o.directory());
                        }
                        Digest[] inputs = inputDigests.values().toArray(new Digest[0]);
                        inputsOf.put(t.id(), inputs);
                        tasks.add(t);
                        digests.add(inputDigests);
                        dirs.add(inputDirs);
                        recalled.add(memo.recall(t, inputs));
                    }
                    // keys: from what the last run of this plan found, where its entry is still
                    // there; the others are independent, hashed on every core for a large wave
                    // (with the index lookups, most of what a cached rerun without a memo does)
                    int n = tasks.size();
                    boolean[] present = present(recalled);
                    KeyComponents[] components = new KeyComponents[n];
                    Digest[] waveKeys = new Digest[n];
                    List<Integer> keyed = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        if (present[i]) {
                            waveKeys[i] = recalled.get(i).key();
                        } else {
                            components[i] = keys.components(tasks.get(i), digests.get(i));
                            keyed.add(i);
                        }
                    }
                    (keyed.size() < 64 ? keyed.stream() : keyed.parallelStream())
                            .forEach(i -> waveKeys[i] = components[i].key());
                    Map<Digest, Entry> hits = keyed.isEmpty() ? Map.of()
                            : store.lookupAll(keyed.stream().map(i -> waveKeys[i]).toList());
                    for (int i = 0; i < n; i++) {
                        Staged s = new Staged(tasks.get(i), components[i], waveKeys[i], dirs.get(i));
                        Entry hit = hits.get(s.key());
                        if (present[i]) {
                            hit = store.used(recalled.get(i).entry());
                            fromMemo++;
                            memoRenewed |= hit != recalled.get(i).entry();
                        }
                        if (hit != null) {
                            Instant now = Instant.now();
                            TaskResult r = new TaskResult(s.task().id(), s.task().type().name(), TaskStatus.CACHED,
                                    Optional.of(s.key()), hit.outputs(), now, now, 0, 0, List.of(), 0, "", List.of(),
                                    Optional.empty(), Optional.empty());
                            complete(s.task(), r, hit, produced, status, unmet, ready, byPriority, recorder, counts,
                                    Optional.empty());
                        } else {
                            waiting.add(s);
                        }
                    }
                }
                // start what fits, best first; smaller tasks may pass a big one that does not fit yet.
                // Every task needs a CPU slot, so a full pool ends the scan (else each completion
                // would re-sort every waiting task: quadratic in a 10,000-task run)
                if (!stopLaunching && cancelReason.isEmpty()) {
                    List<Staged> blocked = new ArrayList<>();
                    while (!waiting.isEmpty() && pool.freeCpus() > 0) {
                        Staged s = waiting.poll();
                        Optional<ResourcePool.Grant> grant = pool.tryAcquire(s.task().spec().resources());
                        if (grant.isEmpty()) {
                            blocked.add(s);
                            continue;
                        }
                        running++;
                        listener.started(s.task().id(), 1);
                        ResourcePool.Grant g = grant.get();
                        workers.submit(() -> completions.add(attempt(s, g, recorder, watchdog)));
                    }
                    waiting.addAll(blocked);
                }
                if (running == 0 && (ready.isEmpty() && (waiting.isEmpty() || stopLaunching || !cancelReason.isEmpty()))) {
                    break;
                }
                Completion c = completions.take();
                if (c.staged() == null) {
                    continue; // a wake-up from cancel()
                }
                running--;
                pool.release(c.grant());
                PlannedTask t = c.staged().task();
                if (c.result().status() == TaskStatus.FAILED && c.interrupted()) {
                    TaskResult skipped = withStatus(c.result(), TaskStatus.SKIPPED);
                    complete(t, skipped, null, produced, status, unmet, ready, byPriority, recorder, counts, Optional.empty());
                    continue;
                }
                if (c.result().status() == TaskStatus.FAILED) {
                    failedRun = true;
                    complete(t, c.result(), null, produced, status, unmet, ready, byPriority, recorder, counts, Optional.empty());
                    OnError policy = t.spec().onError();
                    if (policy == OnError.TERMINATE) {
                        stopLaunching = true;
                        runningJobs.values().forEach(j -> j.cancel("stopped: task '" + t.id() + "' failed"));
                    } else if (policy == OnError.FINISH) {
                        stopLaunching = true;
                    }
                    continue;
                }
                complete(t, c.result(), c.entry().orElseThrow(), produced, status, unmet, ready, byPriority, recorder,
                        counts, c.result().status() == TaskStatus.RAN ? Optional.of(c.staged().components().toJson())
                                : Optional.empty());
            }
            // whatever never started: an upstream failed, or the run was stopped
            for (PlannedTask t : plan.tasks().values()) {
                if (!status.containsKey(t.id())) {
                    String why = !cancelReason.isEmpty() ? cancelReason : "not run: an upstream task failed or the run stopped";
                    Instant now = Instant.now();
                    TaskResult r = new TaskResult(t.id(), t.type().name(), TaskStatus.SKIPPED, Optional.empty(), Map.of(),
                            now, now, 0, 0, List.of(), 0, why, List.of(), Optional.empty(), Optional.empty());
                    status.put(t.id(), TaskStatus.SKIPPED);
                    counts[TaskStatus.SKIPPED.ordinal()]++;
                    recorder.record(r, Optional.empty());
                    listener.finished(r);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel("interrupted");
        } finally {
            workers.shutdownNow();
            watchdog.shutdownNow();
        }
        remember(generation);
        String runStatus = !cancelReason.isEmpty() ? "cancelled" : failedRun ? "failed"
                : counts[TaskStatus.SKIPPED.ordinal()] > 0 ? "failed" : "succeeded";
        RunSummary summary = new RunSummary(recorder.runId(), plan.workflow().name(), runStatus,
                counts[TaskStatus.RAN.ordinal()], counts[TaskStatus.CACHED.ordinal()], counts[TaskStatus.FAILED.ordinal()],
                counts[TaskStatus.SKIPPED.ordinal()], Duration.between(start, Instant.now()), recorder.directory());
        try {
            recorder.finish(summary);
        } finally {
            recorder.close();
            finished.countDown();
        }
        listener.completed(summary);
        return summary;
    }

    private void complete(PlannedTask t, TaskResult r, Entry entry, Map<String, Map<String, Output>> produced,
                          Map<String, TaskStatus> status, Map<String, Integer> unmet, Deque<PlannedTask> ready,
                          Comparator<PlannedTask> byPriority, RunHistory.Recorder recorder, int[] counts,
                          Optional<String> components) {
        status.put(t.id(), r.status());
        counts[r.status().ordinal()]++;
        recorder.record(r, components);
        listener.finished(r);
        if (entry == null) {
            return; // failed or skipped: its downstream never becomes ready
        }
        found.put(t.id(), new RunMemo.Remembered(inputsOf.get(t.id()), r.key().orElseThrow(), entry));
        Map<String, Output> outs = new HashMap<>();
        for (PortSpec p : t.type().outputs()) {
            outs.put(p.name(), new Output(entry.outputDirectory(p.name()), entry.outputs().get(p.name())));
        }
        produced.put(t.id(), outs);
        List<PlannedTask> newlyReady = new ArrayList<>();
        for (String down : plan.downstream(t.id())) {
            if (unmet.merge(down, -1, Integer::sum) == 0) {
                newlyReady.add(plan.task(down));
            }
        }
        newlyReady.sort(byPriority);
        newlyReady.forEach(ready::addFirst); // depth first: finish chains before starting new ones
    }

    /** The store's generation, or -1 when it cannot be read (no memo is used then). */
    private long generation() {
        try {
            return store.generation();
        } catch (StoreException e) {
            return -1;
        }
    }

    /** Which of these recalled tasks (null where none) still have their entry's directory. */
    private static boolean[] present(List<RunMemo.Remembered> recalled) {
        boolean[] present = new boolean[recalled.size()];
        // a stat each; on every core for a large wave (a tenth of a cached rerun otherwise)
        java.util.stream.IntStream all = java.util.stream.IntStream.range(0, present.length);
        (present.length < 64 ? all : all.parallel()).forEach(i -> present[i] = recalled.get(i) != null
                && Files.isDirectory(recalled.get(i).entry().directory()));
        return present;
    }

    /**
     * Keeps what this run found for the next run of the same plan, unless the memo already said all
     * of it or the store's entries changed meanwhile (then what was found may be stale already).
     */
    private void remember(long generation) {
        if (generation < 0 || fromMemo == found.size() && fromMemo == memo.size() && !memoRenewed) {
            if (generation >= 0 && fromMemo > 0) {
                RunMemo.used(store, plan.identity().get());
            }
            return;
        }
        if (generation() != generation) {
            return;
        }
        Map<String, RunMemo.Remembered> kept = new LinkedHashMap<>();
        found.forEach((id, r) -> {
            if (!KeyBuilder.readsFiles(plan.task(id))) {
                kept.put(id, r);
            }
        });
        RunMemo.write(store, plan.identity().get(), generation, kept);
    }

    private String outputName(InputRef ref) {
        return ref.output().orElseGet(() -> plan.task(ref.task()).type().outputs().get(0).name());
    }

    /** Runs a staged task with its retries, in a worker thread. Never throws. */
    private Completion attempt(Staged s, ResourcePool.Grant grant, RunHistory.Recorder recorder,
                               ScheduledExecutorService watchdog) {
        PlannedTask t = s.task();
        Instant start = Instant.now();
        Path log = recorder.logFile(t.id());
        int maxAttempts = t.spec().retry() + 1;
        String error = "";
        Path lastSandbox = null;
        long peak = 0;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (!cancelReason.isEmpty()) {
                break;
            }
            Job job = null;
            TaskLog taskLog = new TaskLog(log, "== " + t.id() + " (" + t.type().name() + ") attempt " + attempt + "/"
                    + maxAttempts + " key " + s.key().brief());
            try (KeyLock lock = store.lock(s.key())) {
                Optional<Entry> peer = store.lookup(s.key());
                if (peer.isPresent()) { // another process computed it while we waited for the lock
                    return new Completion(s, new TaskResult(t.id(), t.type().name(), TaskStatus.CACHED, Optional.of(s.key()),
                            peer.get().outputs(), start, Instant.now(), attempt - 1, grant.cpus(), grant.gpus(), 0, "",
                            List.of(), Optional.empty(), Optional.of(log)), peer, grant, false);
                }
                Path sandbox = store.newScratch(t.id());
                if (lastSandbox != null) {
                    ContentStore.deleteTree(lastSandbox); // keep only the last failed attempt
                }
                lastSandbox = sandbox;
                Map<String, Path> outputDirs = new LinkedHashMap<>();
                Map<String, String> outputPaths = new LinkedHashMap<>();
                List<PortSpec> outs = t.type().outputs();
                for (PortSpec p : outs) {
                    String rel = outs.size() == 1 ? "." : p.name();
                    outputDirs.put(p.name(), rel.equals(".") ? sandbox : Files.createDirectories(sandbox.resolve(rel)));
                    outputPaths.put(p.name(), rel);
                }
                taskLog = new TaskLog(log, "== " + t.id() + " (" + t.type().name() + ") attempt " + attempt + "/"
                        + maxAttempts + " key " + s.key().brief() + " sandbox " + sandbox);
                job = new Job(t, s.key(), attempt, s.inputs(), sandbox, outputDirs, grant, taskLog);
                job.useStateDirectory(stateDirectory(s.key()));
                job.runsOn(Thread.currentThread());
                runningJobs.put(t.id(), job);
                if (!cancelReason.isEmpty()) {
                    job.cancel(cancelReason);
                }
                Job timed = job;
                ScheduledFuture<?> timer = t.spec().timeout().map(d -> watchdog.schedule(
                        () -> timed.cancel("timed out after " + org.cortexflow.engine.model.Units.formatDuration(d)),
                        d.toMillis(), TimeUnit.MILLISECONDS)).orElse(null);
                try {
                    executor.run(job);
                } finally {
                    if (timer != null) {
                        timer.cancel(false);
                    }
                    runningJobs.remove(t.id());
                    Thread.interrupted(); // a cancel may have interrupted us after the task returned
                }
                peak = Math.max(peak, job.peakRssKb());
                if (job.cancelled()) {
                    throw new TaskFailure(job.cancelReason());
                }
                Entry entry = store.commit(s.key(), t.type().name(), sandbox, outputPaths, s.components().toJson());
                if (job.stateAsked()) {
                    dropState(s.key()); // checkpoints are of no use once the output is stored
                }
                return new Completion(s, new TaskResult(t.id(), t.type().name(), TaskStatus.RAN, Optional.of(s.key()),
                        entry.outputs(), start, Instant.now(), attempt, grant.cpus(), grant.gpus(), peak, "", List.of(),
                        Optional.empty(), Files.exists(log) ? Optional.of(log) : Optional.empty()), Optional.of(entry), grant, false);
            } catch (StoreException e) {
                error = e.getMessage() + (e.hint() == null || e.hint().isEmpty() ? "" : " (" + e.hint() + ")");
                taskLog.line("store error: " + error);
                break; // a failed cache write fails the task; retrying will not help
            } catch (Throwable e) {
                if (job != null) {
                    peak = Math.max(peak, job.peakRssKb());
                }
                boolean cancelled = job != null && job.cancelled();
                error = cancelled ? job.cancelReason() : describe(e);
                taskLog.line("attempt " + attempt + " failed: " + error + (e instanceof TaskFailure ? "" : "\n" + stackTrace(e)));
                if (cancelled && !job.cancelReason().startsWith("timed out")) {
                    break; // stopped from outside: no retry
                }
                if (attempt < maxAttempts) {
                    listener.retrying(t.id(), attempt + 1, error);
                }
            }
        }
        boolean interrupted = !cancelReason.isEmpty() || error.startsWith("stopped:");
        return new Completion(s, new TaskResult(t.id(), t.type().name(), TaskStatus.FAILED, Optional.of(s.key()), Map.of(),
                start, Instant.now(), maxAttempts, grant.cpus(), grant.gpus(), peak, error, tail(log, 12),
                Optional.ofNullable(lastSandbox), Optional.of(log)), Optional.empty(), grant, interrupted);
    }

    /** Per cache key, so that an attempt after a kill or a failure finds its predecessor's checkpoints. */
    private Path stateDirectory(Digest key) {
        return store.root().resolve("state").resolve(key.hex());
    }

    private void dropState(Digest key) {
        try {
            ContentStore.deleteTree(stateDirectory(key));
        } catch (IOException e) {
            // a leftover state directory wastes space but harms nothing
        }
    }

    private static TaskResult withStatus(TaskResult r, TaskStatus s) {
        return new TaskResult(r.taskId(), r.type(), s, r.key(), r.outputs(), r.start(), r.end(), r.attempts(), r.cpus(),
                r.gpus(), r.peakRssKb(), r.error(), r.logTail(), r.keptSandbox(), r.log());
    }

    private static String describe(Throwable e) {
        if (e instanceof TaskFailure) {
            return e.getMessage();
        }
        if (e instanceof InterruptedException) {
            return "interrupted";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    static List<String> tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
