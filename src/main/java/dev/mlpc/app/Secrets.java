package dev.mlpc.app;

import com.github.javakeyring.Keyring;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SecretResolver;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves secret references: {@code ${env:NAME}} from the environment, {@code ${keychain:service/account}} from the
 * OS keychain when one exists, else from values entered in this session (kept in memory only, never on disk).
 * The keychain is probed once, lazily; on headless Linux it is usually absent.
 */
public final class Secrets implements SecretResolver {
    private final Map<String, String> env;
    private final Map<String, String> session = new ConcurrentHashMap<>();
    private volatile Optional<Keyring> keyring;

    public Secrets(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String resolve(SecretRef ref) throws SecretUnavailableException {
        if (ref.source() == SecretRef.Source.ENV) {
            String v = env.get(ref.key());
            if (v == null) throw new SecretUnavailableException("secret " + ref + ": environment variable " + ref.key() + " is not set");
            return v;
        }
        String remembered = session.get(ref.key());
        if (remembered != null) return remembered;
        Optional<Keyring> k = keyring();
        if (k.isEmpty()) {
            throw new SecretUnavailableException("secret " + ref + ": this system has no usable keychain and the secret was not entered in this session");
        }
        String[] sa = split(ref.key());
        try {
            String v = k.get().getPassword(sa[0], sa[1]);
            if (v == null) throw new SecretUnavailableException("secret " + ref + " is not in the keychain");
            return v;
        } catch (SecretUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new SecretUnavailableException("secret " + ref + " cannot be read from the keychain: " + e.getMessage());
        }
    }

    /** Keeps a keychain secret for this session only (memory), e.g. when the system has no keychain. */
    public void rememberForSession(SecretRef ref, String value) {
        session.put(ref.key(), value);
    }

    /** Stores a secret in the OS keychain; false when there is none (then it is kept for the session only). */
    public boolean store(SecretRef ref, String value) {
        Optional<Keyring> k = keyring();
        if (k.isPresent()) {
            String[] sa = split(ref.key());
            try {
                k.get().setPassword(sa[0], sa[1], value);
                return true;
            } catch (Exception e) {
                // fall through to the session store
            }
        }
        rememberForSession(ref, value);
        return false;
    }

    public boolean keychainAvailable() {
        return keyring().isPresent();
    }

    private Optional<Keyring> keyring() {
        Optional<Keyring> k = keyring;
        if (k == null) {
            synchronized (this) {
                if (keyring == null) {
                    Optional<Keyring> probed;
                    try {
                        probed = Optional.of(Keyring.create());
                    } catch (Exception | LinkageError e) {
                        probed = Optional.empty();
                    }
                    keyring = probed;
                }
                k = keyring;
            }
        }
        return k;
    }

    private static String[] split(String key) {
        int slash = key.indexOf('/');
        return new String[] {key.substring(0, slash), key.substring(slash + 1)};
    }
}
