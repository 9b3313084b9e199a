package org.cortexflow.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to compute one key, across threads of this process (a lock object) and across
 * processes on the same store (an OS byte-range lock, released by the kernel if the holder dies).
 *
 * <p>All keys share one lock file: a key locks the one byte of it at its bucket (65,536 buckets
 * from the key's first bytes), so a run of 10,000 tasks opens one file rather than creating
 * 10,000. Two keys in one bucket merely wait for each other. The file stays open for the life of
 * the process, because closing any descriptor of a file drops every lock the process holds on it.
 */
public final class KeyLock implements AutoCloseable {

    static final int BUCKETS = 1 << 16;
    private static final ConcurrentHashMap<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Path, FileChannel> FILES = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileLock fileLock;

    private KeyLock(ReentrantLock local, FileLock fileLock) {
        this.local = local;
        this.fileLock = fileLock;
    }

    static KeyLock acquire(Path lockFile, int bucket) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile + "#" + bucket, k -> new ReentrantLock());
        local.lock();
        try {
            FileChannel ch = channel(lockFile);
            return new KeyLock(local, ch.lock(bucket, 1, false));
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw new StoreException("cannot lock " + lockFile + ": " + e.getMessage(),
                    "check that the store is writable", e);
        }
    }

    private static FileChannel channel(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        FileChannel ch = FILES.get(key);
        if (ch == null) {
            synchronized (FILES) {
                ch = FILES.get(key);
                if (ch == null) {
                    ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FILES.put(key, ch);
                }
            }
        }
        return ch;
    }

    @Override
    public void close() {
        try {
            fileLock.release();
        } catch (IOException ignored) {
            // the kernel drops the lock when the process ends anyway
        } finally {
            local.unlock();
        }
    }
}
