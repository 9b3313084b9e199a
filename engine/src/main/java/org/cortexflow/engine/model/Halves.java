package org.cortexflow.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work on a large list of independent items split in two halves, the second on another core: a
 * generated workflow's 100,000 tasks are bound and rendered one by one. Small lists stay on the
 * calling thread. Each half gets its own state (a problem list), so the work needs no locks.
 */
public final class Halves {

    /** Below this many items one thread is quicker than handing half of them over. */
    public static final int FROM = 4_096;

    private Halves() {
    }

    /** Whether {@code items} is worth splitting on this machine. */
    public static boolean worthIt(List<?> items) {
        return items.size() >= FROM && Runtime.getRuntime().availableProcessors() >= 2;
    }

    /** The first's results, then the second's: the second computed on another thread meanwhile. */
    public static <R> List<R> both(Supplier<List<R>> first, Supplier<List<R>> second) {
        CompletableFuture<List<R>> other = CompletableFuture.supplyAsync(second);
        List<R> out = new ArrayList<>(first.get());
        out.addAll(Futures.join(other));
        return out;
    }
}
