package org.cortexflow.dsl;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import net.openhft.hashing.LongTupleHashFunction;
import org.cortexflow.cache.WholeFiles;
import org.cortexflow.engine.model.Workflow;

/**
 * Loaded workflows kept on disk, so that rerunning an unchanged file skips parsing it (for a
 * 10,000-task file, most of a fully cached rerun). As Gradle's configuration cache, an entry is
 * found by everything the result depends on: the file's bytes and the path it was named by, the
 * {@code --param} overrides, whether the sweep is expanded, and the code that loads it (the
 * cortexflow jars' names, sizes and times). A YAML or JSON file is a pure function of those and is
 * kept loaded ({@code .wf} entries). A Groovy script is a program that may read the clock or the
 * disk, so it is always run; what is kept is its compiled classes ({@code .gc} entries, found by
 * the script's bytes, path and the loading code), which skips the Groovy compiler (about a second).
 *
 * <p>Only files without problems are kept. An entry is written to a temporary file and renamed into
 * place; one that does not read back whole (checksum, format, key) is deleted and the file loaded
 * again. Failing to read or write the cache is never an error: the file is loaded as without it.
 */
public final class LoadCache {

    /** Bumped whenever the codec or what the loader produces changes meaning. */
    private static final int FORMAT = 1;
    private static final byte[] MAGIC = "CFWL".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 4 + 32 + 4 + 4;
    /** Entries kept; the oldest are dropped when a new one is written. */
    static final int KEEP = 16;

    private static final LongTupleHashFunction XXH3 = LongTupleHashFunction.xx128();

    private final Path dir;
    private final String code;

    /**
     * @param dir where the entries live; created when the first entry is written
     * @param code identifies the loading code: entries written by other code are never read
     */
    LoadCache(Path dir, String code) {
        this.dir = dir;
        this.code = code;
    }

    /**
     * A cache under {@code dir} for the running code; empty when that code is not in jar files
     * (classes compiled in place change without a version to tell).
     */
    public static Optional<LoadCache> in(Path dir) {
        return codeIdentity().map(code -> new LoadCache(dir, code));
    }

    private static Optional<String> codeIdentity() {
        StringBuilder id = new StringBuilder("cortexflow-load/").append(FORMAT);
        for (Class<?> c : List.of(LoadCache.class, Workflow.class)) {
            try {
                var source = c.getProtectionDomain().getCodeSource();
                if (source == null) {
                    return Optional.empty();
                }
                Path jar = Path.of(source.getLocation().toURI());
                if (!Files.isRegularFile(jar)) {
                    return Optional.empty();
                }
                id.append('\n').append(jar.toAbsolutePath()).append(' ').append(Files.size(jar)).append(' ')
                        .append(Files.getLastModifiedTime(jar).toMillis());
            } catch (IOException | URISyntaxException | SecurityException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(id.toString());
    }

    /** As {@link WorkflowLoader#load}, from the cache when this exact file was loaded before. */
    public Loaded load(Path file, Map<String, String> overrides, boolean expandSweep) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean groovy = name.endsWith(".groovy");
        if (!(groovy || name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))) {
            return WorkflowLoader.load(file, overrides, expandSweep);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            return WorkflowLoader.load(file, overrides, expandSweep); // reports what is wrong with the file
        }
        return groovy ? loadScript(file, bytes, overrides, expandSweep) : loadDocument(file, bytes, overrides, expandSweep);
    }

    private Loaded loadDocument(Path file, byte[] bytes, Map<String, String> overrides, boolean expandSweep) {
        byte[] key = key(file, bytes, overrides, expandSweep);
        Path entry = dir.resolve(HexFormat.of().formatHex(key, 0, 16) + ".wf");
        Optional<Workflow> cached = read(entry, key, WorkflowCodec::decode);
        // a document is a pure function of what the key covers
        Optional<String> identity = Optional.of("document:" + HexFormat.of().formatHex(key));
        if (cached.isPresent()) {
            return new Loaded(cached.get(), List.of(), identity);
        }
        String text;
        try {
            text = decode(bytes);
        } catch (CharacterCodingException e) {
            return WorkflowLoader.load(file, overrides, expandSweep); // reports that it is not UTF-8
        }
        Loaded loaded = WorkflowLoader.load(file, text, overrides, expandSweep);
        if (loaded.problems().isEmpty()) {
            write(entry, key, WorkflowCodec.encode(loaded.workflow()));
            return new Loaded(loaded.workflow(), List.of(), identity);
        }
        return loaded;
    }

