package org.cortexflow.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {

    @TempDir
    Path tmp;

    private static Digest key(String s) {
        return Keys.hash("test", s);
    }

    private Entry put(ContentStore store, String name, String content) throws Exception {
        Path scratch = store.newScratch(name);
        Files.writeString(scratch.resolve("a.txt"), content);
        return store.commit(key(name), "test.type", scratch, Map.of("out", "."), "{}");
    }

    @Test
    void committedEntryIsFoundWithItsDigestAndScratchIsGone() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            Path scratch = store.newScratch("x");
            Files.writeString(scratch.resolve("a.txt"), "hello");
            Entry e = store.commit(key("x"), "test.type", scratch, Map.of("out", "."), "{}");
            assertThat(Files.exists(scratch)).isFalse();
            assertThat(store.lookup(key("x"))).hasValueSatisfying(found -> {
                assertThat(found.outputs()).isEqualTo(e.outputs());
                assertThat(found.outputDirectory("out").resolve("a.txt")).hasContent("hello");
            });
            assertThat(store.lookup(key("y"))).isEmpty();
        }
    }

    @Test
    void manyKeysAtOnceFindExactlyWhatSingleLookupsFind() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            List<Digest> asked = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Path scratch = store.newScratch("m" + i);
                // output names and directories with characters JSON must escape
                Path sub = Files.createDirectories(scratch.resolve("d\"ir ü" + i));
                Files.writeString(sub.resolve("a.txt"), "v" + i);
                Files.writeString(scratch.resolve("b.txt"), "w" + i);
                store.commit(key("m" + i), "test.type", scratch, Map.of("out \"" + i, "d\"ir ü" + i, "all", "."), "{}");
                asked.add(key("m" + i));
                asked.add(key("m" + i)); // asked twice
            }
            for (int i = 0; i < 5000; i++) {
                asked.add(key("absent" + i)); // more keys than one batch
            }
            // an entry whose directory is gone is not found
            deleteTree(store.lookup(key("m7")).orElseThrow().directory());

            Map<Digest, Entry> found = store.lookupAll(asked);

            assertThat(found).hasSize(29).doesNotContainKey(key("m7"));
            for (int i = 0; i < 30; i++) {
                if (i != 7) {
                    Entry one = store.lookup(key("m" + i)).orElseThrow();
                    assertThat(found.get(key("m" + i))).isEqualTo(one);
                    assertThat(one.outputDirectory("out \"" + i).resolve("a.txt")).hasContent("v" + i);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        ContentStore.deleteTree(dir);
    }

    /** Keys of one prefix directory committed at the same moment from many threads, into a new store. */
    @Test
    void concurrentCommitsIntoOnePrefixAllLand() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            int threads = 8;
            int each = 20;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < each; k++) {
                        Digest key = new Digest("ab" + String.format("%062x", thread * 1000 + k));
                        Path scratch = store.newScratch("t" + thread + "-" + k);
                        Files.writeString(scratch.resolve("a.txt"), "x");
                        store.commit(key, "test.type", scratch, Map.of("out", "."), "{}");
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
            pool.shutdown();
            try (var entries = Files.list(tmp.resolve("s/objects/ab"))) {
                assertThat(entries.count()).isEqualTo(threads * each);
            }
        }
    }

    @Test
    void aPrefixDirectoryRemovedByAnotherProcessIsMadeAgain() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            Digest first = new Digest("cd" + "0".repeat(62));
            Digest second = new Digest("cd" + "1".repeat(62));
            Path scratch = store.newScratch("a");
            store.commit(first, "test.type", scratch, Map.of("out", "."), "{}");
            Files.delete(tmp.resolve("s/objects/cd/" + first.hex()));
            Files.delete(tmp.resolve("s/objects/cd"));
            Path again = store.newScratch("b");
            Files.writeString(again.resolve("a.txt"), "y");
            store.commit(second, "test.type", again, Map.of("out", "."), "{}");
            assertThat(store.lookup(second)).isPresent();
        }
    }

    @Test
    void identicalBytesGiveIdenticalOutputDigests() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            Entry a = put(store, "a", "same");
            Entry b = put(store, "b", "same");
            Entry c = put(store, "c", "different");
            assertThat(a.outputs().get("out")).isEqualTo(b.outputs().get("out"));
            assertThat(a.outputs().get("out")).isNotEqualTo(c.outputs().get("out"));
        }
    }

    @Test
    void rowWithoutDirectoryIsAMiss() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            Entry e = put(store, "a", "x");
            ContentStore.deleteTree(e.directory()); // as if killed between the row and the rename
            assertThat(store.lookup(key("a"))).isEmpty();
        }
    }

    @Test
    void generationMovesWhenAnEntryIsDeletedOrRewrittenNotWhenOneIsAddedOrUsed() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            assertThat(store.generation()).isZero();
            Entry a = put(store, "a", "x");
            put(store, "b", "y");
            put(store, "c", "z");
            store.lookupAll(List.of(a.key(), key("b")));
            store.used(a);
            assertThat(store.generation()).as("adding and using entries").isZero();

            store.remove(key("b"));
            assertThat(store.generation()).as("remove").isEqualTo(1);
            store.gc(Long.MAX_VALUE, k -> !k.equals(key("c")));
            assertThat(store.generation()).as("gc").isEqualTo(2);
            // a row left without its directory is committed over: the old row is replaced
            ContentStore.deleteTree(a.directory());
            put(store, "a", "x2");
            assertThat(store.generation()).as("commit over a row").isEqualTo(3);
            Files.writeString(store.lookup(a.key()).orElseThrow().directory().resolve("a.txt"), "tampered");
            store.verify();
            assertThat(store.generation()).as("verify's quarantine").isEqualTo(4);
        }
        // any process, even a hand-written statement, and across reopening
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            put(store, "d", "w");
            store.index().transaction(c -> c.createStatement().executeUpdate("UPDATE entries SET outputs = outputs || ''"));
            assertThat(store.generation()).isEqualTo(5);
            store.index().transaction(c -> c.createStatement().executeUpdate("DELETE FROM entries"));
            assertThat(store.generation()).isEqualTo(6);
        }
    }

    @Test
    void verifyQuarantinesCorruptEntriesAndKeepsGoodOnes() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            Entry good = put(store, "good", "fine");
            Entry bad = put(store, "bad", "original");
            Files.writeString(bad.directory().resolve("a.txt"), "tampered");
            List<ContentStore.Corruption> found = store.verify();
            assertThat(found).extracting(ContentStore.Corruption::key).containsExactly(bad.key());
            assertThat(store.lookup(bad.key())).isEmpty();
            assertThat(store.lookup(good.key())).isPresent();
            assertThat(found.get(0).quarantinedAt().resolve("a.txt")).hasContent("tampered");
        }
    }

    @Test
    void gcRemovesLeastRecentlyUsedBeyondTheSizeLimit() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            put(store, "old", "1234567890");
            Thread.sleep(5);
            put(store, "new", "abcdefghij");
            ContentStore.GcReport r = store.gc(15, k -> true);
            assertThat(r.removed()).isEqualTo(1);
            assertThat(store.lookup(key("old"))).isEmpty();
            assertThat(store.lookup(key("new"))).isPresent();
        }
    }

    @Test
    void gcKeepsOnlyWhatThePredicateKeeps() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            put(store, "a", "1");
            put(store, "b", "2");
            store.gc(Long.MAX_VALUE, k -> k.equals(key("b")));
            assertThat(store.list()).extracting(Entry::key).containsExactly(key("b"));
        }
    }

    @Test
    void fileDigestsAreMemoizedOnPathSizeMtimeAndInode() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            Path f = tmp.resolve("data.bin");
            Files.writeString(f, "abc");
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            Digest first = store.digester().digest(f);
            int rows = store.index().read(c -> {
                try (var r = c.createStatement().executeQuery("SELECT COUNT(*) FROM file_digests")) {
                    return r.getInt(1);
                }
            });
            assertThat(rows).isEqualTo(1);
            assertThat(store.digester().digest(f)).isEqualTo(first);
            Files.writeString(f, "abd");
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 30_000));
            assertThat(store.digester().digest(f)).isNotEqualTo(first);
        }
    }

    @Test
    void keyLockSerializesThreadsComputingTheSameKey() throws Exception {
        try (ContentStore store = ContentStore.open(tmp.resolve("s"))) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            Runnable work = () -> {
                try (KeyLock l = store.lock(key("k"))) {
                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.sleep(20);
                    inside.decrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            Thread a = new Thread(work);
            Thread b = new Thread(work);
            a.start();
            b.start();
            a.join();
            b.join();
            assertThat(maxInside.get()).isEqualTo(1);
        }
    }

    @Test
    void unusableStoreDirectoryGivesAClearError() throws Exception {
        Path file = tmp.resolve("not-a-dir");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> ContentStore.open(file.resolve("store")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot use")
                .satisfies(e -> assertThat(((StoreException) e).hint()).contains("--store"));
    }

    @Test
    void aStoreWrittenUnderAnOlderKeySchemeLosesItsEntriesAndMemoOnOpen() throws Exception {
        Path root = tmp.resolve("s");
        Entry old;
        try (ContentStore store = ContentStore.open(root)) {
            old = put(store, "a", "x");
            store.index().transaction(c -> {
                try (var s = c.createStatement()) {
                    s.execute("INSERT INTO file_digests VALUES ('/data/x.bdf', 1, 1, '1', '" + key("m").hex() + "')");
                    return s.executeUpdate("PRAGMA user_version = 1");
                }
            });
        }
        try (ContentStore store = ContentStore.open(root)) {
            assertThat(store.lookup(old.key())).isEmpty();
            assertThat(old.directory()).doesNotExist();
            int[] left = store.index().read(c -> {
                try (var s = c.createStatement(); var r = s.executeQuery(
                        "SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM file_digests)")) {
                    return new int[] {r.getInt(1), r.getInt(2)};
                }
            });
            assertThat(left).containsExactly(0, 0);
            Entry fresh = put(store, "b", "y");
            assertThat(store.lookup(fresh.key())).isPresent();
        }
        try (ContentStore store = ContentStore.open(root)) { // opened again under the same scheme: kept
            assertThat(store.lookup(key("b"))).isPresent();
        }
    }
}
