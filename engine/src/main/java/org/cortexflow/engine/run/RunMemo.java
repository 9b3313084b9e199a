package org.cortexflow.engine.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.cortexflow.cache.ContentStore;
import org.cortexflow.cache.Digest;
import org.cortexflow.cache.Entry;
import org.cortexflow.cache.WholeFiles;
import org.cortexflow.engine.plan.PlannedTask;

/**
 * What the last run of a plan found in the store, kept in the store ({@code STORE/memo/IDENTITY}),
 * so that a rerun of the same plan recalls each task's key and entry instead of hashing its key
 * components and looking the key up (a third of a 10,000-task cached rerun). Like ninja's log or
 * Bazel's action cache it answers only what it can show unchanged, and the run keys and looks up
 * every task it does not answer:
 * <ul>
 *   <li>the file is named by the plan's identity: the workflow's exact content, the task types'
 *       versions, ports, parameters and defaults, the host's GPU count;
 *   <li>a task is recalled only with the same input digests as when it was written, and never when a
 *       path parameter names a file (that key depends on the file's current bytes);
 *   <li>the store's generation (entry rows deleted or rewritten, by any process, counted by SQLite
 *       triggers) must be the one it was written under;
 *   <li>the run still checks that the entry's directory exists;
 *   <li>a file that does not read back whole (checksum, format, identity) is not used.
 * </ul>
 */
final class RunMemo {

    /** Memos kept in a store; the least recently used are dropped when one is written. */
    static final int KEEP = 16;
    private static final byte[] MAGIC = "CFRM".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 2;
    private static final HexFormat HEX = HexFormat.of();

    static final RunMemo NONE = new RunMemo(Map.of());

    /** One task as a run found it: its input digests (in the order the task declares its inputs), key and entry. */
    record Remembered(Digest[] inputs, Digest key, Entry entry) {
    }

    private final Map<String, Remembered> tasks;

    private RunMemo(Map<String, Remembered> tasks) {
        this.tasks = tasks;
    }

    int size() {
        return tasks.size();
    }

    /**
     * What the memo knows of {@code task} with these input digests, or null: its key and entry (whose
     * directory the caller still checks).
     */
    Remembered recall(PlannedTask task, Digest[] inputs) {
        // the plan is the one the memo was written for (its file is named by the plan's identity),
        // so the task's type and parameters are too, and a task that reads files was never written
        Remembered r = tasks.get(task.id());
        return r != null && Arrays.equals(r.inputs(), inputs) ? r : null;
    }

    static Path file(ContentStore store, String identity) {
        return store.root().resolve("memo").resolve(identity);
    }

    /** Where the run records of the plan {@code identity} find its resolved workflow (see {@link RunHistory}). */
    static Path resolvedWorkflow(ContentStore store, String identity) {
        return store.root().resolve("memo").resolve(identity + ".workflow.json");
    }

    /** Makes {@code shared} a hard link to the finished file {@code written}; quietly nothing where that fails. */
    static void share(Path written, Path shared) {
        Path tmp = shared.resolveSibling(".link-" + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(shared.getParent());
            Files.createLink(tmp, written);
            Files.move(tmp, shared, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            prune(shared.getParent());
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // left for the next prune
            }
        }
    }

