package org.cortexflow.cache;

/** The store cannot do what was asked: unreadable, read-only, full, or locked. */
public final class StoreException extends RuntimeException {

    private final String hint;

    public StoreException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    public StoreException(String message, String hint) {
        this(message, hint, null);
    }

    /** What the user can do about it. */
    public String hint() {
        return hint;
    }
}
