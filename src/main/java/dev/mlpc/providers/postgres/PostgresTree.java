package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.ResourceKey;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live tree of a PostgreSQL server, one catalog query per expansion:
 * <pre>
 * Databases / &lt;database&gt; / Schemas / &lt;schema&gt; / &lt;table&gt;
 *                           / Extensions / &lt;extension&gt;
 *                  / Privileges / &lt;grant&gt;       (and under each schema: Privileges / &lt;grant&gt;)
 * Roles / &lt;role&gt; / &lt;grant&gt;, Objects in &lt;database&gt; / &lt;grant&gt;
 * </pre>
 * Grants: {@link PostgresGrantTree}.
 * Paths are {@code /}-separated segments, each segment percent-escaped ({@code %} and {@code /}), so any name maps to
 * exactly one path and back.
 */
final class PostgresTree {
    private static final String DATABASES = """
            SELECT d.datname, pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), d.datcollate, d.datctype,
                   d.datconnlimit, shobj_description(d.oid, 'pg_database'), d.datallowconn
            FROM pg_database d WHERE NOT d.datistemplate ORDER BY 1""";

    private static final String ROLES = """
            SELECT r.rolname, r.rolcanlogin, r.rolinherit, r.rolcreatedb, r.rolcreaterole, r.rolconnlimit, r.rolsuper,
                   ARRAY(SELECT DISTINCT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                         WHERE m.member = r.oid ORDER BY 1),
                   shobj_description(r.oid, 'pg_authid')
            FROM pg_roles r WHERE r.rolname NOT LIKE 'pg\\_%' ORDER BY 1""";

    private static final String SCHEMAS = """
            SELECT n.nspname, pg_get_userbyid(n.nspowner), obj_description(n.oid, 'pg_namespace'),
                   (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r','p','v','m','f'))
            FROM pg_namespace n
            WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ORDER BY 1""";

    private static final String TABLES = """
            SELECT c.relname, c.relkind::text, pg_get_userbyid(c.relowner), c.reltuples::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relkind IN ('r','p','v','m','f') ORDER BY 1""";

    private static final String EXTENSIONS = """
            SELECT e.extname, e.extversion, n.nspname
            FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace ORDER BY 1""";

    private final PgConnector connector;
    private final Connection cluster;
    private final PgQuery query;

    PostgresTree(PgConnector connector, Connection cluster) {
        this.connector = connector;
        this.cluster = cluster;
        this.query = new PgQuery(connector.querySeconds());
    }

    List<LiveNode> children(LiveNode parent) throws ProviderException, SQLException {
        if (parent == null) {
            return List.of(folder("databases", "Databases"), folder("roles", "Roles"));
        }
        List<String> p = split(parent.path());
        String raw = parent.path();
        PostgresGrantTree grants = new PostgresGrantTree(connector, cluster, query);
        if (p.size() == 3 && p.get(0).equals("databases") && raw.endsWith("/" + PostgresGrantTree.GRANTS)) {
            return grants.ofDatabase(raw, p.get(1));
        }
        if (p.size() == 5 && p.get(0).equals("databases") && raw.endsWith("/" + PostgresGrantTree.GRANTS)) {
            return grants.inside(raw, p.get(1), p.get(3), "");
        }
        if (p.size() == 2 && p.get(0).equals("roles")) return grants.ofRole(raw, p.get(1));
        if (p.size() == 4 && p.get(0).equals("roles") && raw.contains("/" + PostgresGrantTree.IN + "/")) {
            return grants.inside(raw, p.get(3), "", p.get(1));
        }
        if (p.equals(List.of("databases"))) return databases();
        if (p.equals(List.of("roles"))) return roles();
        if (p.size() == 2 && p.get(0).equals("databases")) {
            String base = parent.path() + "/";
            return List.of(folder(base + "schemas", "Schemas"), folder(base + "extensions", "Extensions"),
                    folder(base + PostgresGrantTree.GRANTS, "Privileges", Map.of("database", p.get(1))));
        }
        if (p.size() == 3 && p.get(2).equals("schemas")) return schemas(parent.path(), p.get(1));
        if (p.size() == 3 && p.get(2).equals("extensions")) return extensions(parent.path(), p.get(1));
        if (p.size() == 4 && p.get(2).equals("schemas")) {
            List<LiveNode> out = new ArrayList<>();
            out.add(folder(parent.path() + "/" + PostgresGrantTree.GRANTS, "Privileges",
                    Map.of("database", p.get(1), "schema", p.get(3))));
            out.addAll(tables(parent.path(), p.get(1), p.get(3)));
            return out;
        }
        return List.of();
    }

