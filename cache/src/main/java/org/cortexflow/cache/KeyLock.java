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
 * processes on the same store (an OS file lock, released by the kernel if the holder dies).
 */
public final class KeyLock implements AutoCloseable {

    private static final ConcurrentHashMap<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private KeyLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    static KeyLock acquire(Path lockFile) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toString(), k -> new ReentrantLock());
        local.lock();
        try {
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new KeyLock(local, ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            local.unlock();
            throw new StoreException("cannot lock " + lockFile + ": " + e.getMessage(),
                    "check that the store is writable", e);
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
            channel.close();
        } catch (IOException ignored) {
            // the kernel drops the lock with the descriptor anyway
        } finally {
            local.unlock();
        }
    }
}
