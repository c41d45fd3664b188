package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.BoundedReads;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.MoreDetails;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A role's privileges inside every database of the server (the role details' slow part, {@link MoreDetails}): its
 * privileges on schemas ({@code db.schema: USAGE, CREATE}), on the tables of each schema, one line per schema
 * ({@code db.schema: SELECT, INSERT on all 12 tables; UPDATE on some of 12 tables}), and its default privileges.
 * <p>
 * Cost: one catalog query on a connection of its own to list the databases (with whether the connection's user may
 * connect to each), then one short connection and one catalog query per database it may connect to,
 * {@link #PARALLELISM} at a time; never the session's cluster connection. A database that cannot be read (no
 * {@code CONNECT} privilege, not accepting connections, the connection refused or timing out) gets a note with the
 * reason and the others are read all the same.
 */
final class PostgresRoleGrants implements MoreDetails {
    /** Databases read at once: each is one connection and one query on the server. */
    static final int PARALLELISM = 4;

    private static final String DATABASES = """
            SELECT d.datname, d.datallowconn, has_database_privilege(d.oid, 'CONNECT')
            FROM pg_database d WHERE NOT d.datistemplate ORDER BY 1""";

    private final PgConnector connector;
    private final String role;
    private final int parallelism;

    PostgresRoleGrants(PgConnector connector, String role) {
        this(connector, role, PARALLELISM);
    }

    /** With another number of databases read at once (the benchmark compares them). */
    PostgresRoleGrants(PgConnector connector, String role, int parallelism) {
        this.connector = connector;
        this.role = role;
        this.parallelism = parallelism;
    }

    /** What one database gave: its lines, or why it could not be read. */
    private record InDatabase(List<String> schemas, List<String> tables, List<String> future, String unreadable) { }

    @Override
    public Map<String, Object> read(Progress progress, Consumer<Map<String, Object>> partial) throws ProviderException {
        Progress p = progress == null ? Progress.NONE : progress;
        Consumer<Map<String, Object>> out = partial == null ? m -> { } : partial;
        p.checkCancelled();
        p.status("listing the databases of " + connector.url().hostPort());
        List<String> readable = new ArrayList<>();
        Map<String, String> notes = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        try (Connection c = connector.open()) {
            new PgQuery(connector.querySeconds()).list(c, DATABASES, rs -> {
                String db = rs.getString(1);
                all.add(db);
                if (!rs.getBoolean(2)) notes.put(db, "does not accept connections (ALLOW_CONNECTIONS false)");
                else if (!rs.getBoolean(3)) notes.put(db, "no CONNECT privilege for the connection's user");
                else readable.add(db);
                return null;
            });
        } catch (SQLException e) {
            throw new ProviderException("listing the databases of " + connector.url().hostPort() + " failed: "
                    + PostgresSession.errorText(e));
        }
        Map<String, InDatabase> done = new java.util.concurrent.ConcurrentHashMap<>();
        int total = readable.size();
        out.accept(snapshot(all, done, notes, total, false));
        Progress counting = new Progress() {
            @Override public void status(String message) { p.status(message); }
            @Override public void worked(long d, long t) {
                p.worked(d, t);
                out.accept(snapshot(all, done, notes, total, false));
            }
            @Override public boolean cancelled() { return p.cancelled(); }
        };
        p.status("reading the privileges of " + role + " in " + total + " database" + (total == 1 ? "" : "s"));
        BoundedReads.describeAll(readable, parallelism, db -> {
            InDatabase r = inDatabase(db);
            done.put(db, r);
            return r;
        }, counting);
        return snapshot(all, done, notes, total, true);
    }

    /** One database: a connection of its own and one catalog query; a failure becomes the database's note. */
    private InDatabase inDatabase(String db) {
        List<String> schemas = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        List<String> future = new ArrayList<>();
        List<LiveNode> grants;
        try {
            grants = new PostgresGrantTree(connector, null, new PgQuery(connector.querySeconds()))
                    .inside("roles/" + PostgresTree.escape(role), db, "", role);
        } catch (ProviderException e) {
            return new InDatabase(List.of(), List.of(), List.of(), e.getMessage());
        } catch (SQLException e) {
            return new InDatabase(List.of(), List.of(), List.of(), PostgresSession.errorText(e));
        }
        for (LiveNode n : grants) {
            Map<String, Object> g = n.details();
            String where = db + "." + g.get("schema") + ": ";
            String held = String.join(", ", strings(g.get("privileges")));
            switch (String.valueOf(g.get("on"))) {
                case Privileges.SCHEMA -> schemas.add(where + held);
                case Privileges.ALL_TABLES -> {
                    Object count = g.get("tables");
                    List<String> parts = new ArrayList<>();
                    if (!held.isEmpty()) parts.add(held + " on all " + count + " tables");
                    List<String> some = strings(g.get("on_some_tables"));
                    if (!some.isEmpty()) parts.add(String.join(", ", some) + " on some of " + count + " tables");
                    tables.add(where + String.join("; ", parts));
                }
                case Privileges.DEFAULT_PRIVILEGES -> future.add(where + held + " on future " + g.get("object_type")
                        + " of " + g.get("for_role"));
                default -> { }
            }
        }
        return new InDatabase(schemas, tables, future, null);
    }

    /**
     * The details as far as they are known, databases in name order: the three lists, then how many databases were
     * looked into ({@code all 60}, {@code 58 of 60}, or {@code 12 of 58 so far…} while reading), then the notes of
     * the databases not read.
     */
    private static Map<String, Object> snapshot(List<String> all, Map<String, InDatabase> done, Map<String, String> notes,
                                                int readable, boolean finished) {
        List<String> schemas = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        List<String> future = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        int read = 0;
        for (String db : all) {
            String note = notes.get(db);
            InDatabase r = done.get(db);
            if (r != null && r.unreadable() != null) note = r.unreadable();
            if (note != null) {
                unread.add(db + ": " + note);
                continue;
            }
            if (r == null) continue;
            read++;
            schemas.addAll(r.schemas());
            tables.addAll(r.tables());
            future.addAll(r.future());
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("privileges on schemas", schemas);
        d.put("privileges on tables", tables);
        d.put("default privileges", future);
        int finishedCount = done.size();
        d.put("databases looked into", !finished ? finishedCount + " of " + readable + " so far…"
                : read == all.size() ? "all " + all.size() : read + " of " + all.size());
        if (!unread.isEmpty()) d.put("databases not read", unread);
        return d;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) l.forEach(x -> out.add(String.valueOf(x)));
        return out;
    }
}
