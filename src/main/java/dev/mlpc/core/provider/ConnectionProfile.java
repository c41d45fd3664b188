package dev.mlpc.core.provider;

import dev.mlpc.core.spec.SecretRef;

import java.util.Map;
import java.util.Optional;

/**
 * A named connection: the provider type and plain settings (url, user, account, region, …). Settings that hold
 * secrets ({@link #SECRET_KEYS}) are references, never values.
 */
public record ConnectionProfile(String name, String type, Map<String, String> settings) {
    /** Setting names that must hold a {@link SecretRef}. */
    public static final java.util.Set<String> SECRET_KEYS =
            java.util.Set.of("password", "secret", "token", "private_key_passphrase", "client_secret", "secret_access_key");

    public ConnectionProfile {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }

    public String setting(String key) { return settings.get(key); }

    public Optional<SecretRef> secret(String key) { return SecretRef.parse(settings.get(key)); }
}
