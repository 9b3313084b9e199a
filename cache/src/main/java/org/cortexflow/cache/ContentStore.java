package org.cortexflow.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The content-addressed store under one root directory:
 * <pre>
 *   index.db            entries, file-digest memo, run history (SQLite)
 *   objects/ab/KEY/     complete entries, one directory per task key
 *   scratch/            where tasks write; moved into objects/ in one rename
 *   locks/keys.lock     byte-range locks of the keys being computed
 *   quarantine/         entries that failed verification
 * </pre>
 * An entry is visible only when its index row exists and its directory has been renamed into
 * place, so it is either complete or absent.
 */
public final class ContentStore implements AutoCloseable {

    private final Path root;
    /** {@code root/objects}, resolved once: a cached rerun builds 10,000 entry paths from it. */
    private final Path objects;
    private final IndexDatabase index;
    private final FileDigester digester;
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private static final Pattern UNSAFE_IN_NAMES = Pattern.compile("[^A-Za-z0-9._=-]");
    static final long TOUCH_GRAIN_MS = 60_000;
    /** The objects/ prefix directories known to exist (no mkdir per commit). */
    private final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private ContentStore(Path root, IndexDatabase index) {
        this.root = root;
        this.objects = root.resolve("objects");
        this.index = index;
        this.digester = new FileDigester(index);
    }

    /** Opens (creating if needed) the store at {@code root}. */
    public static ContentStore open(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        try {
            for (String dir : List.of("objects", "scratch", "locks", "quarantine")) {
                Files.createDirectories(abs.resolve(dir));
            }
            if (!Files.isWritable(abs)) {
                throw new AccessDeniedException(abs.toString());
            }
        } catch (IOException e) {
            throw new StoreException("cannot use " + abs + " as the cache store: " + describe(e),
                    "check permissions and free space, or pass --store DIR");
        }
        ContentStore store = new ContentStore(abs, IndexDatabase.open(abs.resolve("index.db")));
        store.dropOlderSchemes();
        return store;
    }

