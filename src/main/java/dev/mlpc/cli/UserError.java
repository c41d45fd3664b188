package dev.mlpc.cli;

/** An expected failure: its message is printed as is (no "mlpc:" prefix added twice, no stack trace). */
final class UserError extends RuntimeException {
    private final int exitCode;

    UserError(String message) {
        this(message, 1);
    }

    UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() { return exitCode; }
}
