package dev.mlpc.registry;

/** A registry operation that could not be done; the message names the field or object and the reason. */
public final class RegistryException extends Exception {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
