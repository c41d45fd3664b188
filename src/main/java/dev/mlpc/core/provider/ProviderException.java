package dev.mlpc.core.provider;

/**
 * A failure talking to a live system, with a message meant for the admin (what failed and why, no stack trace).
 */
public class ProviderException extends Exception {
    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
