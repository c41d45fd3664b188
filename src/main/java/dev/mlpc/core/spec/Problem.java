package dev.mlpc.core.spec;

import java.util.Locale;

/**
 * One thing wrong with the input, named by where it is, which field, and why.
 * Printed as {@code file:line:column: field: reason}.
 *
 * <p>Values are quoted with {@link #quote}: at most {@link #MAX_QUOTED} characters, control and spoofing characters
 * escaped ({@link SafeText}). As a net for messages built elsewhere, the field and the reason are escaped the same way
 * and a reason over {@link #MAX_REASON} characters is cut.
 */
public record Problem(SourceLocation location, String field, String reason) {
    /** The most characters of an offending value that a message quotes. */
    public static final int MAX_QUOTED = 200;
    /** The longest reason kept (a message quoting a huge value some other way is cut here). */
    public static final int MAX_REASON = 2_000;

    public Problem {
        field = shorten(SafeText.escape(field));
        reason = reason == null ? null : SafeText.escape(reason, false);
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "… (message cut at " + MAX_REASON + " characters)";
        }
    }

    public String format() {
        return location + ": " + field + ": " + reason;
    }

    /**
     * A value as messages quote it: {@code 'text'}, its unsafe characters escaped, at most {@link #MAX_QUOTED}
     * characters of it followed by {@code … (N characters)} when longer. {@code null} gives {@code null}.
     */
    public static String quote(Object value) {
        if (value == null) return "null";
        String s = String.valueOf(value);
        if (s.length() <= MAX_QUOTED) return "'" + SafeText.escape(s) + "'";
        int end = Character.isHighSurrogate(s.charAt(MAX_QUOTED - 1)) ? MAX_QUOTED - 1 : MAX_QUOTED;
        return "'" + SafeText.escape(s.substring(0, end)) + "…' ("
                + String.format(Locale.ROOT, "%,d", s.length()) + " characters)";
    }

    /** Text (a key, a path) cut to {@link #MAX_QUOTED} characters with {@code …}, unquoted. */
    public static String shorten(String s) {
        if (s == null || s.length() <= MAX_QUOTED) return s;
        return s.substring(0, MAX_QUOTED) + "…";
    }

    /** {@code U+001B} for a character. */
    public static String codePoint(int c) {
        return String.format(Locale.ROOT, "U+%04X", c);
    }

    @Override
    public String toString() {
        return format();
    }
}
