package org.cortexflow.cache;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The store's one embedded SQLite database: cache entries, the file-digest memo, and whatever
 * tables the layers above add (run history). One connection per process, WAL mode so that
 * concurrent processes on one store read while another writes.
 */
public final class IndexDatabase implements AutoCloseable {

    /** How long a statement waits for another process's lock before failing. */
    private static final int BUSY_TIMEOUT_MS = 60_000;

    /** Work done with the connection; may throw SQLException. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    private IndexDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    static IndexDatabase open(Path file) {
        try {
            // the driver directly: DriverManager first loads every JDBC driver on the class path
            Properties settings = new Properties();
            // a transaction takes the write lock when it begins, waiting its turn (busy_timeout): one
            // that read first and then wrote could not get it while another process's writer waited
            // for this one's read, and SQLite ends that deadlock by failing at once (SQLITE_BUSY)
            settings.setProperty("transaction_mode", "IMMEDIATE");
            Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file, settings);
            try {
                setUp(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            return new IndexDatabase(file, c);
        } catch (SQLException e) {
            throw new StoreException("cannot open the cache index " + file + ": " + e.getMessage(),
                    "check that the store directory is writable and the disk is not full, or pass --store DIR", e);
        }
    }

    /**
     * The pragmas, tables and triggers of the index. Two processes opening a new store at once can
     * find its file locked while the other makes it WAL or creates its tables, and SQLite may then
     * fail at once rather than wait (busy_timeout); as every statement here is idempotent, the
     * whole is tried again, for as long as busy_timeout would have waited.
     */
    private static void setUp(Connection c) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MS);
        while (true) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS entries (
                          key TEXT PRIMARY KEY, task_type TEXT NOT NULL, outputs TEXT NOT NULL,
                          size INTEGER NOT NULL, created INTEGER NOT NULL, last_used INTEGER NOT NULL,
                          components TEXT NOT NULL)""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS file_digests (
                          path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                          inode TEXT NOT NULL, digest TEXT NOT NULL)""");
                // the store's generation: counts every entry row deleted or rewritten, whichever
                // process (or sqlite3 session) did it. Adding entries leaves it alone: a new key
                // changes no existing key's outputs. What remembers answers across runs (RunMemo)
                // is valid while the generation it saw is unchanged.
                s.execute("CREATE TABLE IF NOT EXISTS store_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
                s.execute("""
                        CREATE TRIGGER IF NOT EXISTS entry_deleted AFTER DELETE ON entries BEGIN
                          INSERT INTO store_state(name, value) VALUES ('generation', 1)
                            ON CONFLICT(name) DO UPDATE SET value = value + 1;
                        END""");
                s.execute("""
                        CREATE TRIGGER IF NOT EXISTS entry_rewritten AFTER UPDATE OF key, task_type, outputs ON entries BEGIN
                          INSERT INTO store_state(name, value) VALUES ('generation', 1)
                            ON CONFLICT(name) DO UPDATE SET value = value + 1;
                        END""");
                return;
            } catch (SQLiteException e) {
                int primary = e.getResultCode().code & 0xff;
                boolean locked = primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
                if (!locked || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the cache index", e);
            }
        }
    }

    /**
     * A prepared statement kept open for the connection's lifetime, for the statements run once per
     * task (preparing one costs about as much as running it). Use it only inside {@link #read} or
     * {@link #transaction}, and do not close it.
     */
    public synchronized PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement st = prepared.get(sql);
        if (st == null) {
            st = connection.prepareStatement(sql);
            prepared.put(sql, st);
        }
        st.clearParameters();
        return st;
    }

    /** Runs {@code work} with the connection held exclusively by this thread. */
    public synchronized <T> T read(SqlWork<T> work) {
        try {
            return work.apply(connection);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs {@code work} in one transaction: all of it is written, or none. */
    public synchronized <T> T transaction(SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private StoreException failure(SQLException e) {
        return new StoreException("cache index " + file + ": " + e.getMessage(),
                "if the disk is full or the store read-only, free space or pass --store DIR", e);
    }

    @Override
    public synchronized void close() {
        try {
            for (PreparedStatement st : prepared.values()) {
                st.close();
            }
            connection.close();
        } catch (SQLException ignored) {
            // closing on the way out; nothing left to protect
        }
    }
}
