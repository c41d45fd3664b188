package dev.mlpc.core.audit;

/** A config repository operation failed; the message is meant for the user (no stack trace needed). */
public final class AuditException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the directory, commit, path or revision concerned */
    public AuditException(String message) {
        super(message);
    }

    AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
