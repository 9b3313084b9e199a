package org.cortexflow.tasks.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.cortexflow.engine.spi.TaskFailure;

/**
 * Runs one job per channel on at most the task's thread budget; the first failure stops the rest
 * and is rethrown as it was thrown.
 */
final class ChannelPool {

    /** The work for one channel. */
    interface ChannelJob {
        void run(int channel) throws Exception;
    }

    private ChannelPool() {
    }

    static void run(List<Integer> channels, int threads, BooleanSupplier cancelled, ChannelJob job) throws Exception {
        int workers = Math.max(1, Math.min(threads, channels.size()));
        if (workers == 1) {
            for (int c : channels) {
                checkCancelled(cancelled);
                job.run(c);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "cortexflow-signal-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c : channels) {
                futures.add(pool.submit(() -> {
                    checkCancelled(cancelled);
                    job.run(c);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception ex) {
                        throw ex;
                    }
                    throw (Error) cause;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void checkCancelled(BooleanSupplier cancelled) throws TaskFailure {
        if (cancelled.getAsBoolean()) {
            throw new TaskFailure("cancelled");
        }
    }
}