    private Loaded loadScript(Path file, byte[] bytes, Map<String, String> overrides, boolean expandSweep) {
        // the classes depend on the bytes, the path (the class name) and the code, not on params or sweep
        byte[] key = key(file, bytes, Map.of(), false);
        Path entry = dir.resolve(HexFormat.of().formatHex(key, 0, 16) + ".gc");
        Optional<GroovyWorkflowSource> cached = read(entry, key, payload -> GroovyWorkflowSource.decode(payload, file.toString()));
        if (cached.isPresent()) {
            return identified(WorkflowLoader.load(file, cached.map(script -> script), overrides, expandSweep, new Problems()));
        }
        String text;
        try {
            text = decode(bytes);
        } catch (CharacterCodingException e) {
            return WorkflowLoader.load(file, overrides, expandSweep); // reports that it is not UTF-8
        }
        Problems problems = new Problems();
        Optional<GroovyWorkflowSource> compiled = WorkflowLoader.compile(file, text, problems);
        compiled.ifPresent(script -> write(entry, key, script.encode()));
        return identified(WorkflowLoader.load(file, compiled.map(script -> script), overrides, expandSweep, problems));
    }

    /** A script's workflow with its identity: what the script made this time, encoded and hashed. */
    private static Loaded identified(Loaded loaded) {
        if (!loaded.problems().isEmpty()) {
            return loaded;
        }
        long[] h = XXH3.hashBytes(WorkflowCodec.encode(loaded.workflow()));
        return new Loaded(loaded.workflow(), List.of(), Optional.of(String.format("script:%016x%016x", h[0], h[1])));
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
        return chars.toString();
    }

    private byte[] key(Path file, byte[] bytes, Map<String, String> overrides, boolean expandSweep) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder about = new StringBuilder(code).append('\n').append(file).append('\n').append(expandSweep);
            // sorted: the overrides name distinct params, so their order does not change the result
            new TreeMap<>(overrides).forEach((k, v) -> about.append('\n').append(k.length()).append(':').append(k)
                    .append('=').append(v.length()).append(':').append(v));
            byte[] head = about.toString().getBytes(StandardCharsets.UTF_8);
            // the file's bytes through XXH3-128 (as the store hashes files): SHA-256 reads 200 MB/s here
            long[] content = XXH3.hashBytes(bytes);
            sha.update(ByteBuffer.allocate(24).putInt(head.length).putInt(bytes.length).putLong(content[0])
                    .putLong(content[1]).array());
            sha.update(head);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static <T> Optional<T> read(Path entry, byte[] key, Function<byte[], T> decoder) {
        byte[] stored;
        try {
            stored = Files.readAllBytes(entry);
        } catch (IOException | OutOfMemoryError e) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(stored);
        try {
            byte[] magic = new byte[MAGIC.length];
            byte[] storedKey = new byte[32];
            b.get(magic);
            int format = b.getInt();
            b.get(storedKey);
            int crc = b.getInt();
            int length = b.getInt();
            if (!Arrays.equals(magic, MAGIC) || format != FORMAT || !Arrays.equals(storedKey, key)
                    || length != b.remaining() || crc != crc(stored, HEADER, length)) {
                throw new IllegalArgumentException("not an entry for this file");
            }
            T value = decoder.apply(Arrays.copyOfRange(stored, HEADER, stored.length));
            touch(entry);
            return Optional.of(value);
        } catch (RuntimeException damaged) {
            try {
                Files.deleteIfExists(entry);
            } catch (IOException ignored) {
                // loaded again either way
            }
            return Optional.empty();
        }
    }

    private void write(Path entry, byte[] key, byte[] payload) {
        try {
            ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
            b.put(MAGIC).putInt(FORMAT).put(key).putInt(crc(payload, 0, payload.length)).putInt(payload.length).put(payload);
            WholeFiles.write(entry, b.array());
            prune();
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written is only slower
        }
    }

    private static int crc(byte[] bytes, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, from, length);
        return (int) c.getValue();
    }

    /** Keeps the {@link #KEEP} newest entries, and drops temporary files an interrupted write left. */
    private void prune() throws IOException {
        List<Path> entries;
        try (Stream<Path> files = Files.list(dir)) {
            entries = files.filter(p -> isEntry(p) || p.getFileName().toString().endsWith(".tmp") && old(p)).toList();
        }
        List<Path> stale = entries.stream().filter(p -> p.toString().endsWith(".tmp")).toList();
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
        List<Path> kept = entries.stream().filter(LoadCache::isEntry)
                .sorted(Comparator.comparing(LoadCache::modified).reversed()).toList();
        for (Path p : kept.subList(Math.min(KEEP, kept.size()), kept.size())) {
            Files.deleteIfExists(p);
        }
    }

    private static boolean isEntry(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".wf") || name.endsWith(".gc");
    }

    /** Marks an entry as used, for {@link #prune}. */
    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // a read-only cache is still read
        }
    }

    private static boolean old(Path p) {
        return modified(p).toMillis() < System.currentTimeMillis() - 3_600_000L;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
