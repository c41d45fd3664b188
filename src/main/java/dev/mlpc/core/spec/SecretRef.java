package dev.mlpc.core.spec;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a secret, never the secret: {@code ${env:NAME}} (an environment variable) or
 * {@code ${keychain:service/account}} (the OS keychain, with a session-only fallback).
 */
public record SecretRef(Source source, String key) {
    public enum Source { ENV, KEYCHAIN }

    private static final Pattern FORM = Pattern.compile("\\$\\{(env|keychain):([A-Za-z0-9_.@/-]{1,200})}");

    public static Optional<SecretRef> parse(String text) {
        if (text == null) return Optional.empty();
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) return Optional.empty();
        Source s = m.group(1).equals("env") ? Source.ENV : Source.KEYCHAIN;
        String key = m.group(2);
        if (s == Source.ENV && !key.matches("[A-Za-z_][A-Za-z0-9_]*")) return Optional.empty();
        if (s == Source.KEYCHAIN && !key.contains("/")) return Optional.empty();
        return Optional.of(new SecretRef(s, key));
    }

    public static boolean isReference(String text) {
        return parse(text).isPresent();
    }

    /** The explanation used wherever a plain value was given instead of a reference. */
    public static String expectedForm() {
        return "must be a secret reference ${env:VARIABLE} or ${keychain:service/account}, never the secret itself";
    }

    @Override
    public String toString() {
        return "${" + (source == Source.ENV ? "env" : "keychain") + ":" + key + "}";
    }
}
