package dev.mlpc.core.spec;

/** A position in a source file: 1-based line and column. */
public record SourceLocation(String file, int line, int column) {
    public static SourceLocation unknown(String file) {
        return new SourceLocation(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