    /**
     * One query: databases and roles of the server, schemas and tables (views, …) of the cluster connection's
     * database whose names contain {@code text}, case-insensitive, at most {@code limit}, in tree order.
     */
    private static final String SEARCH = """
            SELECT k, db, s, n, rk FROM (
              SELECT 1 AS o, 'database' AS k, d.datname::text AS db, NULL::text AS s, d.datname::text AS n, NULL::text AS rk
              FROM pg_database d WHERE NOT d.datistemplate AND strpos(lower(d.datname), lower(?)) > 0
              UNION ALL
              SELECT 2, 'role', NULL, NULL, r.rolname, NULL FROM pg_roles r
              WHERE r.rolname NOT LIKE 'pg\\_%' AND strpos(lower(r.rolname), lower(?)) > 0
              UNION ALL
              SELECT 3, 'schema', current_database(), n.nspname, n.nspname, NULL FROM pg_namespace n
              WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' AND strpos(lower(n.nspname), lower(?)) > 0
              UNION ALL
              SELECT 4, 'table', current_database(), n.nspname, c.relname, c.relkind::text
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r','p','v','m','f') AND n.nspname NOT LIKE 'pg\\_%'
                AND n.nspname <> 'information_schema' AND strpos(lower(c.relname), lower(?)) > 0
            ) x ORDER BY o, db, s, n LIMIT ?""";

    private static final String TABLE_DETAILS = """
            SELECT ARRAY(SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                         FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
                   pg_size_pretty(pg_total_relation_size(c.oid)), pg_total_relation_size(c.oid), c.reltuples::bigint,
                   obj_description(c.oid, 'pg_class')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?""";

    private static final String ROLE_DETAILS = """
            SELECT ARRAY(SELECT m.rolname::text FROM pg_auth_members am JOIN pg_roles m ON m.oid = am.member
                         WHERE am.roleid = r.oid ORDER BY 1),
                   ARRAY(SELECT d.datname || ': ' || string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type)
                         FROM pg_database d CROSS JOIN LATERAL aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                         WHERE a.grantee = r.oid AND NOT d.datistemplate GROUP BY d.datname ORDER BY 1),
                   ARRAY(SELECT d.datname::text FROM pg_database d WHERE d.datdba = r.oid ORDER BY 1)
            FROM pg_roles r WHERE r.rolname = ?""";

    /**
     * One query for the details pane: a table's columns (name, type, NOT NULL), total size with indexes and TOAST, row
     * estimate and comment; a role's members, privileges on databases and the databases it owns (its privileges inside
     * the databases are the slow part: {@link PostgresRoleGrants}). Others: none.
     */
    Map<String, Object> describe(LiveNode node) throws ProviderException, SQLException {
        List<String> p = split(node.path());
        Map<String, Object> d = new LinkedHashMap<>();
        if (node.kind().equals("table") && p.size() == 5 && p.get(0).equals("databases")) {
            try (Connection c = connector.open(p.get(1))) {
                query.list(c, TABLE_DETAILS, rs -> {
                    d.put("columns", PgQuery.strings(rs, 1));
                    d.put("size", rs.getString(2) + " (" + rs.getLong(3) + " bytes, with indexes and TOAST)");
                    long rows = rs.getLong(4);
                    d.put("row estimate", rows < 0 ? "never analysed" : rows);
                    putIfSet(d, "comment", rs.getString(5));
                    return null;
                }, p.get(3), p.get(4));
            }
        } else if (node.kind().equals("role") && p.size() == 2) {
            query.list(cluster, ROLE_DETAILS, rs -> {
                d.put("members", PgQuery.strings(rs, 1));
                d.put("privileges on databases", PgQuery.strings(rs, 2));
                d.put("owns databases", PgQuery.strings(rs, 3));
                return null;
            }, p.get(1));
        }
        return d;
    }