    /** The memo for {@code identity} written under {@code generation}; {@link #NONE} when there is none that reads back whole. */
    static RunMemo read(ContentStore store, String identity, long generation) {
        Path file = file(store, identity);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            return NONE;
        }
        try {
            if (bytes.length < MAGIC.length + 4 || crc(bytes, bytes.length - 4) != tail(bytes)) {
                throw new IOException("checksum");
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4));
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC) || in.readInt() != FORMAT || !in.readUTF().equals(identity)
                    || in.readLong() != generation) {
                return NONE; // another format, or the store changed since
            }
            // every string but the task ids, and every digest, once (a task's input is its upstream's output)
            String[] strings = new String[count(in, 2)];
            for (int i = 0; i < strings.length; i++) {
                strings[i] = in.readUTF();
            }
            Digest[] digests = new Digest[count(in, 32)];
            byte[] raw = new byte[32];
            for (int i = 0; i < digests.length; i++) {
                in.readFully(raw);
                digests[i] = new Digest(HEX.formatHex(raw));
            }
            int n = count(in, 38); // the smallest task record
            Map<String, Remembered> tasks = new HashMap<>(Math.max(16, (int) (n / 0.75f) + 1));
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                Digest[] inputs = new Digest[in.readUnsignedShort()];
                for (int k = 0; k < inputs.length; k++) {
                    inputs[k] = digests[in.readInt()];
                }
                Digest key = digests[in.readInt()];
                String taskType = strings[in.readInt()];
                int outputs = in.readUnsignedShort();
                Map<String, Digest> outs = new LinkedHashMap<>();
                Map<String, String> paths = new LinkedHashMap<>();
                for (int k = 0; k < outputs; k++) {
                    String name = strings[in.readInt()];
                    outs.put(name, digests[in.readInt()]);
                    paths.put(name, strings[in.readInt()]);
                }
                long size = in.readLong();
                long created = in.readLong();
                long lastUsed = in.readLong();
                tasks.put(id, new Remembered(inputs, key, new Entry(key, taskType, store.entryDirectory(key), outs, paths,
                        size, Instant.ofEpochMilli(created), Instant.ofEpochMilli(lastUsed))));
            }
            if (in.available() != 0) {
                throw new IOException("trailing bytes");
            }
            return new RunMemo(tasks);
        } catch (IOException | RuntimeException damaged) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // ignored either way
            }
            return NONE;
        }
    }

    /**
     * Writes the memo for {@code identity}: {@code tasks} by task id, as found under {@code generation}.
     * Failing to write is not an error: the next run keys and looks up as without it.
     */
    static void write(ContentStore store, String identity, long generation, Map<String, Remembered> tasks) {
        Path file = file(store, identity);
        try {
            Map<String, Integer> strings = new LinkedHashMap<>();
            Map<Digest, Integer> digests = new LinkedHashMap<>();
            ByteArrayOutputStream body = new ByteArrayOutputStream(64 + tasks.size() * 128);
            DataOutputStream out = new DataOutputStream(body);
            out.writeInt(tasks.size());
            for (var t : tasks.entrySet()) {
                Remembered r = t.getValue();
                out.writeUTF(t.getKey());
                out.writeShort(r.inputs().length);
                for (Digest d : r.inputs()) {
                    out.writeInt(index(digests, d));
                }
                out.writeInt(index(digests, r.key()));
                Entry e = r.entry();
                out.writeInt(index(strings, e.taskType()));
                out.writeShort(e.outputs().size());
                for (var o : e.outputs().entrySet()) {
                    out.writeInt(index(strings, o.getKey()));
                    out.writeInt(index(digests, o.getValue()));
                    out.writeInt(index(strings, e.outputPaths().getOrDefault(o.getKey(), ".")));
                }
                out.writeLong(e.sizeBytes());
                out.writeLong(e.created().toEpochMilli());
                out.writeLong(e.lastUsed().toEpochMilli());
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.size() + digests.size() * 32 + 1024);
            DataOutputStream head = new DataOutputStream(bytes);
            head.write(MAGIC);
            head.writeInt(FORMAT);
            head.writeUTF(identity);
            head.writeLong(generation);
            head.writeInt(strings.size());
            for (String text : strings.keySet()) {
                head.writeUTF(text);
            }
            head.writeInt(digests.size());
            for (Digest d : digests.keySet()) {
                head.write(HEX.parseHex(d.hex()));
            }
            body.writeTo(head);
            byte[] all = bytes.toByteArray();
            head.writeInt((int) crc(all, all.length));
            WholeFiles.write(file, bytes.toByteArray());
            prune(file.getParent());
        } catch (IOException | RuntimeException e) {
            // a memo that cannot be written only makes the next run slower
        }
    }

    /** A count of records at least {@code bytesEach} long: one the rest of the file cannot hold is damage. */
    private static int count(DataInputStream in, int bytesEach) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / bytesEach) {
            throw new IOException("count " + n + " beyond the file");
        }
        return n;
    }

    private static <T> int index(Map<T, Integer> table, T value) {
        return table.computeIfAbsent(value, v -> table.size());
    }

    /** Marks the memo for {@code identity} as used, for {@link #prune}. */
    static void used(ContentStore store, String identity) {
        try {
            Files.setLastModifiedTime(file(store, identity), FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // a read-only store is still read
        }
    }

    /**
     * Keeps what belongs to the {@link #KEEP} plans used most recently (a memo and a resolved
     * workflow each), and drops temporary files older than an hour.
     */
    private static void prune(Path dir) throws IOException {
        List<Path> all;
        try (Stream<Path> files = Files.list(dir)) {
            all = files.toList();
        }
        long hourAgo = System.currentTimeMillis() - 3_600_000L;
        Map<String, Long> lastUsed = new HashMap<>();
        for (Path p : all) {
            String name = p.getFileName().toString();
            if (name.endsWith(".tmp")) {
                if (modified(p) < hourAgo) {
                    Files.deleteIfExists(p);
                }
            } else {
                lastUsed.merge(plan(name), modified(p), Math::max);
            }
        }
        List<String> kept = lastUsed.keySet().stream()
                .sorted(Comparator.comparing((String id) -> lastUsed.get(id)).reversed()).limit(KEEP).toList();
        for (Path p : all) {
            String name = p.getFileName().toString();
            if (!name.endsWith(".tmp") && !kept.contains(plan(name))) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The plan identity a memo directory's file belongs to. */
    private static String plan(String fileName) {
        int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long crc(byte[] bytes, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, 0, length);
        return c.getValue() & 0xffffffffL;
    }

    private static long tail(byte[] bytes) {
        int n = bytes.length;
        return ((bytes[n - 4] & 0xffL) << 24) | ((bytes[n - 3] & 0xffL) << 16) | ((bytes[n - 2] & 0xffL) << 8) | (bytes[n - 1] & 0xffL);
    }
}
