package org.cortexflow.engine.model;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Waiting for work started on another thread. */
public final class Futures {

    private Futures() {
    }

    /**
     * Starts {@code work} on a thread of its own (a daemon), not in the common pool: with two cores
     * that pool has one worker, and the planner's and a run's parallel steps wait for it.
     */
    public static <T> CompletableFuture<T> start(String name, Supplier<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                future.complete(work.get());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return future;
    }

    /** The future's result, or the unchecked exception or error that ended it, as it was thrown. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
