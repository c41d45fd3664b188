package dev.mlpc.core.spec;

/**
 * Characters that must not reach a terminal or a name as they are, and the one way to show them.
 *
 * <ul>
 *   <li><b>control characters</b>: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F). ESC, BEL or CSI in text
 *       printed to a terminal can move the cursor, erase lines or retitle the window: a comment could hide a
 *       {@code drop} line of a plan;</li>
 *   <li><b>format characters that spoof</b>: bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 *       U+2066–U+2069), the marks U+200E, U+200F and U+061C, zero-width characters (U+200B–U+200D, U+2060, U+FEFF),
 *       and the line and paragraph separators U+2028/U+2029. They make two different names look alike or reorder
 *       what is shown.</li>
 * </ul>
 * {@link #escape} writes each such character as {@code \}{@code uXXXX} (lower-case hex), so printed user data shows
 * exactly which characters it holds.
 */
public final class SafeText {
    private SafeText() {
    }

    /** C0, DEL or C1. */
    public static boolean isControl(int c) {
        return c < 0x20 || c >= 0x7F && c <= 0x9F;
    }

    /** A bidirectional control, a zero-width character or a line/paragraph separator (see the class comment). */
    public static boolean isSpoofing(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x200E || c == 0x200F || c == 0x061C
                || c >= 0x200B && c <= 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x2028 || c == 0x2029;
    }

    /** True for a character {@link #escape} rewrites (line breaks and tabs included). */
    public static boolean isUnsafe(int c) {
        return isControl(c) || isSpoofing(c);
    }

    /**
     * Index of the first control character in {@code s}, or -1. With {@code allowLineBreaks}, tab and line feed are
     * allowed (free text such as a comment may span lines); carriage return never is (it rewrites the line shown).
     */
    public static int firstControl(String s, boolean allowLineBreaks) {
        if (s == null) return -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c) && !(allowLineBreaks && (c == '\n' || c == '\t'))) return i;
        }
        return -1;
    }

    /** Index of the first bidirectional control or zero-width character in {@code s}, or -1. */
    public static int firstSpoofing(String s) {
        if (s == null) return -1;
        for (int i = 0; i < s.length(); i++) {
            if (isSpoofing(s.charAt(i))) return i;
        }
        return -1;
    }

    /** Every unsafe character as {@code \}{@code uXXXX}; line feed and tab too. For one-line output (names, messages). */
    public static String escape(String s) {
        return escape(s, false);
    }

    /**
     * Every unsafe character as {@code \}{@code uXXXX}; with {@code keepLineBreaks}, line feed and tab stay as they are
     * (multi-line output such as a statement), carriage return is still escaped.
     */
    public static String escape(String s, boolean keepLineBreaks) {
        if (s == null) return null;
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i), keepLineBreaks)) i++;
        if (i == s.length()) return s;
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (needsEscape(c, keepLineBreaks)) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }

    private static boolean needsEscape(char c, boolean keepLineBreaks) {
        if (keepLineBreaks && (c == '\n' || c == '\t')) return false;
        return isUnsafe(c);
    }
}
