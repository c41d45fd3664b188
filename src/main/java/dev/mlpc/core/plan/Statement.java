package dev.mlpc.core.plan;

import dev.mlpc.core.spec.SecretResolver;

import java.util.Objects;

/**
 * One statement a change runs: a SQL string for SQL systems, a request object (a Map) for API systems.
 * {@link #display()} is what plans, generated files and journals show; it never contains a secret. Statements that need
 * a secret build their executable form only at apply time, from the resolver.
 */
public final class Statement {
    /** Builds the executable form once the secrets can be read. */
    @FunctionalInterface
    public interface Binder {
        Object bind(SecretResolver secrets) throws SecretResolver.SecretUnavailableException;
    }

    private final Object display;
    private final Binder binder;

    private Statement(Object display, Binder binder) {
        this.display = Objects.requireNonNull(display);
        this.binder = binder;
    }

    public static Statement of(Object display) {
        return new Statement(display, null);
    }

    /** A statement whose executable form carries a secret that the display form only names. */
    public static Statement withSecret(Object display, Binder binder) {
        return new Statement(display, Objects.requireNonNull(binder));
    }

    public Object display() { return display; }

    public boolean needsSecret() { return binder != null; }

    public Object executable(SecretResolver secrets) throws SecretResolver.SecretUnavailableException {
        return binder == null ? display : binder.bind(secrets);
    }

    @Override
    public String toString() { return String.valueOf(display); }

    @Override
    public boolean equals(Object o) { return o instanceof Statement s && s.display.equals(display); }

    @Override
    public int hashCode() { return display.hashCode(); }
}