    /**
     * Entries written under an older key scheme can never be hit again, and their output digests
     * would fail {@link #verify}: they are deleted, with the file-digest memo, when a store written by
     * an older version is first opened. The scheme number is SQLite's user_version.
     */
    private void dropOlderSchemes() {
        int version = index.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
                return r.getInt(1);
            }
        });
        if (version >= Keys.SCHEME_NUMBER) {
            return;
        }
        List<Digest> stale = index.transaction(c -> {
            List<Digest> keys = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                    if (r.getInt(1) >= Keys.SCHEME_NUMBER) {
                        return keys; // another process opening the store at the same time did it first
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT key FROM entries")) {
                    while (r.next()) {
                        keys.add(new Digest(r.getString(1)));
                    }
                }
                s.execute("DELETE FROM entries");
                s.execute("DELETE FROM file_digests");
                s.execute("PRAGMA user_version = " + Keys.SCHEME_NUMBER);
            }
            return keys;
        });
        for (Digest key : stale) {
            deleteFiles(key);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * A further connection to this store's index, for a thread that writes while this store's own
     * connection is busy (the run record's writer). The caller closes it.
     */
    public IndexDatabase openIndexConnection() {
        return IndexDatabase.open(root.resolve("index.db"));
    }

    public IndexDatabase index() {
        return index;
    }

    public FileDigester digester() {
        return digester;
    }

    /** The complete entry for {@code key}, if there is one. */
    public Optional<Entry> lookup(Digest key) {
        Optional<Entry> found = index.read(c -> {
            PreparedStatement q = index.statement("SELECT " + ENTRY_COLUMNS + " FROM entries WHERE key=?");
            q.setString(1, key.hex());
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(entry(r)) : Optional.empty();
            }
        });
        if (found.isPresent() && !Files.isDirectory(found.get().directory())) {
            return Optional.empty(); // the process died between writing the row and the rename
        }
        return found.map(this::used);
    }

    /**
     * The complete entries among {@code keys}. A cached rerun asks for thousands at once, so the
     * keys go in as one JSON array and the rows come back as one JSON array: two crossings into the
     * SQLite driver per few thousand keys rather than seven per row (the driver's calls, not
     * SQLite, were most of a 10,000-task cached rerun's lookups).
     */
    public Map<Digest, Entry> lookupAll(Collection<Digest> keys) {
        List<Digest> all = new ArrayList<>(new HashSet<>(keys));
        Map<Digest, Entry> found = new HashMap<>();
        int batch = 4096;
        for (int from = 0; from < all.size(); from += batch) {
            List<Digest> part = all.subList(from, Math.min(all.size(), from + batch));
            StringBuilder wanted = new StringBuilder(part.size() * 67 + 2).append('[');
            for (Digest d : part) {
                wanted.append(wanted.length() > 1 ? ",\"" : "\"").append(d.hex()).append('"');
            }
            String rows = index.read(c -> {
                PreparedStatement q = index.statement("SELECT json_group_array(json_array(" + ENTRY_COLUMNS
                        + ")) FROM entries WHERE key IN (SELECT value FROM json_each(?))");
                q.setString(1, wanted.append(']').toString());
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? r.getString(1) : "[]";
                }
            });
            readRows(rows, found);
        }
        // a row without its directory: the process died between writing the row and the rename
        found.values().removeIf(e -> !Files.isDirectory(e.directory()));
        found.replaceAll((key, e) -> used(e));
        return found;
    }

    /**
     * Notes that {@code e} was used, for {@code cache gc --max-size} (least recently used first),
     * and returns it with the last-used time the index will hold once this store is closed. An
     * entry used within the last {@link #TOUCH_GRAIN_MS} keeps its time: rewriting 10,000 rows was a
     * tenth of a cached rerun, and gc does not need a finer order than that.
     */
    public Entry used(Entry e) {
        if (e.lastUsed().toEpochMilli() >= System.currentTimeMillis() - TOUCH_GRAIN_MS) {
            return e;
        }
        touched.add(e.key().hex());
        return new Entry(e.key(), e.taskType(), e.directory(), e.outputs(), e.outputPaths(), e.sizeBytes(), e.created(),
                Instant.now());
    }

    /**
     * How many times an entry row has been deleted or rewritten in this store, by any process
     * (SQLite triggers count them). While it stands still, every entry seen before is still there
     * with the same outputs, unless its directory was deleted by hand.
     */
    public long generation() {
        return index.read(c -> {
            PreparedStatement q = index.statement("SELECT value FROM store_state WHERE name='generation'");
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    /** A new, empty scratch directory for one attempt of a task. */
    public Path newScratch(String label) {
        String safe = UNSAFE_IN_NAMES.matcher(label).replaceAll("_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        Path scratch = root.resolve("scratch");
        Path dir = scratch;
        try {
            // a random suffix keeps attempts apart; one already taken is never shared, another is drawn
            for (int tries = 0; ; tries++) {
                dir = scratch.resolve(safe + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000));
                try {
                    return Files.createDirectory(dir);
                } catch (FileAlreadyExistsException taken) {
                    if (tries == 100) {
                        throw taken;
                    }
                } catch (NoSuchFileException noScratchYet) {
                    Files.createDirectories(scratch);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot create scratch directory " + dir + ": " + describe(e),
                    "free disk space or pass --store DIR");
        }
    }

    /** Locks {@code key} against other threads and processes computing it at the same time. */
    public KeyLock lock(Digest key) {
        int bucket = Integer.parseInt(key.hex().substring(0, 4), 16) % KeyLock.BUCKETS;
        return KeyLock.acquire(root.resolve("locks").resolve("keys.lock"), bucket);
    }

    /**
     * Moves a finished scratch directory into the store as the entry for {@code key}.
     *
     * @param outputPaths output name to its directory relative to the scratch directory
     */
    public Entry commit(Digest key, String taskType, Path scratch, Map<String, String> outputPaths, String components) {
        Map<String, Digest> outputs = new LinkedHashMap<>();
        long size;
        if (outputPaths.size() == 1 && outputPaths.containsValue(".")) {
            // the one output is the whole directory: its digest and the entry's size from one walk
            FileDigester.Measured whole = FileDigester.measure(scratch);
            outputs.put(outputPaths.keySet().iterator().next(), whole.digest());
            size = whole.bytes();
        } else {
            for (Map.Entry<String, String> output : outputPaths.entrySet()) {
                outputs.put(output.getKey(), FileDigester.treeDigest(scratch.resolve(output.getValue())));
            }
            size = FileDigester.treeSize(scratch);
        }
        Path target = entryDirectory(key);
        long now = System.currentTimeMillis();
        index.transaction(c -> {
            // a row left without its directory is deleted, not replaced: the delete moves the
            // store's generation on (a REPLACE fires no delete trigger)
            PreparedStatement d = index.statement("DELETE FROM entries WHERE key=?");
            d.setString(1, key.hex());
            d.executeUpdate();
            PreparedStatement u = index.statement(
                    "INSERT INTO entries(key,task_type,outputs,size,created,last_used,components) VALUES(?,?,?,?,?,?,?)");
            u.setString(1, key.hex());
            u.setString(2, taskType);
            u.setString(3, encodeOutputs(outputs, outputPaths));
            u.setLong(4, size);
            u.setLong(5, now);
            u.setLong(6, now);
            u.setString(7, components);
            return u.executeUpdate();
        });
        try {
            // a prefix is known only once its directory exists: two tasks of one prefix may commit
            // at the same moment, and the second must not move into a directory still being made
            String prefix = target.getParent().getFileName().toString();
            if (!prefixes.contains(prefix)) {
                Files.createDirectories(target.getParent());
                prefixes.add(prefix);
            }
            if (Files.exists(target)) {
                deleteTree(target); // an orphan without a row; we hold the key's lock
            }
            try {
                Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException gone) {
                // the prefix directory was removed since (another process's cache gc): make it again
                Files.createDirectories(target.getParent());
                Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the store and its scratch directory are on different file systems", e);
            }
        } catch (IOException e) {
            forget(key);
            throw new StoreException("cannot move " + scratch + " into the store: " + describe(e),
                    "free disk space or check permissions of " + root);
        }
        return new Entry(key, taskType, target, outputs, outputPaths, size, Instant.ofEpochMilli(now),
                Instant.ofEpochMilli(now));
    }

    /** Every entry, most recently used first. */
    public List<Entry> list() {
        return index.read(c -> {
            List<Entry> all = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM entries ORDER BY last_used DESC, key")) {
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        all.add(entry(r));
                    }
                }
            }
            return all;
        });
    }

    /** What {@link #gc} removed. */
    public record GcReport(int removed, long freedBytes, int kept, long keptBytes, int scratchRemoved) {
    }

    /**
     * Removes entries that {@code keep} rejects, then least recently used entries until the
     * store holds at most {@code maxBytes}, then scratch directories older than a day.
     */
    public GcReport gc(long maxBytes, Predicate<Digest> keep) {
        List<Entry> entries = new ArrayList<>(list());
        entries.sort(Comparator.comparing(Entry::lastUsed).reversed());
        long total = 0;
        int removed = 0;
        long freed = 0;
        List<Entry> survivors = new ArrayList<>();
        for (Entry e : entries) {
            if (keep.test(e.key()) && total + e.sizeBytes() <= maxBytes) {
                total += e.sizeBytes();
                survivors.add(e);
            } else {
                remove(e.key());
                removed++;
                freed += e.sizeBytes();
            }
        }
        int scratchRemoved = 0;
        long dayAgo = System.currentTimeMillis() - 86_400_000L;
        try (Stream<Path> dirs = Files.list(root.resolve("scratch"))) {
            for (Path d : dirs.toList()) {
                if (Files.getLastModifiedTime(d).toMillis() < dayAgo) {
                    deleteTree(d);
                    scratchRemoved++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GcReport(removed, freed, survivors.size(), total, scratchRemoved);
    }

    /** One corrupt entry found by {@link #verify}. */
    public record Corruption(Digest key, String taskType, String output, Digest expected, Optional<Digest> actual,
                             Path quarantinedAt) {
    }

    /** Re-hashes every entry; moves the corrupt ones to quarantine/ and drops them from the index. */
    public List<Corruption> verify() {
        List<Corruption> bad = new ArrayList<>();
        for (Entry e : list()) {
            if (!Files.isDirectory(e.directory())) {
                forget(e.key());
                bad.add(new Corruption(e.key(), e.taskType(), "*", e.outputs().values().iterator().next(),
                        Optional.empty(), e.directory()));
                continue;
            }
            for (var out : e.outputs().entrySet()) {
                Path dir = e.outputDirectory(out.getKey());
                Optional<Digest> actual = Files.exists(dir) ? Optional.of(FileDigester.treeDigest(dir)) : Optional.empty();
                if (actual.isEmpty() || !actual.get().equals(out.getValue())) {
                    Path q = root.resolve("quarantine").resolve(e.key().hex() + "-" + System.currentTimeMillis());
                    forget(e.key());
                    try {
                        Files.move(e.directory(), q, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException ex) {
                        throw new StoreException("cannot quarantine " + e.directory() + ": " + describe(ex),
                                "check permissions of " + root);
                    }
                    bad.add(new Corruption(e.key(), e.taskType(), out.getKey(), out.getValue(), actual, q));
                    break;
                }
            }
        }
        return bad;
    }

    /** Deletes an entry: first its row (so it is absent), then its files. */
    public void remove(Digest key) {
        forget(key);
        deleteFiles(key);
    }

    private void deleteFiles(Digest key) {
        Path dir = entryDirectory(key);
        if (Files.exists(dir)) {
            Path doomed = root.resolve("scratch").resolve("deleting-" + key.hex() + "-" + UUID.randomUUID());
            try {
                Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(doomed);
            } catch (IOException e) {
                throw new StoreException("cannot delete " + dir + ": " + describe(e), "check permissions of " + root);
            }
        }
    }

    private void forget(Digest key) {
        index.transaction(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM entries WHERE key=?")) {
                d.setString(1, key.hex());
                return d.executeUpdate();
            }
        });
    }

    public Path entryDirectory(Digest key) {
        return objects.resolve(key.hex().substring(0, 2)).resolve(key.hex());
    }

    /** The columns {@link #entry} reads, by position: by name, each read looked the name up. */
    /** An entry's columns but its key components (written for inspection with sqlite3; nothing reads them back). */
    private static final JsonFactory JSON = new JsonFactory();
    private static final String ENTRY_COLUMNS = "key, task_type, outputs, size, created, last_used";

    private Entry entry(ResultSet r) throws SQLException {
        return entry(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5), r.getLong(6));
    }

    private Entry entry(String hex, String taskType, String encodedOutputs, long size, long created, long lastUsed) {
        Digest key = new Digest(hex);
        Map<String, Digest> outputs = new LinkedHashMap<>();
        Map<String, String> paths = new LinkedHashMap<>();
        for (String line : encodedOutputs.split("\n")) {
            if (!line.isEmpty()) {
                String[] f = line.split("\t", 3);
                outputs.put(f[0], new Digest(f[1]));
                paths.put(f[0], f[2]);
            }
        }
        return new Entry(key, taskType, entryDirectory(key), outputs, paths, size, Instant.ofEpochMilli(created),
                Instant.ofEpochMilli(lastUsed));
    }

    /** Rows of {@link #ENTRY_COLUMNS} as SQLite's {@code json_group_array(json_array(...))} writes them. */
    private void readRows(String json, Map<Digest, Entry> into) {
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_ARRAY) {
                String key = p.nextTextValue();
                String taskType = p.nextTextValue();
                String outputs = p.nextTextValue();
                long size = p.nextLongValue(-1);
                long created = p.nextLongValue(-1);
                long lastUsed = p.nextLongValue(-1);
                if (key == null || taskType == null || outputs == null) {
                    throw new IOException("a row with a missing column");
                }
                expect(p.nextToken(), JsonToken.END_ARRAY);
                Entry e = entry(key, taskType, outputs, size, created, lastUsed);
                into.put(e.key(), e);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("cache index " + root.resolve("index.db") + ": unreadable entry rows: " + e.getMessage(),
                    "run `cortexflow cache verify`", e);
        }
    }

    private static void expect(JsonToken found, JsonToken wanted) throws IOException {
        if (found != wanted) {
            throw new IOException("expected " + wanted + ", found " + found);
        }
    }

    private static String encodeOutputs(Map<String, Digest> outputs, Map<String, String> paths) {
        StringBuilder sb = new StringBuilder();
        outputs.forEach((name, d) -> sb.append(name).append('\t').append(d.hex()).append('\t')
                .append(paths.get(name)).append('\n'));
        return sb.toString();
    }

    /** Deletes a directory tree; missing paths are fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        }
    }

    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + fse.getFile() + ")";
        }
        return e.getMessage();
    }

    @Override
    public void close() {
        if (!touched.isEmpty()) {
            long now = System.currentTimeMillis();
            try {
                index.transaction(c -> {
                    try (PreparedStatement u = c.prepareStatement("UPDATE entries SET last_used=? WHERE key=?")) {
                        for (String k : touched) {
                            u.setLong(1, now);
                            u.setString(2, k);
                            u.addBatch();
                        }
                        return u.executeBatch();
                    }
                });
            } catch (StoreException ignored) {
                // last-used times only steer gc; a read-only store may still be read
            }
        }
        index.close();
    }
}
