package dev.mlpc.core.spec;

/** Turns a {@link SecretRef} into the secret, only at the moment it is needed (never stored). */
@FunctionalInterface
public interface SecretResolver {
    /**
     * @throws SecretUnavailableException with a message naming the reference and why it cannot be read
     */
    String resolve(SecretRef ref) throws SecretUnavailableException;

    class SecretUnavailableException extends Exception {
        public SecretUnavailableException(String message) {
            super(message);
        }
    }

    /** A resolver that knows no secrets (offline plans, tests of rendering). */
    SecretResolver NONE = ref -> {
        throw new SecretUnavailableException("secret " + ref + " is not available here");
    };
}
