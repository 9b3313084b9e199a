package org.cortexflow.engine.run;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One attempt's log file, created only when something is written to it: an in-process task that
 * logs nothing costs no file (a run of 10,000 such tasks would otherwise create 10,000). The
 * attempt's header line goes first whenever the file is created.
 */
final class TaskLog extends OutputStream {

    private final Path file;
    private final byte[] header;
    private OutputStream out;

    TaskLog(Path file, String header) {
        this.file = file;
        this.header = header.isEmpty() ? new byte[0] : (header + "\n").getBytes(StandardCharsets.UTF_8);
    }

    Path file() {
        return file;
    }

    /** Creates the file (with the header) if it is not there yet, e.g. before a subprocess appends to it. */
    synchronized void open() throws IOException {
        if (out == null) {
            out = new FileOutputStream(file.toFile(), true);
            out.write(header);
        }
    }

    /** Appends a line after the task has finished, creating the file when needed, and closes it. */
    synchronized void line(String text) {
        try {
            open();
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            close();
        } catch (IOException ignored) {
            // the log is a convenience; the trace still records the outcome
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        open();
        out.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        open();
        out.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
