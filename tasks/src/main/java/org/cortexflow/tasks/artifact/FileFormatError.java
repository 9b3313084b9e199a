package org.cortexflow.tasks.artifact;

import java.nio.file.Path;
import org.cortexflow.engine.spi.TaskFailure;

/**
 * A data file that is not what it claims to be: names the file, the field and the byte offset,
 * says what was expected and gives a hint. Shown to the user without a stack trace.
 */
public final class FileFormatError extends TaskFailure {

    private final Path file;
    private final long offset;
    private final String field;

    /**
     * @param offset byte offset of the field in the file, or -1 when the problem has no single offset
     */
    public FileFormatError(Path file, long offset, String field, String problem, String hint) {
        super(format(file, offset, field, problem, hint));
        this.file = file;
        this.offset = offset;
        this.field = field;
    }

    public FileFormatError(Path file, long offset, String field, String problem) {
        this(file, offset, field, problem, "");
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }

    public String field() {
        return field;
    }

    private static String format(Path file, long offset, String field, String problem, String hint) {
        StringBuilder sb = new StringBuilder().append(file);
        if (offset >= 0) {
            sb.append(" at byte ").append(offset);
        }
        if (!field.isEmpty()) {
            sb.append(" (").append(field).append(')');
        }
        sb.append(": ").append(problem);
        if (!hint.isEmpty()) {
            sb.append("\n  hint: ").append(hint);
        }
        return sb.toString();
    }
}
