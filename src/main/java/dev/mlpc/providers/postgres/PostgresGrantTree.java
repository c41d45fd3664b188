package dev.mlpc.providers.postgres;

import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.spec.ResourceKey;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Privileges in the PostgreSQL live tree, one catalog query per expansion. A grant node stands for what one
 * {@code postgres.grant} manages (one ACL target and one grantee: a database, a schema, all tables of a schema, or the
 * default privileges of one owner role for one object type in a schema) and carries the key such a resource has live
 * ({@link #liveName}), so drift marks it. Privileges are shown in canonical order; for all tables, those the role
 * holds on every table are the grant's, those on some tables only are listed apart ({@code on_some_tables}), as the
 * inventory reader observes them.
 * <pre>
 * Roles / &lt;role&gt; / &lt;its database grants&gt;, Objects in &lt;db&gt; / &lt;its schema, table, default grants there&gt;
 * Databases / &lt;db&gt; / Privileges / &lt;who has what on the database&gt;
 *                  / Schemas / &lt;schema&gt; / Privileges / &lt;who has what on the schema, its tables, its future objects&gt;
 * </pre>
 */
final class PostgresGrantTree {
    /** Raw path segments of the privileges folders; an escaped name never starts with a bare {@code %}. */
    static final String GRANTS = "%grants";
    static final String IN = "%in";

    private static final String TABLE_KINDS = "('r','p','v','m','f')";

    /** Per database: the role's privileges on it (empty when none), and whether it accepts connections. */
    private static final String ROLE_DATABASES = """
            SELECT d.datname, d.datallowconn,
                   ARRAY(SELECT a.privilege_type FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                         JOIN pg_roles g ON g.oid = a.grantee WHERE g.rolname = ?)
            FROM pg_database d WHERE NOT d.datistemplate ORDER BY 1""";

    /** Who has what on one database. */
    private static final String DATABASE_ACL = """
            SELECT g.rolname, array_agg(a.privilege_type::text)
            FROM pg_database d CROSS JOIN LATERAL aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
            JOIN pg_roles g ON g.oid = a.grantee
            WHERE d.datname = ? GROUP BY g.rolname ORDER BY 1""";

    /**
     * Schema, all-tables and default privileges inside the connected database, for one schema or one grantee ('' for
     * any): kind, schema, grantee, owner role (defaults), object type letter (defaults), privileges held (on every
     * table for all tables), privileges on some tables only, number of tables.
     */
    private static final String INSIDE = """
            WITH ns AS (SELECT n.oid, n.nspname, n.nspacl, n.nspowner FROM pg_namespace n
                        WHERE n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema'
                          AND (? = '' OR n.nspname = ?)),
                 roles AS (SELECT oid, rolname FROM pg_roles WHERE (? = '' OR rolname = ?))
            SELECT 'schema', ns.nspname, g.rolname, NULL, NULL, array_agg(a.privilege_type::text), '{}'::text[], NULL::bigint
            FROM ns CROSS JOIN LATERAL aclexplode(coalesce(ns.nspacl, acldefault('n', ns.nspowner))) a
            JOIN roles g ON g.oid = a.grantee
            GROUP BY ns.nspname, g.rolname
            UNION ALL
            SELECT 'all_tables', x.nspname, x.rolname, NULL, NULL,
                   coalesce(array_agg(x.privilege_type) FILTER (WHERE x.tables = x.total), '{}'),
                   coalesce(array_agg(x.privilege_type) FILTER (WHERE x.tables < x.total), '{}'), max(x.total)
            FROM (SELECT ns.nspname, g.rolname, a.privilege_type::text AS privilege_type, count(DISTINCT c.oid) AS tables,
                         (SELECT count(*) FROM pg_class t WHERE t.relnamespace = ns.oid AND t.relkind IN %1$s) AS total
                  FROM ns JOIN pg_class c ON c.relnamespace = ns.oid AND c.relkind IN %1$s
                  CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
                  JOIN roles g ON g.oid = a.grantee
                  GROUP BY ns.oid, ns.nspname, g.rolname, a.privilege_type) x
            GROUP BY x.nspname, x.rolname
            UNION ALL
            SELECT 'default_privileges', ns.nspname, g.rolname, o.rolname, d.defaclobjtype::text,
                   array_agg(a.privilege_type::text), '{}'::text[], NULL::bigint
            FROM pg_default_acl d JOIN ns ON ns.oid = d.defaclnamespace JOIN pg_roles o ON o.oid = d.defaclrole
            CROSS JOIN LATERAL aclexplode(d.defaclacl) a JOIN roles g ON g.oid = a.grantee
            GROUP BY ns.nspname, g.rolname, o.rolname, d.defaclobjtype
            ORDER BY 2, 1, 3, 4""".formatted(TABLE_KINDS);

    private final PgConnector connector;
    private final Connection cluster;
    private final PgQuery query;

    PostgresGrantTree(PgConnector connector, Connection cluster, PgQuery query) {
        this.connector = connector;
        this.cluster = cluster;
        this.query = query;
    }

    /** A role's children: its privileges on each database, then a folder per database it may look into. */
    List<LiveNode> ofRole(String path, String role) throws SQLException {
        List<LiveNode> grants = new ArrayList<>();
        List<LiveNode> folders = new ArrayList<>();
        query.list(cluster, ROLE_DATABASES, rs -> {
            String db = rs.getString(1);
            List<String> privileges = PgQuery.strings(rs, 3);
            if (!privileges.isEmpty()) grants.add(grant(path + "/" + PostgresTree.escape(db) + "@database", role,
                    Privileges.DATABASE, db, null, null, null, privileges, List.of(), null));
            if (rs.getBoolean(2)) {
                folders.add(new LiveNode(path + "/" + IN + "/" + PostgresTree.escape(db), "Objects in " + db, "folder",
                        false, null, Map.of("database", db, "role", role)));
            }
            return null;
        }, role);
        grants.addAll(folders);
        return grants;
    }

    /** Who has what on one database. */
    List<LiveNode> ofDatabase(String path, String db) throws SQLException {
        return query.list(cluster, DATABASE_ACL, rs -> grant(path + "/" + PostgresTree.escape(rs.getString(1)),
                rs.getString(1), Privileges.DATABASE, db, null, null, null, PgQuery.strings(rs, 2), List.of(), null), db);
    }

    /** Schema, all-tables and default privileges in {@code db}, of one schema or held by one role ({@code ""}: any). */
    List<LiveNode> inside(String path, String db, String schema, String role)
            throws SQLException, dev.mlpc.core.provider.ProviderException {
        try (Connection c = connector.open(db)) {
            List<LiveNode> out = new ArrayList<>();
            query.list(c, INSIDE, rs -> {
                String on = rs.getString(1);
                String objectType = rs.getString(5) == null ? null : objectType(rs.getString(5));
                if (on.equals(Privileges.DEFAULT_PRIVILEGES) && objectType == null) return null;
                List<String> held = PgQuery.strings(rs, 6);
                List<String> some = PgQuery.strings(rs, 7);
                if (held.isEmpty() && some.isEmpty()) return null;
                String grantee = rs.getString(3);
                String s = rs.getString(2);
                long tables = rs.getLong(8);
                Long count = rs.wasNull() ? null : tables;
                String id = String.join("@", PostgresTree.escape(grantee), on, PostgresTree.escape(s),
                        rs.getString(4) == null ? "" : PostgresTree.escape(rs.getString(4)), objectType == null ? "" : objectType);
                out.add(grant(path + "/" + PostgresTree.escape(id), grantee, on, db, s, rs.getString(4), objectType, held, some, count));
                return null;
            }, schema, schema, role, role);
            return out;
        }
    }

    private static LiveNode grant(String path, String role, String on, String db, String schema, String forRole,
                                  String objectType, List<String> held, List<String> onSome, Long tables) {
        List<String> privileges = Privileges.canonical(held);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("role", role);
        d.put("on", on);
        d.put("database", db);
        if (schema != null) d.put("schema", schema);
        if (forRole != null) d.put("for_role", forRole);
        if (objectType != null) d.put("object_type", objectType);
        d.put("privileges", privileges);
        if (!onSome.isEmpty()) d.put("on_some_tables", Privileges.canonical(onSome));
        if (tables != null) d.put("tables", tables);
        String name = liveName(role, on, db, schema, forRole, objectType);
        String shown = privileges.isEmpty() ? "(some tables: " + String.join(", ", Privileges.canonical(onSome)) + ")"
                : String.join(", ", privileges);
        return new LiveNode(path, name + ": " + shown, "grant", true, new ResourceKey(PostgresTypes.GRANT, name), d);
    }

    /**
     * The name a grant carries in the live tree, for the ACL entry it manages: {@code <role> ON DATABASE <db>},
     * {@code <role> ON SCHEMA <db>.<schema>}, {@code <role> ON ALL TABLES IN <db>.<schema>}, {@code <role> ON FUTURE
     * <object type> OF <for_role> IN <db>.<schema>}. Drift matches a stack grant to its node by it.
     */
    static String liveName(String role, String on, String db, String schema, String forRole, String objectType) {
        String where = schema == null ? db : db + "." + schema;
        return switch (on == null ? "" : on.toLowerCase(Locale.ROOT)) {
            case Privileges.DATABASE -> role + " ON DATABASE " + db;
            case Privileges.SCHEMA -> role + " ON SCHEMA " + where;
            case Privileges.ALL_TABLES -> role + " ON ALL TABLES IN " + where;
            case Privileges.DEFAULT_PRIVILEGES -> role + " ON FUTURE " + (objectType == null ? "tables" : objectType.toLowerCase(Locale.ROOT))
                    + " OF " + forRole + " IN " + where;
            default -> role + " ON " + on + " " + where;
        };
    }

    /** {@link #liveName} of a stack grant. */
    static String liveName(dev.mlpc.core.spec.Resource grant) {
        return liveName(grant.string("role"), grant.string("on"), grant.string("database"), grant.string("schema"),
                grant.string("for_role"), grant.string("object_type"));
    }

    private static String objectType(String letter) {
        return switch (letter) {
            case "r" -> "tables";
            case "S" -> "sequences";
            case "f" -> "functions";
            case "T" -> "types";
            default -> null;
        };
    }
}
