package org.cortexflow.tasks.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs independent jobs (subjects, songs) on a fixed number of threads; results keep the input order. */
final class Parallel {

    /** A job that may fail. */
    interface Job<T, R> {
        R apply(T item) throws Exception;
    }

    private Parallel() {
    }

    /**
     * Applies {@code job} to every item with at most {@code threads} at once. The first failure
     * cancels the rest and is rethrown; a cancelled run stops between items.
     */
    static <T, R> List<R> map(List<T> items, int threads, Cancel cancel, Job<T, R> job) throws Exception {
        int n = Math.max(1, Math.min(threads, items.size()));
        if (n == 1) {
            List<R> out = new ArrayList<>();
            for (T item : items) {
                cancel.check();
                out.add(job.apply(item));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "synth-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    cancel.check();
                    return job.apply(item);
                }));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    Throwable c = e.getCause();
                    if (c instanceof Exception ex) {
                        throw ex;
                    }
                    throw (Error) c;
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
