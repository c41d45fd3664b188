package dev.mlpc.core.plan;

/**
 * Something the admin should know about a plan that is not an error: {@code rule} is a stable identifier.
 * {@code severity} is null for the providers' own warnings; governance findings carry {@code warning} or {@code error}
 * (an error blocks the apply) and the plan JSON then shows it as an extra {@code "severity"} field. A provider's notes
 * about live objects ({@link Renderer#notes}) carry {@link #INFO}: shown as {@code note:}, never blocking.
 */
public record PlanWarning(String type, String name, String rule, String message, String severity) {
    /** The severity of a note: information about a live object (a URL), not a problem. */
    public static final String INFO = "info";

    public PlanWarning(String type, String name, String rule, String message) {
        this(type, name, rule, message, null);
    }
}