    /** Whole-connection search: {@link #SEARCH}, one query on the cluster connection. */
    List<LiveNode> search(String text, int limit) throws SQLException {
        return query.list(cluster, SEARCH, rs -> {
            String kind = rs.getString(1);
            String db = rs.getString(2);
            String schema = rs.getString(3);
            String name = rs.getString(4);
            Map<String, Object> d = new LinkedHashMap<>();
            return switch (kind) {
                case "database" -> new LiveNode("databases/" + escape(name), name, "database", false,
                        new ResourceKey(PostgresTypes.DATABASE, name), d);
                case "role" -> new LiveNode("roles/" + escape(name), name, "role", false,
                        new ResourceKey(PostgresTypes.ROLE, name), d);
                case "schema" -> {
                    d.put("database", db);
                    yield new LiveNode("databases/" + escape(db) + "/schemas/" + escape(name), name, "schema", false,
                            new ResourceKey(PostgresTypes.SCHEMA, name), d);
                }
                default -> {
                    d.put("database", db);
                    d.put("schema", schema);
                    d.put("kind", relkind(rs.getString(5)));
                    yield new LiveNode(tablePath(db, schema, name), name, "table", true, null, d);
                }
            };
        }, text, text, text, text, limit);
    }

    private List<LiveNode> databases() throws SQLException {
        return query.list(cluster, DATABASES, rs -> {
            String name = rs.getString(1);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("owner", rs.getString(2));
            d.put("encoding", rs.getString(3));
            d.put("lc_collate", rs.getString(4));
            d.put("lc_ctype", rs.getString(5));
            d.put("connection_limit", rs.getLong(6));
            putIfSet(d, "comment", rs.getString(7));
            boolean allowConn = rs.getBoolean(8);
            if (!allowConn) d.put("allow_connections", false);
            return new LiveNode("databases/" + escape(name), name, "database", !allowConn,
                    new ResourceKey(PostgresTypes.DATABASE, name), d);
        });
    }

    private List<LiveNode> roles() throws SQLException {
        return query.list(cluster, ROLES, rs -> {
            String name = rs.getString(1);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("login", rs.getBoolean(2));
            d.put("inherit", rs.getBoolean(3));
            d.put("createdb", rs.getBoolean(4));
            d.put("createrole", rs.getBoolean(5));
            d.put("connection_limit", rs.getLong(6));
            if (rs.getBoolean(7)) d.put("superuser", true);
            d.put("member_of", PgQuery.strings(rs, 8));
            putIfSet(d, "comment", rs.getString(9));
            return new LiveNode("roles/" + escape(name), name, "role", false, new ResourceKey(PostgresTypes.ROLE, name), d);
        });
    }

    private List<LiveNode> schemas(String path, String db) throws ProviderException, SQLException {
        try (Connection c = connector.open(db)) {
            return query.list(c, SCHEMAS, rs -> {
                String name = rs.getString(1);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("database", db);
                d.put("owner", rs.getString(2));
                putIfSet(d, "comment", rs.getString(3));
                d.put("tables", rs.getLong(4));
                return new LiveNode(path + "/" + escape(name), name, "schema", false,
                        new ResourceKey(PostgresTypes.SCHEMA, name), d);
            });
        }
    }

    private List<LiveNode> tables(String path, String db, String schema) throws ProviderException, SQLException {
        try (Connection c = connector.open(db)) {
            c.setAutoCommit(false);
            List<LiveNode> out = query.list(c, TABLES, rs -> {
                String name = rs.getString(1);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("kind", relkind(rs.getString(2)));
                d.put("owner", rs.getString(3));
                long rows = rs.getLong(4);
                if (rows >= 0) d.put("estimated_rows", rows);
                return new LiveNode(path + "/" + escape(name), name, "table", true, null, d);
            }, schema);
            c.commit();
            return out;
        }
    }

