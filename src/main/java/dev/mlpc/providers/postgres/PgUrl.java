package dev.mlpc.providers.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A {@code jdbc:postgresql://host[:port][,host2[:port2]]/database[?params]} URL, split so that the same server can be
 * reached in another database. Database names are URL-encoded, as the driver decodes them.
 */
public record PgUrl(String hosts, String database, String query) {
    public static final String PREFIX = "jdbc:postgresql://";

    /** Parses a URL; null when it does not have the {@code jdbc:postgresql://host/...} form. */
    public static PgUrl parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) return null;
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

    /** The same server, another database. */
    public PgUrl withDatabase(String name) {
        return new PgUrl(hosts, name, query);
    }

    /** The server(s) as {@code host:port}, the port defaulting to 5432: what error messages name. */
    public String hostPort() {
        String first = hosts.split(",")[0];
        boolean hasPort = first.startsWith("[") ? first.contains("]:") : first.contains(":");
        return hasPort ? first : first + ":5432";
    }

    public String jdbc() {
        return PREFIX + hosts + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8) + query;
    }

    @Override
    public String toString() { return jdbc(); }
}
