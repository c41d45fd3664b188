package dev.mlpc.providers.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A {@code jdbc:postgresql://host[:port][,host2[:port2]]/database[?params]} URL, split so that the same server can be
 * reached in another database. Database names are URL-encoded, as the driver decodes them.
 * <p>
 * Credentials do not belong in the URL: a URL with user information ({@code user:password@host}) does not parse, and
 * nothing here puts a URL into a message; {@link #redact} masks what could be a credential in text that might hold one
 * (a driver's message).
 */
public record PgUrl(String hosts, String database, String query) {
    public static final String PREFIX = "jdbc:postgresql://";

    /** {@code //userinfo@} in any URL-like text. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/\\s@?#]*(?:[?#][^/\\s@]*)?@");
    /** {@code password=...} / {@code sslpassword=...} query parameters. */
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;](?:ssl)?password=)[^&\\s]*");

    /**
     * Parses a URL; null when it does not have the {@code jdbc:postgresql://host/...} form or carries user information
     * ({@code user[:password]@} before the host).
     */
    public static PgUrl parse(String url) {
        if (url == null || !url.startsWith(PREFIX) || hasUserInfo(url)) return null;
        String rest = url.substring(PREFIX.length());
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q);
        String main = q < 0 ? rest : rest.substring(0, q);
        int slash = main.indexOf('/');
        String hosts = slash < 0 ? main : main.substring(0, slash);
        if (hosts.isEmpty()) return null;
        String db = slash < 0 ? "" : URLDecoder.decode(main.substring(slash + 1), StandardCharsets.UTF_8);
        return new PgUrl(hosts, db, query);
    }

    /**
     * True when a URL (of any scheme) has user information: an {@code @} between {@code //} and the path. Checked up to
     * the first {@code /} after the host, so a password containing {@code ?} or {@code #} is still found.
     */
    public static boolean hasUserInfo(String url) {
        if (url == null) return false;
        int s = url.indexOf("//");
        if (s < 0) return false;
        String rest = url.substring(s + 2);
        int slash = rest.indexOf('/');
        return (slash < 0 ? rest : rest.substring(0, slash)).indexOf('@') >= 0;
    }

    /** The text with any URL user information and password parameters replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) return null;
        String t = USER_INFO.matcher(text).replaceAll("//***@");
        return PASSWORD_PARAM.matcher(t).replaceAll("$1***");
    }

    /** The same server, another database. */
    public PgUrl withDatabase(String name) {
        return new PgUrl(hosts, name, query);
    }

    /**
     * The server(s) as {@code host:port}, the port defaulting to 5432: what error messages name. Never includes user
     * information, should a {@code PgUrl} have been built with some.
     */
    public String hostPort() {
        String first = hosts.split(",")[0];
        int at = first.lastIndexOf('@');
        if (at >= 0) first = first.substring(at + 1);
        boolean hasPort = first.startsWith("[") ? first.contains("]:") : first.contains(":");
        return hasPort ? first : first + ":5432";
    }

    /** The URL to connect with. Not for messages: use {@link #hostPort()}. */
    public String jdbc() {
        return PREFIX + hosts + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8) + query;
    }

    /** The URL with user information and password parameters masked, so that a stray log line leaks nothing. */
    @Override
    public String toString() { return redact(jdbc()); }
}
