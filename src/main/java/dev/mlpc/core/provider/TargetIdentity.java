package dev.mlpc.core.provider;

import java.util.regex.Pattern;

/** Helpers for {@link Provider#targetIdentity}: one line, no URL user information, no password parameter. */
public final class TargetIdentity {
    private static final Pattern USER_INFO = Pattern.compile("//[^/\\s@?#]*(?:[?#][^/\\s@]*)?@");
    private static final Pattern QUERY = Pattern.compile("[?#;].*$");

    private TargetIdentity() {
    }

    /**
     * {@code text} on one line with any {@code user:password@} of a URL removed and any query part (where
     * {@code password=} parameters live) cut off; empty for null.
     */
    public static String clean(String text) {
        if (text == null) return "";
        String t = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        t = USER_INFO.matcher(t).replaceAll("//");
        int at = t.indexOf('@');
        int slash = t.indexOf('/');
        if (at >= 0 && (slash < 0 || at < slash)) t = t.substring(at + 1); // host-only form that kept "user:pw@host"
        return QUERY.matcher(t).replaceFirst("").strip();
    }
}
