package dev.mlpc.core.spec;

/**
 * One thing wrong with the input, named by where it is, which field, and why.
 * Printed as {@code file:line:column: field: reason}.
 */
public record Problem(SourceLocation location, String field, String reason) {
    public String format() {
        return location + ": " + field + ": " + reason;
    }

    @Override
    public String toString() {
        return format();
    }
}
