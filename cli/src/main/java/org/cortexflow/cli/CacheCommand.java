package org.cortexflow.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.cache.Digest;
import org.cortexflow.cache.Entry;
import org.cortexflow.engine.model.Units;
import org.cortexflow.engine.model.UserError;
import org.cortexflow.engine.run.RunHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cache", description = "Inspect and maintain the cache store.",
        subcommands = {CacheCommand.Ls.class, CacheCommand.Gc.class, CacheCommand.Verify.class})
final class CacheCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println("usage: cortexflow cache ls|gc|verify (see --help)");
        return Main.INVALID;
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Command(name = "ls", description = "List cache entries, most recently used first.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        HostOptions host;

        @Override
        public Integer call() {
            try (ContentStore store = host.openStore()) {
                List<Entry> entries = store.list();
                long total = 0;
                System.out.printf("%-12s  %-16s  %8s  %-16s  %s%n", "key", "task type", "size", "last used", "outputs");
                for (Entry e : entries) {
                    total += e.sizeBytes();
                    System.out.printf("%-12s  %-16s  %8s  %-16s  %s%n", e.key().brief(), e.taskType(),
                            Units.formatSize(e.sizeBytes()), TIME.format(e.lastUsed()), String.join(",", e.outputs().keySet()));
                }
                System.out.printf("%d entries, %s in %s%n", entries.size(), Units.formatSize(total), store.root());
            }
            return 0;
        }
    }

    @Command(name = "gc", description = "Remove entries: beyond --max-size (least recently used first) and/or not used by the last --keep-runs runs.")
    static final class Gc implements Callable<Integer> {
        @Mixin
        HostOptions host;

        @Option(names = "--max-size", paramLabel = "SIZE", description = "keep at most this much, e.g. 10G")
        String maxSize;

        @Option(names = "--keep-runs", paramLabel = "N", description = "keep only entries used by the N most recent runs")
        Integer keepRuns;

        @Override
        public Integer call() {
            if (maxSize == null && keepRuns == null) {
                throw new UserError("say what to keep: --max-size SIZE and/or --keep-runs N", "e.g. cortexflow cache gc --max-size 10G");
            }
            long max = maxSize == null ? Long.MAX_VALUE : Units.parseSize(maxSize).orElseThrow(() ->
                    new UserError("--max-size: not a size: " + maxSize, "write it like 10G or 500M"));
            if (keepRuns != null && keepRuns < 0) {
                throw new UserError("--keep-runs must be 0 or more", "");
            }
            try (ContentStore store = host.openStore()) {
                Set<Digest> keep = keepRuns == null ? null : new RunHistory(store).keysOfRecentRuns(keepRuns);
                ContentStore.GcReport r = store.gc(max, k -> keep == null || keep.contains(k));
                System.out.printf("removed %d entries (%s), kept %d (%s); removed %d old scratch directories%n",
                        r.removed(), Units.formatSize(r.freedBytes()), r.kept(), Units.formatSize(r.keptBytes()), r.scratchRemoved());
            }
            return 0;
        }
    }

    @Command(name = "verify", description = "Re-hash every entry; move corrupt ones to quarantine/ so they are recomputed.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        HostOptions host;

        @Override
        public Integer call() {
            try (ContentStore store = host.openStore()) {
                int n = store.list().size();
                List<ContentStore.Corruption> bad = store.verify();
                for (ContentStore.Corruption c : bad) {
                    System.out.printf("CORRUPT %s (%s) output %s: expected %s, found %s; moved to %s%n", c.key().brief(),
                            c.taskType(), c.output(), c.expected().brief(), c.actual().map(Digest::brief).orElse("nothing"),
                            c.quarantinedAt());
                }
                System.out.printf("verified %d entries: %d corrupt%n", n, bad.size());
                return bad.isEmpty() ? 0 : Main.FAILED;
            }
        }
    }
}
