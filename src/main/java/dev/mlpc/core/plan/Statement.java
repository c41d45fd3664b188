package dev.mlpc.core.plan;

import dev.mlpc.core.spec.SecretResolver;

import java.util.Objects;

/**
 * One statement a change runs: a SQL string for SQL systems, a request object (a Map) for API systems.
 * {@link #display()} is what plans, generated files and journals show; it never contains a secret. Statements that need
 * a secret build their executable form only at apply time, from the resolver.
 * <p>
 * {@link #target()} says where a statement runs when one connection is not enough (for PostgreSQL: the database
 * that holds the object); null means the session's default connection.
 */
public final class Statement {
    /** Builds the executable form once the secrets can be read. */
    @FunctionalInterface
    public interface Binder {
        Object bind(SecretResolver secrets) throws SecretResolver.SecretUnavailableException;
    }

    private final Object display;
    private final Binder binder;
    private final String target;

    private Statement(Object display, Binder binder, String target) {
        this.display = Objects.requireNonNull(display);
        this.binder = binder;
        this.target = target;
    }

    public static Statement of(Object display) {
        return new Statement(display, null, null);
    }

    /** A statement whose executable form carries a secret that the display form only names. */
    public static Statement withSecret(Object display, Binder binder) {
        return new Statement(display, Objects.requireNonNull(binder), null);
    }

    /** The same statement, to be run in {@code target} (e.g. a PostgreSQL database) instead of the default place. */
    public Statement in(String target) {
        return new Statement(display, binder, target);
    }

    public Object display() { return display; }

    /** Where the statement runs; null: the session's default connection. */
    public String target() { return target; }

    public boolean needsSecret() { return binder != null; }

    public Object executable(SecretResolver secrets) throws SecretResolver.SecretUnavailableException {
        return binder == null ? display : binder.bind(secrets);
    }

    @Override
    public String toString() { return String.valueOf(display); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Statement s && s.display.equals(display) && Objects.equals(s.target, target);
    }

    @Override
    public int hashCode() { return Objects.hash(display, target); }
}
