package org.cortexflow.engine.spi;

/** A task's own account of why it failed: shown to the user as it is, without a stack trace. */
public class TaskFailure extends Exception {

    public TaskFailure(String message) {
        super(message);
    }

    public TaskFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
