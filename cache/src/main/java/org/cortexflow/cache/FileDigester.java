package org.cortexflow.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content digests of files and directory trees. A data file's digest is memoized in the index on
 * (path, size, mtime, inode), so unchanged multi-gigabyte recordings are read once.
 */
public final class FileDigester {

    /** Files modified this recently are not memoized: a write in the same clock tick would go unseen. */
    private static final long FRESH_NANOS = 2_000_000_000L;

    private final IndexDatabase index;

    FileDigester(IndexDatabase index) {
        this.index = index;
    }

    /** A digest without the memo, for freshly written outputs. */
    public static Digest treeDigest(Path path) {
        return new FileDigester(null).digest(path);
    }

    /** A directory's digest and the bytes of its regular files (links not followed: {@link #treeSize}). */
    public record Measured(Digest digest, long bytes) {
    }

    /** {@link #treeDigest} and {@link #treeSize} of a freshly written directory, in one walk. */
    public static Measured measure(Path dir) {
        try {
            Listing listing = Listing.of(dir);
            return new Measured(new FileDigester(null).treeDigest(dir, listing), listing.ownBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The files under a directory, sorted: regular files and links to them (followed); links to
     * directories are not descended. With their bytes, and the bytes of those that are not links.
     * One walk, whose attributes serve for both (no second stat of each file).
     */
    private static final class Listing extends SimpleFileVisitor<Path> {
        final List<Path> files = new ArrayList<>();
        long bytes;
        long ownBytes;

        static Listing of(Path dir) throws IOException {
            Listing listing = new Listing();
            Files.walkFileTree(dir, listing);
            listing.files.sort(null);
            return listing;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (attrs.isRegularFile()) {
                files.add(file);
                bytes += attrs.size();
                ownBytes += attrs.size();
            } else if (attrs.isSymbolicLink() && Files.isRegularFile(file)) {
                files.add(file);
                bytes += Files.size(file);
            }
            return FileVisitResult.CONTINUE;
        }
    }

    /**
     * The digest of a file (its bytes) or a directory (its sorted relative paths, each with its
     * file's digest). Symbolic links are followed.
     */
    public Digest digest(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return treeDigest(path, Listing.of(path));
            }
            return Keys.hash("file", fileDigest(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private Digest treeDigest(Path dir, Listing listing) {
        List<Path> files = listing.files;
        // the files of a large artifact (a study's recordings) are hashed on all cores
        Stream<Path> each = files.size() > 1 && listing.bytes >= ContentDigest.PARALLEL_THRESHOLD ? files.parallelStream() : files.stream();
        List<Object> entries = each.map(f -> (Object) List.of(dir.relativize(f).toString().replace('\\', '/'),
                fileDigestUnchecked(f))).toList();
        return Keys.hash("tree", entries);
    }

    private Digest fileDigestUnchecked(Path file) {
        try {
            return fileDigest(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Digest fileDigest(Path file) throws IOException {
        if (index == null) {
            return ContentDigest.of(file);
        }
        Path abs = file.toAbsolutePath().normalize();
        BasicFileAttributes attrs = Files.readAttributes(abs, BasicFileAttributes.class);
        long mtime = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        String inode = String.valueOf(attrs.fileKey());
        Optional<Digest> memo = index.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT digest FROM file_digests WHERE path=? AND size=? AND mtime_ns=? AND inode=?")) {
                q.setString(1, abs.toString());
                q.setLong(2, attrs.size());
                q.setLong(3, mtime);
                q.setString(4, inode);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(new Digest(r.getString(1))) : Optional.empty();
                }
            }
        });
        if (memo.isPresent()) {
            return memo.get();
        }
        Digest d = ContentDigest.of(abs);
        boolean fresh = System.currentTimeMillis() * 1_000_000L - mtime < FRESH_NANOS;
        if (!fresh) {
            index.transaction(c -> {
                try (PreparedStatement u = c.prepareStatement(
                        "INSERT OR REPLACE INTO file_digests(path,size,mtime_ns,inode,digest) VALUES(?,?,?,?,?)")) {
                    u.setString(1, abs.toString());
                    u.setLong(2, attrs.size());
                    u.setLong(3, mtime);
                    u.setString(4, inode);
                    u.setString(5, d.hex());
                    return u.executeUpdate();
                }
            });
        }
        return d;
    }

    /** The bytes of the regular files under {@code path} (links not followed); 0 when it cannot be read. */
    public static long treeSize(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