    private List<LiveNode> extensions(String path, String db) throws ProviderException, SQLException {
        try (Connection c = connector.open(db)) {
            return query.list(c, EXTENSIONS, rs -> {
                String name = rs.getString(1);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("database", db);
                d.put("version", rs.getString(2));
                d.put("schema", rs.getString(3));
                return new LiveNode(path + "/" + escape(name), name, "extension", true,
                        new ResourceKey(PostgresTypes.EXTENSION, name), d);
            });
        }
    }

    private static String relkind(String k) {
        return switch (k) {
            case "v" -> "view";
            case "m" -> "materialized view";
            case "f" -> "foreign table";
            case "p" -> "partitioned table";
            default -> "table";
        };
    }

    private static LiveNode folder(String path, String label) {
        return folder(path, label, Map.of());
    }

    private static LiveNode folder(String path, String label, Map<String, Object> details) {
        return new LiveNode(path, label, "folder", false, null, details);
    }

    private static void putIfSet(Map<String, Object> d, String key, Object value) {
        if (value != null) d.put(key, value);
    }

    /** The live-tree path of a table: {@code databases/<db>/schemas/<schema>/<table>}, each segment escaped. */
    static String tablePath(String database, String schema, String table) {
        return "databases/" + escape(database) + "/schemas/" + escape(schema) + "/" + escape(table);
    }

    /**
     * The path of the node of a database, role, schema, extension or table ({@code postgres.table}) from its name and
     * containers ({@code database}, {@code schema}) as stored; null for other kinds or without a container.
     */
    static String path(String type, String name, Map<String, String> containers) {
        if (name == null || name.isEmpty()) return null;
        String db = containers.get("database");
        String schema = containers.get("schema");
        return switch (type) {
            case PostgresTypes.DATABASE -> "databases/" + escape(name);
            case PostgresTypes.ROLE -> "roles/" + escape(name);
            case PostgresTypes.SCHEMA -> db == null ? null : "databases/" + escape(db) + "/schemas/" + escape(name);
            case PostgresTypes.EXTENSION -> db == null ? null : "databases/" + escape(db) + "/extensions/" + escape(name);
            case "postgres.table" -> db == null || schema == null ? null : tablePath(db, schema, name);
            default -> null;
        };
    }

    /** The node that would list a stack resource (a grant: the Privileges folder of what it is on). */
    static String parentPath(dev.mlpc.core.spec.Resource r) {
        String db = r.string("database");
        String schema = r.string("schema");
        return switch (r.type()) {
            case PostgresTypes.GRANT -> db == null ? null : Privileges.DATABASE.equalsIgnoreCase(r.string("on"))
                    ? "databases/" + escape(db) + "/" + PostgresGrantTree.GRANTS
                    : schema == null ? null : "databases/" + escape(db) + "/schemas/" + escape(schema) + "/" + PostgresGrantTree.GRANTS;
            case PostgresTypes.DATABASE -> "databases";
            case PostgresTypes.ROLE -> "roles";
            case PostgresTypes.SCHEMA -> db == null ? null : "databases/" + escape(db) + "/schemas";
            case PostgresTypes.EXTENSION -> db == null ? null : "databases/" + escape(db) + "/extensions";
            default -> null;
        };
    }

    /** {@link #parentPath}, and for a grant also its role's node that lists it: the role, or its {@code Objects in <db>}. */
    static List<String> parentPaths(dev.mlpc.core.spec.Resource r) {
        String first = parentPath(r);
        List<String> out = new ArrayList<>();
        if (first != null) out.add(first);
        String role = r.string("role");
        String db = r.string("database");
        if (first != null && r.type().equals(PostgresTypes.GRANT) && role != null) {
            out.add(Privileges.DATABASE.equalsIgnoreCase(r.string("on")) ? "roles/" + escape(role)
                    : "roles/" + escape(role) + "/" + PostgresGrantTree.IN + "/" + escape(db));
        }
        return List.copyOf(out);
    }

    /** Escapes one path segment: {@code %} and {@code /}. */
    static String escape(String segment) {
        return segment.replace("%", "%25").replace("/", "%2F");
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/", -1)) out.add(s.replace("%2F", "/").replace("%25", "%"));
        return out;
    }
}
